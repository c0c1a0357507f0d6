"""Safe ingest: stable ids, replacement of changed files, broken files skipped while the rest is
ingested, and a failed run that leaves the previous build serving."""
import os
import shutil
from pathlib import Path

import pytest

from api.settings import Settings
from api.workspace import Workspace
from tests.fixtures_docs import make_docx

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PLAN = "003_609cd0d87b161299.txt"


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def _copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_reingesting_the_same_file_keeps_ids_and_changes_nothing(tmp_path, settings):
    ws = Workspace(settings, stages=[])
    folder = _copy(tmp_path, PLAN)
    first = ws.ingest([folder])
    ids = [c.id for c in ws.current().extraction("003_609cd0d87b161299").document.clauses()]
    second = ws.ingest([folder])
    assert [r.status for r in first.results] == ["new"]
    assert [r.status for r in second.results] == ["unchanged"]
    assert second.build == first.build  # nothing changed: no new build
    assert [c.id for c in ws.current().extraction("003_609cd0d87b161299").document.clauses()] == ids


def test_a_changed_file_replaces_its_old_version(tmp_path, settings):
    ws = Workspace(settings, stages=[])
    folder = _copy(tmp_path, PLAN)
    ws.ingest([folder])
    path = folder / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace("82.075 triệu", "90.000 triệu"), encoding="utf-8")
    report = ws.ingest([folder])
    assert [r.status for r in report.results] == ["changed"]
    assert "90.000 triệu" in ws.current().extraction("003_609cd0d87b161299").document.text
    assert len(ws.current().doc_ids) == 1


BAD_INPUTS = {
    "empty.txt": b"",
    "junk.txt": bytes(range(256)) * 40,
    "truncated.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj",
    "legacy.txt": "Kõ ho¹ch thùc hiÖn Ch\u00ad¬ng tr×nh gi¶m nghÌo bÒn v÷ng cña huyÖn".encode("latin-1") * 20,
    "notes.xyz": b"hello",
}


def test_broken_files_are_reported_one_line_each_and_the_rest_is_ingested(tmp_path, settings):
    folder = _copy(tmp_path, PLAN, "004_7d4be035516df80b.txt")
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    make_docx(folder / "plan.docx", ["KẾ HOẠCH", "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;",
                                     "I. MỤC TIÊU", "1. Giảm tỷ lệ hộ nghèo bình quân 4%/năm."])
    files = sorted(folder.iterdir())
    report = Workspace(settings, stages=[]).ingest(files)
    status = {Path(r.path).name: r for r in report.results}
    assert {n for n, r in status.items() if r.status == "new"} == {PLAN, "004_7d4be035516df80b.txt", "plan.docx"}
    for name in BAD_INPUTS:
        assert status[name].status == "error"
        assert "\n" not in status[name].error and status[name].error
    assert "TCVN3" in status["legacy.txt"].error


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", max_file_mb=1)
    folder = _copy(tmp_path, PLAN)
    (folder / "big.txt").write_bytes(b"a" * (2 * 1024 * 1024))
    report = Workspace(settings, stages=[]).ingest([folder])
    big = next(r for r in report.results if r.path.endswith("big.txt"))
    assert big.status == "error" and "MB" in big.error


class ExplodingStage:
    name = "explode"

    def update(self, *args, **kwargs):
        raise RuntimeError("mất điện giữa chừng")


def test_a_failed_ingest_leaves_the_previous_build_serving(tmp_path, settings):
    folder = _copy(tmp_path, PLAN)
    Workspace(settings, stages=[]).ingest([folder])
    before = os.readlink(settings.data_dir / "current")
    shutil.copy(CORPUS / "004_7d4be035516df80b.txt", folder)
    with pytest.raises(RuntimeError):
        Workspace(settings, stages=[ExplodingStage()]).ingest([folder])
    assert os.readlink(settings.data_dir / "current") == before
    ws = Workspace(settings, stages=[])
    assert ws.current().doc_ids == ["003_609cd0d87b161299"]
    report = ws.ingest([folder])  # the next run cleans the staging folder and succeeds
    assert not list((settings.data_dir / "builds").glob(".staging-*"))
    assert sorted(ws.current().doc_ids) == ["003_609cd0d87b161299", "004_7d4be035516df80b"]
    assert {r.status for r in report.results} == {"unchanged", "new"}


def test_removing_a_document(tmp_path, settings):
    ws = Workspace(settings, stages=[])
    ws.ingest([_copy(tmp_path, PLAN, "004_7d4be035516df80b.txt")])
    ws.remove(["004_7d4be035516df80b"])
    assert ws.current().doc_ids == ["003_609cd0d87b161299"]
