"""The search index as a specification: build, save, load, search, filter, refuse — with the
deterministic hashing encoder, so these run in a second without any model."""
from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from ingest.errors import BadRequest
from ingest.model import Clause, Document, Header, Section
from search import (
    HashingEncoder,
    Passage,
    SearchConfig,
    SearchIndex,
    SearchIndexMismatch,
    SearchIndexMissing,
    format_hits,
    hits_to_eval_json,
    passages_from_document,
)
from search.hybrid import (MetadataFilter, convex_combination, promote_leaders, reciprocal_rank_fusion,
                           typed_without_accents, weights_for)
from search.render import MAX_EVIDENCE_CHARS, evidence_text
from search.vector_index import make_vector_index

PT = {"doc_id": "pt", "issuer": "Ủy ban nhân dân huyện Phong Thổ", "locality": "huyện Phong Thổ", "year": 2024}
ML = {"doc_id": "ml", "issuer": "Ủy ban nhân dân thị xã Mường Lay", "locality": "thị xã Mường Lay", "year": 2022}
CONTEXT_PT = "Kế hoạch 133/KH-UBND của Ủy ban nhân dân huyện Phong Thổ: xây dựng nông thôn mới năm 2024"
CONTEXT_ML = "Kế hoạch của Ủy ban nhân dân thị xã Mường Lay: giảm nghèo bền vững giai đoạn 2021-2025"

TEXTS = [
    ("pt", ("Căn cứ Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ về phê duyệt Chương trình "
            "MTQG xây dựng NTM giai đoạn 2021-2025;"), {}),
    ("pt", "Căn cứ Quyết định số 880/QĐ-TTg ngày 22/7/2022 về hỗ trợ 22 huyện nghèo thoát khỏi tình trạng nghèo;", {}),
    ("pt", "Thu nhập bình quân đầu người khu vực nông thôn đạt 36 triệu đồng/người/năm.", {}),
    ("pt", "Phấn đấu có thêm 01 xã đạt chuẩn nông thôn mới là xã Mường So.", {"communes": ["Mường So"]}),
    ("pt", "Có 6 bản đạt chuẩn nông thôn mới tại các xã đặc biệt khó khăn.", {}),
    ("pt", "Phòng Nông nghiệp và PTNT chủ trì tham mưu thực hiện Chương trình xây dựng nông thôn mới.",
     {"agencies": ["Phòng Nông nghiệp và Phát triển nông thôn"]}),
    ("pt", "Phòng Tài chính - Kế hoạch tham mưu bố trí vốn ngân sách địa phương đối ứng.",
     {"agencies": ["Phòng Tài chính - Kế hoạch"]}),
    ("pt", "Tỷ lệ người dân tham gia bảo hiểm y tế đạt trên 95%.", {}),
    ("pt", "Tỷ lệ hộ được sử dụng nước sinh hoạt hợp vệ sinh đạt 98%.", {}),
    ("pt", "Trồng mới 1.000ha cây chè tại các xã Nậm Xe, Sin Suối Hồ.", {"communes": ["Nậm Xe", "Sin Suối Hồ"]}),
    ("ml", ("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 phê duyệt Chương trình mục tiêu quốc gia giảm nghèo "
            "bền vững giai đoạn 2021-2025;"), {}),
    ("ml", "Hỗ trợ tiền điện cho hộ nghèo theo Quyết định số 268/QĐ-TTg ngày 23/02/2011.", {}),
    ("ml", "Tỷ lệ hộ nghèo giảm bình quân 3-4%/năm; đến năm 2025 còn dưới 10%.", {}),
    ("ml", "Hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng.", {}),
    ("ml", "Phòng Lao động - Thương binh và Xã hội là cơ quan thường trực Chương trình.",
     {"agencies": ["Phòng Lao động - Thương binh và Xã hội"]}),
    ("ml", "Cấp thẻ BHYT cho người thuộc hộ nghèo, hộ cận nghèo.", {}),
    ("ml", "Hỗ trợ cải thiện dinh dưỡng cho trẻ em dưới 16 tuổi thuộc hộ nghèo.", {}),
    ("ml", "Đào tạo nghề cho lao động nông thôn gắn với giải quyết việc làm.", {}),
    ("ml", "Ủy ban nhân dân các phường, xã Lay Nưa tổ chức rà soát hộ nghèo hằng năm.", {"communes": ["Lay Nưa"]}),
    ("ml", "Vốn ngân sách trung ương thực hiện Chương trình năm 2022 là 12.345 triệu đồng.", {}),
]


