"""An upload patches the previous build instead of recomputing the corpus: the search index reuses the
terms and vectors of unchanged passages, and the undated-citation years (`YearIndex`) are carried and
patched. Whatever was reused, the build must equal a full build of the same documents: checked here for
an added, a changed and a removed document, against a new data folder that ingests the same files at once.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from api.settings import Settings
from api.workspace import Workspace

# Invented plans: one states the date of a decision (so its year is known), one cites it without a date
# (so its citation takes that year), the others add text for the index.
DATED = """ỦY BAN NHÂN DÂN HUYỆN MƯỜNG TÈ
Số: 12/KH-UBND
KẾ HOẠCH
Thực hiện giảm nghèo bền vững năm 2025
Căn cứ Quyết định số 77/QĐ-TTg ngày 18/01/{year} của Thủ tướng Chính phủ;
I. MỤC TIÊU
1. Giảm tỷ lệ hộ nghèo 3% so với năm 2024.
2. Hỗ trợ {homes} hộ nghèo xây nhà ở tại xã Bum Nưa.
"""
UNDATED = """ỦY BAN NHÂN DÂN XÃ PA Ủ
Số: 5/KH-UBND
KẾ HOẠCH
Triển khai chương trình mục tiêu quốc gia giảm nghèo
Thực hiện Quyết định số 77/QĐ-TTg của Thủ tướng Chính phủ;
I. NHIỆM VỤ
1. Rà soát hộ cận nghèo trên địa bàn xã, hoàn thành trong quý {quarter}.
"""
OTHER = """ỦY BAN NHÂN DÂN HUYỆN SÌN HỒ
Số: {n}/KH-UBND
KẾ HOẠCH
Đào tạo nghề cho lao động nông thôn năm 2025
I. MỤC TIÊU
1. Đào tạo nghề cho {n}0 lao động, ưu tiên người dân tộc thiểu số.
2. Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp với Ủy ban nhân dân các xã thực hiện.
"""
QUERIES = ["giam ngheo", "hộ nghèo xây nhà", "77/QĐ-TTg", "đào tạo nghề lao động", "quý"]


@pytest.fixture()
def files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {"kh-co-ngay.txt": DATED.format(year=2022, homes=40), "kh-khong-ngay.txt": UNDATED.format(quarter="II"),
             "kh-nghe-1.txt": OTHER.format(n=31), "kh-nghe-2.txt": OTHER.format(n=47)}
    out = {}
    for name, text in texts.items():
        out[name] = folder / name
        out[name].write_text(text, encoding="utf-8")
    return out


def _settings(root: Path) -> Settings:
    return Settings(data_dir=root, encoder="hashing")


def _graph_lines(folder: Path) -> list[str]:
    from graph.store import OxigraphStore

    store = OxigraphStore(folder, read_only=True)
    try:
        text = store.export("nq").decode("utf-8")
    finally:
        store.close()
    return sorted(re.sub(r"_:\S+", "_:b", line) for line in text.splitlines())


def _searches(folder: Path) -> dict:
    from search.index import SearchIndex

    index = SearchIndex.load(folder)
    return {(q, mode): [(h.passage.id, round(h.score, 6), h.lexical_rank, h.dense_rank) for h in index.search(q, 20, mode=mode)]
            for q in QUERIES for mode in ("lexical", "dense", "hybrid")}


def assert_same_build(incremental: Workspace, full: Workspace) -> None:
    from graph.identity import YearIndex

    a, b = incremental.current().folder, full.current().folder
    assert sorted(incremental.current().doc_ids) == sorted(full.current().doc_ids)
    assert _graph_lines(a / "graph") == _graph_lines(b / "graph")
    assert YearIndex.load(a / "graph" / "years.json") == YearIndex.load(b / "graph" / "years.json") is not None
    for name in ("passages.jsonl", "terms.jsonl"):
        assert (a / "index" / name).read_bytes() == (b / "index" / name).read_bytes(), name
    assert np.array_equal(np.load(a / "index" / "vectors.npy"), np.load(b / "index" / "vectors.npy"))
    assert _searches(a / "index") == _searches(b / "index")
    manifest = json.loads((a / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus_fingerprint"] == json.loads(
        (b / "index" / "manifest.json").read_text(encoding="utf-8"))["corpus_fingerprint"]


def _cited_years(ws: Workspace) -> set[str]:
    """Years in the IRIs of decision 77 that the undated plan's own graph names."""
    lines = [line for line in _graph_lines(ws.current().folder / "graph") if "kh-khong-ngay" in line.rsplit(" ", 2)[-2]]
    return {m for line in lines for m in re.findall(r"/qd/(\w+)/77>", line)}


