"""Lexical first, semantic when ready: a pending index answers by keyword and says so, switches by
itself once its vectors are written; encoding batches by length; shipped vectors are checked by
content hash. With the hashing encoder, so nothing here loads a model."""
from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from api.app import create_app
from api.cli.common import LineProgress
from api.service import Service
from api.settings import Settings
from search import HashingEncoder, Passage, SearchConfig, SearchIndex
from search.encode_pool import encode_stream, length_batches
from search.errors import SemanticPending
from search.index import complete_dense, dense_text, is_pending
from search.seed import export_seed, import_seed, seed_coverage
from search.vector_cache import VectorCache, content_key, encode_with_cache

CONFIG = SearchConfig(encoder="hashing", dim=64)
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PASSAGES = [
    Passage("a1", "a", "a.txt", "Hỗ trợ cấp thẻ bảo hiểm y tế cho người thuộc hộ nghèo, hộ cận nghèo."),
    Passage("a2", "a", "a.txt", "Trồng mới 456 ha rừng phòng hộ tại các xã vùng cao."),
    Passage("b1", "b", "b.txt", "Phòng Lao động - Thương binh và Xã hội chủ trì rà soát hộ nghèo hằng năm."),
    Passage("b2", "b", "b.txt", "Đào tạo nghề cho lao động nông thôn gắn với giải quyết việc làm."),
]


@pytest.fixture()
def pending(tmp_path) -> SearchIndex:
    return SearchIndex.build(PASSAGES, tmp_path / "index", CONFIG, cache_path=tmp_path / "cache.sqlite",
                             defer_dense=True)


def test_a_deferred_build_answers_by_keyword_and_says_so(pending) -> None:
    assert is_pending(pending.folder)
    assert not (pending.folder / "dense.faiss").exists()
    hits = pending.search("bảo hiểm y tế hộ nghèo")
    assert hits[0].passage.id == "a1" and all(h.dense_rank is None for h in hits)
    status = pending.semantic_status()
    assert status["ready"] is False and status["total"] == 4
    assert "từ khóa" in status["note"]


def test_asking_for_dense_ranking_while_pending_is_a_clear_503(pending) -> None:
    with pytest.raises(SemanticPending) as raised:
        pending.search("bảo hiểm y tế", mode="dense")
    assert raised.value.status == 503 and "ngữ nghĩa" in raised.value.message