def make_passages() -> list[Passage]:
    out = []
    for n, (doc, text, extra) in enumerate(TEXTS):
        base = PT if doc == "pt" else ML
        out.append(Passage(id=f"{doc}:p{n}", doc_id=doc, source=f"{doc}.txt", text=text,
                           context=CONTEXT_PT if doc == "pt" else CONTEXT_ML, metadata={**base, **extra}))
    return out


CONFIG = SearchConfig(encoder="hashing", dim=128)


class CountingEncoder(HashingEncoder):
    """Counts what it is asked to encode, to see the vector cache at work."""

    def __init__(self, dim: int = 128) -> None:
        super().__init__(dim)
        self.encoded = 0

    def encode_passages(self, texts, progress=None):
        self.encoded += len(texts)
        return super().encode_passages(texts, progress)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[SearchIndex, Path]:
    folder = tmp_path_factory.mktemp("index")
    return SearchIndex.build(make_passages(), folder, CONFIG), folder


# ---------------------------------------------------------------- the folder


def test_folder_describes_itself(built) -> None:
    _, folder = built
    for name in ("manifest.json", "passages.jsonl", "vectors.npy", "dense.faiss", "bm25", "vector_cache.sqlite"):
        assert (folder / name).exists(), name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["encoder"] == {"name": "hashing-v1-128", "dim": 128}
    assert manifest["count"] == len(TEXTS)
    assert len(manifest["corpus_fingerprint"]) == 64
    assert manifest["index_kind"] == "flat"
    assert {"faiss-cpu", "bm25s", "numpy", "python"} <= set(manifest["versions"])
    assert manifest["created_at"]
    assert manifest["config"]["encoder"] == "hashing"
    assert np.load(folder / "vectors.npy").shape == (len(TEXTS), 128)


def test_load_gives_the_same_answers(built) -> None:
    index, folder = built
    loaded = SearchIndex.load(folder)
    for query in ("QĐ 880", "bao hiem y te", "nông thôn mới năm 2024"):
        assert [h.passage.id for h in loaded.search(query)] == [h.passage.id for h in index.search(query)]


def test_missing_folder_says_what_to_do(tmp_path) -> None:
    with pytest.raises(SearchIndexMissing, match="Chưa có chỉ mục"):
        SearchIndex.load(tmp_path / "nothing")


# ---------------------------------------------------------------- refusing another model


@pytest.mark.parametrize("config", [SearchConfig(encoder="e5"), SearchConfig(encoder="hashing", dim=64),
                                    SearchConfig(encoder="sentence-transformers", model_path="/models/x")])
def test_loading_with_another_encoder_is_refused(built, config: SearchConfig) -> None:
    _, folder = built
    with pytest.raises(SearchIndexMismatch) as error:
        SearchIndex.load(folder, config)
    assert "lập lại chỉ mục" in str(error.value)
    assert error.value.status == 409


def test_loading_with_another_encoder_object_is_refused(built) -> None:
    _, folder = built
    with pytest.raises(SearchIndexMismatch, match="hashing-v1-128"):
        SearchIndex.load(folder, encoder=HashingEncoder(dim=32))


def test_loading_with_the_same_encoder_name_without_its_options_works(built) -> None:
    _, folder = built
    assert SearchIndex.load(folder, SearchConfig(encoder="hashing")).encoder.name == "hashing-v1-128"


