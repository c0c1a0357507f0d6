"""The fixture corpus every test module shares: the sample documents of `corpus/`, ingested once per test
session (per xdist worker) with the deterministic hashing encoder, and the hand-made extractions of
`tests/samples.py` for tests that exercise the graph without the parser.

The data folders are read-only for the tests that share them; a test that writes (upload, delete,
re-ingest) copies one first (`copy_data`).
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN = "003_609cd0d87b161299"  # Kế hoạch 245/KH-UBND: projects, subprojects, programme approvals


def _ingest(folder: Path, paths: list[Path], *, graph_only: bool = False) -> Path:
    from api.settings import Settings
    from api.stages import GraphStage
    from api.workspace import Workspace

    settings = Settings(data_dir=folder, encoder="hashing", corpus_dir=str(CORPUS))
    stages = [GraphStage(settings)] if graph_only else None
    Workspace(settings, stages=stages).ingest(paths)
    return folder


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory) -> Path:
    """The whole sample corpus: graph and search index (hashing encoder)."""
    return _ingest(tmp_path_factory.mktemp("corpus") / "data", [CORPUS])


@pytest.fixture(scope="session")
def plan_data(tmp_path_factory) -> Path:
    """One plan (245/KH-UBND) with every stage."""
    return _ingest(tmp_path_factory.mktemp("plan") / "data", [CORPUS / f"{PLAN}.txt"])


@pytest.fixture(scope="session")
def plan_graph_data(tmp_path_factory) -> Path:
    """One plan (245/KH-UBND), graph stage only: for tests of the SPARQL endpoint and of errors."""
    return _ingest(tmp_path_factory.mktemp("plan-graph") / "data", [CORPUS / f"{PLAN}.txt"], graph_only=True)


@pytest.fixture
def copy_data(tmp_path):
    """A private, writable copy of a shared data folder: `copy_data(corpus_data)`."""

    def copy(folder: Path) -> Path:
        target = tmp_path / "data"
        shutil.copytree(folder, target, symlinks=True)
        return target

    return copy


@pytest.fixture(scope="session")
def corpus_settings(corpus_data):
    from api.settings import Settings

    return Settings(data_dir=str(corpus_data), encoder="hashing", corpus_dir=str(CORPUS))


@pytest.fixture(scope="session")
def corpus_service(corpus_settings) -> Iterator:
    from api.service import Service

    service = Service(corpus_settings)
    yield service
    service.close()


@pytest.fixture(scope="session")
def corpus_client(corpus_service) -> Iterator:
    """The whole app (JSON API, SPARQL, pages) over the sample corpus; faults come back as responses."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(corpus_service.settings, service=corpus_service),
                    raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def sample_extractions():
    """The hand-made extractions of `tests/samples.py` (three plans, no parser involved)."""
    from tests.samples import sample_extractions as make

    return make()