def test_a_loaded_index_switches_to_hybrid_once_the_vectors_are_written(pending, tmp_path) -> None:
    served = SearchIndex.load(pending.folder, CONFIG)
    assert served.search("rừng phòng hộ")[0].dense_rank is None
    seen: list[tuple[int, int]] = []
    assert complete_dense(pending.folder, cache_path=tmp_path / "cache.sqlite", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (4, 4)
    hits = served.search("rừng phòng hộ")  # the same object, no reload
    assert hits[0].passage.id == "a2" and hits[0].dense_rank is not None
    assert served.semantic_status() == {"ready": True, "done": 4, "total": 4, "note": None}
    assert not is_pending(pending.folder)
    assert not complete_dense(pending.folder, cache_path=tmp_path / "cache.sqlite")  # nothing left to do


def test_nothing_is_deferred_when_the_cache_has_every_vector(tmp_path) -> None:
    cache = tmp_path / "cache.sqlite"
    SearchIndex.build(PASSAGES, tmp_path / "first", CONFIG, cache_path=cache)
    again = SearchIndex.build(PASSAGES, tmp_path / "second", CONFIG, cache_path=cache, defer_dense=True)
    assert not is_pending(again.folder) and again.semantic_status()["ready"]


@pytest.mark.parametrize("lengths, budget, count, expected", [
    ([5, 50, 20, 40], 100, None, [[1, 3], [2, 0]]),      # longest first, under the character budget
    ([5, 50, 20, 40], 1000, 2, [[1, 3], [2, 0]]),        # or at most `count` texts
    ([300, 10], 100, None, [[0], [1]]),                  # a text over the budget is a batch of its own
    ([], 100, None, []),
])
def test_length_batches(lengths: list[int], budget: int, count: int | None, expected: list[list[int]]) -> None:
    texts = ["x" * n for n in lengths]
    assert [ids for ids, _ in length_batches(texts, budget, count)] == expected


def test_stream_puts_every_vector_back_in_its_place() -> None:
    encoder = HashingEncoder(32)
    texts = [p.text for p in PASSAGES] * 3
    out = np.zeros((len(texts), 32), np.float32)
    for ids, vectors in encode_stream(texts, encoder.encode_passages, budget_chars=120):
        out[ids] = vectors
    assert np.array_equal(out, encoder.encode_passages(texts))


@pytest.mark.slow
def test_worker_processes_give_the_same_vectors() -> None:
    encoder = HashingEncoder(32)
    texts = [f"{p.text} {i}" for i in range(8) for p in PASSAGES]
    out = np.zeros((len(texts), 32), np.float32)
    stream = encode_stream(texts, encoder.encode_passages, worker_factory=functools.partial(HashingEncoder, 32),
                           workers=2, budget_chars=600)
    for ids, vectors in stream:
        out[ids] = vectors
    assert np.array_equal(out, encoder.encode_passages(texts))


def test_cached_vectors_are_stored_batch_by_batch_and_never_encoded_twice(tmp_path) -> None:
    class Counting(HashingEncoder):
        calls: list[int] = []

        def encode_passages(self, texts, progress=None):
            self.calls.append(len(texts))
            return super().encode_passages(texts, progress)

    encoder, cache = Counting(32), VectorCache(tmp_path / "c.sqlite")
    texts = [p.text for p in PASSAGES]
    _, encoded = encode_with_cache(encoder, texts, cache)
    assert encoded == 4 and len(cache) == 4
    _, encoded = encode_with_cache(encoder, texts + ["Một đoạn mới."], cache)
    assert encoded == 1 and encoder.calls[-1] == 1


def test_shipped_vectors_are_used_only_for_the_same_model_and_text(tmp_path) -> None:
    encoder = HashingEncoder(32)
    texts = [dense_text(p, CONFIG) for p in PASSAGES]
    source = VectorCache(tmp_path / "source.sqlite")
    encode_with_cache(encoder, texts, source)
    shipped = tmp_path / "seed.npz"
    assert export_seed(source, encoder.name, texts, 32, shipped) == 4
    assert seed_coverage(encoder.name, texts[:3] + ["một câu đã sửa"], shipped) == (3, 4)

    fresh = VectorCache(tmp_path / "fresh.sqlite")
    assert import_seed(fresh, "another-model@2", shipped) == 0 and len(fresh) == 0
    assert import_seed(fresh, encoder.name, shipped) == 4
    key = content_key(encoder.name, texts[0])
    assert np.allclose(fresh.get_many([key], 32)[key], encoder.encode_passages([texts[0]])[0])


def test_progress_for_a_log_is_one_line_per_stage_with_count_and_rate() -> None:
    console = Console(record=True, width=200, force_terminal=False)
    progress = LineProgress(console, every=0.0)
    progress("dựng đồ thị", 0, 5)
    progress("dựng đồ thị", 2, 5)
    progress("dựng đồ thị", 5, 5)
    progress("dựng đồ thị", 5, 5)  # said once
    progress("mã hóa đoạn văn", 0, 0)
    lines = console.export_text().splitlines()
    assert lines[0].startswith("dựng đồ thị: 2/5 (40%)")
    assert lines[1].startswith("dựng đồ thị: 5/5 xong trong") and "/giây" in lines[1]
    assert lines[2] == "mã hóa đoạn văn: không có gì cần làm"
    assert len(lines) == 3


def test_first_start_serves_keyword_search_then_switches_to_hybrid(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "003_609cd0d87b161299.txt", corpus)  # the smallest plan: one is enough here
    settings = Settings(data_dir=str(tmp_path / "data"), encoder="hashing", corpus_dir=str(corpus))
    service = Service(settings)
    service.ensure_data(defer_dense=True)
    with TestClient(create_app(settings, service=service)) as client:
        before = client.get("/api/search", params={"q": "bảo hiểm y tế hộ nghèo"}).json()
        assert before["results"] and before["semantic"]["ready"] is False
        assert all(r["dense_rank"] is None for r in before["results"])
        page = client.get("/tim-kiem", params={"q": "bảo hiểm y tế"}).text
        assert "Xếp hạng ngữ nghĩa đang được dựng" in page
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"}).json()["boolean"] is True

        completer = service.complete_index_in_background()
        assert completer is not None
        completer.join(60)
        assert completer.error is None and not completer.running
        after = client.get("/api/search", params={"q": "bảo hiểm y tế hộ nghèo"}).json()
        assert after["semantic"] == {"ready": True, "done": before["semantic"]["total"],
                                     "total": before["semantic"]["total"], "note": None}
        assert any(r["dense_rank"] is not None for r in after["results"])
        assert "Xếp hạng ngữ nghĩa đang được dựng" not in client.get("/tim-kiem", params={"q": "bảo hiểm"}).text
    manifest = json.loads((Path(settings.data_dir) / "current" / "index" / "manifest.json").read_text())
    assert manifest["dense"] == {"state": "ready"}
    assert service.complete_index_in_background() is None  # nothing left to do