def test_query_time_settings_apply_on_load(built) -> None:
    _, folder = built
    loaded = SearchIndex.load(folder, CONFIG.with_(mode="lexical", top_k=3, segmenter="pyvi"))
    assert loaded.config.mode == "lexical" and loaded.config.top_k == 3
    assert loaded.config.segmenter == "syllable"  # shapes the stored data: the manifest wins
    assert len(loaded.search("hộ nghèo")) == 3


# ---------------------------------------------------------------- searching


@pytest.mark.parametrize("query, expected", [
    ("QĐ 880", "pt:p1"),
    ("quyet dinh 880", "pt:p1"),
    ("268/QĐ-TTg", "ml:p11"),
    ("BHYT cho hộ cận nghèo", "ml:p15"),
    ("bảo hiểm y tế người dân", "pt:p7"),
    ("dien tich trong che", "pt:p9"),
    ("xã nào đạt chuẩn NTM", "pt:p3"),
])
def test_finds_the_clause(built, query: str, expected: str) -> None:
    index, _ = built
    assert expected in [h.passage.id for h in index.search(query, top_k=3)]


def test_hits_are_ranked_records_with_highlights(built) -> None:
    index, _ = built
    hits = index.search("Quyết định 880", top_k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in pairwise(hits) if a.rank > 3)  # leaders may be lifted
    top = next(h for h in hits if h.passage.id == "pt:p1")
    assert top.lexical_rank == 1
    marked = [top.passage.text[s:e] for s, e in top.highlights]
    assert "Quyết định" in marked and any("880" in m for m in marked)


@pytest.mark.parametrize("mode, dense, lexical", [("dense", True, False), ("lexical", False, True)])
def test_single_list_modes(built, mode: str, dense: bool, lexical: bool) -> None:
    index, _ = built
    hits = index.search("hộ nghèo", mode=mode)
    assert hits
    assert all((h.dense_rank is not None) == dense and (h.lexical_rank is not None) == lexical for h in hits)


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_bad_request(built, query: str) -> None:
    index, _ = built
    with pytest.raises(BadRequest):
        index.search(query)


def test_duplicate_ids_are_refused(tmp_path) -> None:
    p = make_passages()[0]
    with pytest.raises(BadRequest, match="trùng mã"):
        SearchIndex.build([p, p], tmp_path, CONFIG)


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize("filters, allowed_docs", [
    ({"doc_id": "ml"}, {"ml"}),
    ({"year": 2024}, {"pt"}),
    ({"year": [2022, 2024]}, {"pt", "ml"}),
    ({"locality": "Phong Thổ"}, {"pt"}),
    ({"locality": "muong lay"}, {"ml"}),
    ({"issuer": "Ủy ban nhân dân thị xã Mường Lay"}, {"ml"}),
])
def test_filters_restrict_documents(built, filters: dict, allowed_docs: set[str]) -> None:
    index, _ = built
    hits = index.search("hộ nghèo nông thôn", top_k=20, filters=filters)
    assert hits and {h.passage.doc_id for h in hits} <= allowed_docs


@pytest.mark.parametrize("filters, ids", [
    ({"commune": "Nậm Xe"}, {"pt:p9"}),
    ({"communes": ["Lay Nưa", "Mường So"]}, {"ml:p18", "pt:p3"}),
    ({"agency": "Phòng Lao động - Thương binh và Xã hội"}, {"ml:p14"}),
    ({"agency": "Tài chính", "year": 2024}, {"pt:p6"}),
    ({"commune": "Nậm Xe", "year": 2022}, set()),
])
def test_filters_on_clause_facts(built, filters: dict, ids: set[str]) -> None:
    index, _ = built
    assert {h.passage.id for h in index.search("xã", top_k=20, filters=filters)} == ids


def test_unknown_filter_is_a_bad_request(built) -> None:
    index, _ = built
    with pytest.raises(BadRequest, match="Bộ lọc không hợp lệ"):
        index.search("hộ nghèo", filters={"colour": "red"})


def test_metadata_filter_table() -> None:
    table = MetadataFilter([{"year": 2024, "locality": "huyện Phong Thổ"}, {"year": 2022}, {}])
    assert table.allowed(None) is None
    assert table.allowed({"year": "2024"}).tolist() == [0]
    assert table.allowed({"locality": "PHONG THO"}).tolist() == [0]
    assert table.allowed({"locality": "Thổ Phong"}).tolist() == []