def _full(tmp_path: Path, name: str, paths: list[Path]) -> Workspace:
    ws = Workspace(_settings(tmp_path / name))
    ws.ingest(paths)
    return ws


@pytest.mark.slow
def test_add_change_remove_equal_a_full_build(tmp_path, files):
    ws = Workspace(_settings(tmp_path / "data"))
    ws.ingest([files["kh-co-ngay.txt"], files["kh-khong-ngay.txt"], files["kh-nghe-1.txt"]])
    assert _cited_years(ws) == {"2022"}

    # add: one upload, its own transaction; nothing else analysed or re-encoded
    ws.ingest([files["kh-nghe-2.txt"]])
    stages = ws.current().manifest["stages"]
    assert stages["index"]["analysed"] < stages["index"]["passages"] / 2
    assert stages["index"]["encoded"] <= 3 * stages["index"]["analysed"]  # near text, label, whole text
    assert_same_build(ws, _full(tmp_path, "full-add", list(files.values())))

    # change: the dated decision's year moves, so the plan citing it without a date changes too
    files["kh-co-ngay.txt"].write_text(DATED.format(year=2021, homes=55), encoding="utf-8")
    report = ws.ingest([files["kh-co-ngay.txt"]])
    assert [r.status for r in report.results] == ["changed"]
    assert _cited_years(ws) == {"2021"}
    assert_same_build(ws, _full(tmp_path, "full-change", list(files.values())))

    # remove: the year is no longer known anywhere, the undated citation loses it
    ws.remove(["kh-co-ngay"])
    rest = [p for name, p in files.items() if name != "kh-co-ngay.txt"]
    assert _cited_years(ws) not in ({"2021"}, {"2022"}, set())
    assert_same_build(ws, _full(tmp_path, "full-remove", rest))


def test_terms_are_not_reused_from_another_analyser(tmp_path, monkeypatch):
    """A previous folder made by another analyser version gives no terms (its fingerprint differs)."""
    from search.config import SearchConfig
    from search.index import SearchIndex
    from search.passages import Passage

    config = SearchConfig(encoder="hashing")
    passages = [Passage(id=f"p{i}", doc_id="d", source="d.txt", text=t)
                for i, t in enumerate(["Giảm tỷ lệ hộ nghèo 3%", "Đào tạo nghề cho lao động"])]
    first = SearchIndex.build(passages, tmp_path / "a", config)
    assert first.manifest["build"]["analysed"] == 2
    again = SearchIndex.build(passages, tmp_path / "b", config, previous=tmp_path / "a")
    assert again.manifest["build"]["analysed"] == 0 and again.manifest["build"]["vectors_from_previous"] == 2
    monkeypatch.setattr("search.index.analyzer_fingerprint", lambda config: "another")
    other = SearchIndex.build(passages, tmp_path / "c", config, previous=tmp_path / "b")
    assert other.manifest["build"]["analysed"] == 2
    assert (tmp_path / "c" / "terms.jsonl").read_bytes() == (tmp_path / "a" / "terms.jsonl").read_bytes()


def test_bm25_scores_equal_bm25s():
    """The numpy BM25 build gives each term the same scores, to the bit, as bm25s's own `index`."""
    import bm25s

    from search.lexical import BM25Index

    corpus = [["giam", "ngheo", "ho", "ngheo"], ["dao", "tao", "nghe"], [], ["ho", "can", "ngheo", "xa", "xa", "xa"],
              ["77/qd-ttg", "77", "qd", "ttg", "ho"]]
    ours = BM25Index.build(corpus)._bm25
    theirs = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    theirs.index([t if t else [""] for t in corpus], show_progress=False)
    assert set(ours.vocab_dict) == set(theirs.vocab_dict)
    for term in theirs.vocab_dict:
        if term:
            assert np.array_equal(ours.get_scores_from_ids([ours.vocab_dict[term]]),
                                  theirs.get_scores_from_ids([theirs.vocab_dict[term]])), term