# ---------------------------------------------------------------- exact below the threshold, HNSW above


@pytest.mark.parametrize("threshold, kind", [(1_000, "flat"), (10, "hnsw")])
def test_index_kind_follows_the_threshold(tmp_path, threshold: int, kind: str) -> None:
    index = SearchIndex.build(make_passages(), tmp_path, CONFIG.with_(exact_threshold=threshold))
    assert index.manifest["index_kind"] == kind
    reloaded = SearchIndex.load(tmp_path)
    assert reloaded.dense.kind == kind
    assert "pt:p1" in [h.passage.id for h in reloaded.search("QĐ 880", top_k=3)]
    assert {h.passage.doc_id for h in reloaded.search("nghèo", filters={"doc_id": "ml"})} == {"ml"}


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_vector_index_finds_itself_and_respects_allowed(kind: str) -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(500, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for exact_subset in (1_000, 10):  # an exact scan of the allowed ids, or FAISS with a selector
        index = make_vector_index(kind, 32, exact_subset=exact_subset)
        index.add(vectors)
        scores, ids = index.search(vectors[42], 5)
        assert ids[0] == 42 and scores[0] == pytest.approx(1.0, abs=1e-4)
        allowed = np.arange(100, 200)
        _, ids = index.search(vectors[42], 5, allowed=allowed)
        assert len(ids) == 5 and set(ids.tolist()) <= set(allowed.tolist())


# ---------------------------------------------------------------- vector cache


def _distinct_texts(passages) -> set[str]:
    from search.index import encoded_texts

    return {t for p in passages for t in encoded_texts(p, CONFIG)}


def test_rebuild_encodes_only_changed_passages(tmp_path) -> None:
    encoder = CountingEncoder()
    passages = make_passages()
    SearchIndex.build(passages, tmp_path, CONFIG, encoder=encoder)
    first = len(_distinct_texts(passages))  # each clause's texts, each document's label once
    assert encoder.encoded == first

    again = SearchIndex.build(passages, tmp_path, CONFIG, encoder=encoder)
    assert encoder.encoded == first
    assert again.manifest["build"] == {**again.manifest["build"], "encoded": 0, "reused": len(passages)}

    changed = [passages[0].__class__(**{**passages[0].to_json(), "text": "Văn bản đã sửa."}), *passages[1:]]
    third = SearchIndex.build(changed, tmp_path, CONFIG, encoder=encoder)
    assert encoder.encoded == first + len(_distinct_texts(changed[:1]) - _distinct_texts(passages))
    assert third.manifest["corpus_fingerprint"] != again.manifest["corpus_fingerprint"]


def test_build_reports_encoding_progress(tmp_path) -> None:
    seen: list[tuple[int, int]] = []
    SearchIndex.build(make_passages(), tmp_path, CONFIG, progress=lambda done, total: seen.append((done, total)))
    texts = len(_distinct_texts(make_passages()))
    assert seen and seen[-1] == (texts, texts)


# ---------------------------------------------------------------- fusion


def test_reciprocal_rank_fusion_table() -> None:
    fused = reciprocal_rank_fusion([1, 2, 3], [3, 1], k=60)
    assert [f.id for f in fused] == [1, 3, 2]
    assert fused[0].score == pytest.approx(1 / 61 + 1 / 62)
    assert (fused[1].dense_rank, fused[1].lexical_rank) == (3, 1)


def test_convex_combination_keeps_a_decisive_lexical_match() -> None:
    # three near-identical cosines; one clause shares a rare term and leads BM25 by far
    fused = convex_combination([1, 2, 3], [0.90, 0.89, 0.88], [3, 2], [12.0, 1.0],
                               dense_weight=0.3, lexical_weight=0.7)
    assert [f.id for f in fused] == [3, 1, 2]
    assert fused[0].score == pytest.approx(0.7)


def test_leaders_are_promoted() -> None:
    fused = reciprocal_rank_fusion([5, 1, 2, 3, 4], [1, 2, 3, 4, 6], k=60)
    order = [f.id for f in promote_leaders(fused, [5, 1], within=3)]
    assert order.index(5) < 3 and order.index(1) < 3
    assert [f.id for f in promote_leaders(fused, [5, 1], within=0)] == [f.id for f in fused]


# ---------------------------------------------------------------- passages from a parsed document


def test_passages_from_document_carry_context_and_metadata() -> None:
    bullet = Clause(id="d:I.1.p1", doc_id="d", section_id="d:I.1", text="- Thu nhập đạt 45 triệu đồng/người.",
                    span=(0, 10), source_span=(0, 10), kind="bullet",
                    breadcrumb=["I. MỤC TIÊU", "1. Chỉ tiêu cụ thể"], lead_in="Đến năm 2025:")
    section = Section(id="d:I.1", path="I.1", kind="arabic", label="1", title="Chỉ tiêu cụ thể", level=2,
                      span=(0, 10), clauses=[bullet], project="Dự án 4")
    root = Section(id="d:", path="", kind="root", label="", title="", level=0, span=(0, 10), children=[section])
    header = Header(issuer="Ủy ban nhân dân huyện Phong Thổ", symbol="133/KH-UBND", date="2024-04-15",
                    doc_type="Kế hoạch", title="Kế hoạch xây dựng nông thôn mới năm 2024")
    doc = Document(id="d", source="d.txt", sha256="", text="", header=header, preamble=[], body=root, closing=[])
    [p] = passages_from_document(doc)
    assert p.id == "d:I.1.p1" and p.source == "d.txt" and p.text.startswith("- Thu nhập")
    assert p.context == ("Kế hoạch 133/KH-UBND ngày 15/4/2024 của Ủy ban nhân dân huyện Phong Thổ: xây dựng nông "
                         "thôn mới năm 2024 › I. MỤC TIÊU › 1. Chỉ tiêu cụ thể › Đến năm 2025:")
    assert p.metadata["year"] == 2024 and p.metadata["locality"] == "huyện Phong Thổ"
    assert p.metadata["programme"] == ["Dự án 4"] and p.metadata["kind"] == "bullet"
    assert passages_from_document(doc, title="Tên khác")[0].context.startswith("Tên khác › I. MỤC TIÊU")


# ---------------------------------------------------------------- rendering


def test_format_hits_shows_where_and_what_matched(built) -> None:
    index, _ = built
    text = format_hits(index.search("QĐ 880", top_k=2), style="plain")
    assert "pt.txt" in text and "pt:p1" in text and CONTEXT_PT in text and "«880/QĐ»" in text
    assert "[bold" in format_hits(index.search("QĐ 880", top_k=1))
    assert format_hits([]) == "Không tìm thấy điều khoản nào phù hợp."


def test_eval_json_is_what_the_scorer_reads(built) -> None:
    index, _ = built
    row = hits_to_eval_json("QĐ 880", index.search("QĐ 880", top_k=3))
    assert row["query"] == "QĐ 880" and len(row["results"]) == 3
    first = next(r for r in row["results"] if r["clause"] == "pt:p1")
    assert first == {"source": "pt.txt", "clause": "pt:p1", "text": TEXTS[1][1], "score": first["score"]}
    json.dumps(row)


def test_evidence_of_a_long_clause_is_cut_around_the_match(built) -> None:
    index, _ = built
    hit = index.search("QĐ 880", top_k=1)[0]
    long_passage = Passage(id="x", doc_id="x", source="x.txt", text="mở đầu " * 400 + "Quyết định 880 " + "kết " * 400)
    long_hit = hit.__class__(passage=long_passage, score=1.0, rank=1, dense_rank=None, lexical_rank=1,
                             highlights=[(2800, 2814)])
    text = evidence_text(long_hit)
    assert len(text) <= MAX_EVIDENCE_CHARS and "Quyết định 880" in text


@pytest.mark.parametrize("query, plain", [
    ("chien dich quang trung nha bi sap", True),
    ("Ke hoach 245 giao ai chu tri", True),
    ("Cà Mau thu ngân sách", False),
    ("90/QĐ-TTg", False),
    ("2025", False),
])
def test_a_query_typed_without_accents_leans_on_the_lexical_list(query, plain):
    assert typed_without_accents(query) is plain
    dense, lexical = weights_for(query, 0.3, 0.7)
    assert lexical == 0.7 and (dense < 0.3 if plain else dense == 0.3)


@pytest.mark.parametrize(("context", "parts", "expected"), [
    ("Kế hoạch 12/KH-UBND của UBND tỉnh A: VỀ VIỆC TRỒNG RỪNG › I. MỤC TIÊU › 1. Chỉ tiêu › Đến năm 2030:", 2,
     "Kế hoạch 12/KH-UBND của UBND tỉnh A › 1. Chỉ tiêu › Đến năm 2030:"),
    ("Kế hoạch 12/KH-UBND: VỀ VIỆC TRỒNG RỪNG › I. MỤC TIÊU", 2, "Kế hoạch 12/KH-UBND › I. MỤC TIÊU"),
    ("Kế hoạch 12/KH-UBND: VỀ VIỆC TRỒNG RỪNG", 2, "Kế hoạch 12/KH-UBND"),
    ("Kế hoạch của UBND huyện B › II. NHIỆM VỤ › 3. Kinh phí", 1, "Kế hoạch của UBND huyện B › 3. Kinh phí"),
    ("Nhãn: tên › a › b › c", 0, "Nhãn: tên › a › b › c"),
])
def test_dense_text_keeps_the_label_without_title_and_the_nearest_context(context, parts, expected):
    from search.index import dense_text, near_context

    assert near_context(context, parts) == expected
    p = Passage(id="d:1", doc_id="d", source="d.txt", text="Trồng 500 ha rừng.", context=context)
    assert dense_text(p, SearchConfig(dense_context=parts)) == f"{expected} › Trồng 500 ha rừng."


@pytest.mark.parametrize(("config", "texts"), [
    (SearchConfig(), ["Kế hoạch 12/KH-UBND › I. MỤC TIÊU › 1. Chỉ tiêu › Trồng 500 ha rừng.",
                      "Kế hoạch 12/KH-UBND: VỀ VIỆC TRỒNG RỪNG",
                      "Kế hoạch 12/KH-UBND: VỀ VIỆC TRỒNG RỪNG › I. MỤC TIÊU › 1. Chỉ tiêu › Trồng 500 ha rừng."]),
    (SearchConfig(dense_document_weight=0.0, dense_whole_leader=False),
     ["Kế hoạch 12/KH-UBND › I. MỤC TIÊU › 1. Chỉ tiêu › Trồng 500 ha rừng."]),
    (SearchConfig(dense_context=0, dense_document_weight=0.0, dense_whole_leader=False),
     ["Kế hoạch 12/KH-UBND: VỀ VIỆC TRỒNG RỪNG › I. MỤC TIÊU › 1. Chỉ tiêu › Trồng 500 ha rừng."]),
    (SearchConfig(context_dense=False), ["Trồng 500 ha rừng."]),
])
def test_each_clause_encodes_its_near_text_its_document_label_and_its_whole_text(config, texts):
    from search.index import encoded_texts

    p = Passage(id="d:1", doc_id="d", source="d.txt", text="Trồng 500 ha rừng.",
                context="Kế hoạch 12/KH-UBND: VỀ VIỆC TRỒNG RỪNG › I. MỤC TIÊU › 1. Chỉ tiêu")
    assert encoded_texts(p, config) == texts


def test_a_clause_vector_adds_its_document_label_and_the_whole_context_vector_is_kept_apart() -> None:
    from search.index import combine, dense_text, document_text, whole_text

    p = Passage(id="d:1", doc_id="d", source="d.txt", text="Hỗ trợ 2 triệu đồng mỗi hộ.",
                context="Nghị quyết 5/NQ-HĐND: HỖ TRỢ NHÀ Ở › Điều 3. Mức hỗ trợ")
    config = SearchConfig(encoder="hashing", dim=8)
    unit = {t: np.eye(8, dtype=np.float32)[i] for i, t in enumerate(
        [dense_text(p, config), document_text(p), whole_text(p)])}
    vector, second = combine(p, config, unit)
    assert vector.tolist() == [1.0, 0.5, 0, 0, 0, 0, 0, 0] and second.tolist() == [0, 0, 1.0, 0, 0, 0, 0, 0]
    vector, second = combine(p, config.with_(dense_document_weight=0.0, dense_whole_leader=False), unit)
    assert vector.tolist() == [1.0, 0, 0, 0, 0, 0, 0, 0] and second is None


@pytest.mark.parametrize(("query", "order"), [
    # the dense leader (5), then the whole-context vectors' leader (4), each moved to third place
    ("Hỗ trợ làm nhà ở cho hộ nghèo", [1, 2, 4, 5, 3]),
    ("ho tro lam nha o cho ho ngheo", [1, 2, 3, 4, 5]),  # typed without diacritics: no dense leader moves
])
def test_dense_leaders_are_promoted_only_for_a_query_typed_with_diacritics(tmp_path, query, order):
    index = SearchIndex.build(make_passages(), tmp_path, CONFIG)
    fused = index._fuse(np.array([5, 1, 2]), np.array([0.9, 0.5, 0.4]), np.array([1, 2, 3, 4, 5]),
                        np.array([10.0, 9.0, 8.0, 7.0, 1.0]), query, whole_ids=np.array([4]))
    assert [f.id for f in fused] == order


def test_a_stored_config_without_the_dense_text_settings_reads_as_the_whole_context() -> None:
    old = {k: v for k, v in SearchConfig().to_json().items()
           if k not in ("dense_context", "dense_document_weight", "dense_whole_leader")}
    stored = SearchConfig.from_json(old)
    assert (stored.dense_context, stored.dense_document_weight, stored.dense_whole_leader) == (0, 0.0, False)
    assert SearchConfig.from_json(SearchConfig().to_json()) == SearchConfig()


FIGURES = [
    "Ủy ban nhân dân cấp xã lập báo cáo kết quả rà soát hộ nghèo, gửi báo cáo kết quả rà soát về huyện.",
    "Ủy ban nhân dân cấp xã gửi báo cáo trong thời hạn 10 ngày làm việc.",
    "Phòng Tài chính tổng hợp báo cáo kết quả rà soát của các xã.",
]


def figures_index(folder: Path, weight: float) -> SearchIndex:
    passages = [Passage(id=f"d:p{i}", doc_id="d", source="d.txt", text=t, context="Kế hoạch rà soát hộ nghèo")
                for i, t in enumerate(FIGURES)]
    return SearchIndex.build(passages, folder, CONFIG.with_(answer_type_weight=weight))


ASKS_DAYS = "cấp xã có bao nhiêu ngày để gửi báo cáo kết quả rà soát?"


@pytest.mark.parametrize(("weight", "order"), [(0.0, [0, 1, 2]), (0.2, [1, 0, 2])])
def test_the_clause_holding_the_figure_asked_for_comes_first(tmp_path, weight: float, order: list[int]) -> None:
    hits = figures_index(tmp_path, weight).search(ASKS_DAYS, mode="lexical")
    assert [h.passage.id for h in hits] == [f"d:p{i}" for i in order]


def test_fusion_lifts_only_the_clause_holding_the_figure_by_a_share_of_the_best_score(tmp_path) -> None:
    before = {h.passage.id: h.score for h in figures_index(tmp_path / "a", 0.0).search(ASKS_DAYS)}
    after = {h.passage.id: h.score for h in figures_index(tmp_path / "b", 0.2).search(ASKS_DAYS)}
    best = max(before.values())
    assert {k: round(after[k] - before[k], 6) for k in before} == {"d:p0": 0, "d:p1": round(0.2 * best, 6),
                                                                     "d:p2": 0}
