"""The lexical analyser: what a clause or a question becomes before BM25 sees it."""
from __future__ import annotations

import pytest

from search.text import Analyzer, fold, highlight_spans, make_analyzer, syllables


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer()


@pytest.mark.parametrize("text, folded", [
    ("Phòng Tư pháp", "phong tu phap"),
    ("ĐẶC BIỆT KHÓ KHĂN", "dac biet kho khan"),
    ("Nậm Xe, Sin Suối Hồ", "nam xe, sin suoi ho"),
    ("thủy lợi – nội đồng", "thuy loi - noi dong"),
])
def test_fold_strips_accents_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize("text, expected", [
    ("Thu nhập đạt 45 triệu đồng/người", ["Thu", "nhập", "đạt", "45", "triệu", "đồng", "người"]),
    ("giai đoạn 2021-2025", ["giai", "đoạn", "2021", "2025"]),
    ("1.000ha cây chè", ["1.000", "ha", "cây", "chè"]),
])
def test_syllables(text: str, expected: list[str]) -> None:
    assert syllables(text) == expected


@pytest.mark.parametrize("text, must_contain", [
    # accents folded: a question typed without diacritics meets the clause
    ("Hỗ trợ hộ nghèo", ["ho", "tro", "ngheo"]),
    # numbers: thousands dots and leading zeros do not split one quantity into two spellings
    ("1.000ha cây chè", ["1000", "ha", "che"]),
    ("ngày 03/8/2022", ["3", "8", "2022"]),
])
def test_terms_are_folded(analyzer: Analyzer, text: str, must_contain: list[str]) -> None:
    terms = analyzer.terms(text)
    for term in must_contain:
        assert term in terms


@pytest.mark.parametrize("text, symbol, parts", [
    ("số 880/QĐ-TTg ngày 22/7/2022", "880/qd-ttg", ["880", "qd", "ttg"]),
    ("Nghị định số 27/2022/NĐ-CP", "27/2022/nd-cp", ["27", "2022", "nd", "cp"]),
    ("Nghị quyết số 04-NQ/HU", "04-nq/hu", ["4", "nq", "hu"]),
    ("Kế hoạch số 1347/UBND", "1347/ubnd", ["1347", "ubnd"]),
    ("Thông tư 09 / 2018 / TT - NHNN", "09/2018/tt-nhnn", ["9", "2018", "tt", "nhnn"]),
    ("Công văn số 482/SLĐTBXH-BTXH", "482/sldtbxh-btxh", ["482", "sldtbxh", "btxh"]),
])
def test_legal_symbols_kept_whole_and_split(analyzer: Analyzer, text: str, symbol: str, parts: list[str]) -> None:
    terms = analyzer.terms(text)
    assert symbol in terms
    for part in parts:
        assert part in terms


@pytest.mark.parametrize("text", ["ngày 18/01/2022", "giai đoạn 2021-2025", "45 triệu đồng/người",
                                  "giảm 6%-7%/năm", "8/16 xã"])
def test_dates_ranges_and_units_are_not_symbols(analyzer: Analyzer, text: str) -> None:
    assert not [t for t in analyzer.terms(text) if "/" in t or "-" in t]


@pytest.mark.parametrize("query", ["880/QĐ-TTg", "QĐ 880", "quyết định 880", "quyet dinh 880"])
def test_every_way_of_citing_a_decision_meets_the_clause(analyzer: Analyzer, query: str) -> None:
    clause = set(analyzer.terms("Căn cứ Quyết định số 880/QĐ-TTg ngày 22/7/2022 của Thủ tướng Chính phủ"))
    wanted = set(analyzer.query_terms(query))
    assert {"880", "quyet", "dinh"} <= wanted
    assert wanted <= clause


@pytest.mark.parametrize("short, long", [
    ("NTM", "nông thôn mới"),
    ("MTQG", "mục tiêu quốc gia"),
    ("DTTS", "dân tộc thiểu số"),
    ("ĐBKK", "đặc biệt khó khăn"),
    ("BHYT", "bảo hiểm y tế"),
    ("NSTW", "ngân sách trung ương"),
    ("NSĐP", "ngân sách địa phương"),
    ("HĐND", "hội đồng nhân dân"),
    ("UBND", "ủy ban nhân dân"),
    ("LĐ-TBXH", "lao động thương binh và xã hội"),
    ("NN&PTNT", "nông nghiệp và phát triển nông thôn"),
    ("GDNN", "giáo dục nghề nghiệp"),
])
def test_abbreviations_expand_both_ways(analyzer: Analyzer, short: str, long: str) -> None:
    long_terms = set(analyzer.terms(long))
    short_terms = set(analyzer.terms(short))
    assert set(fold(long).split()) <= short_terms  # the abbreviation brings its words
    assert fold(short).replace("-", "").replace("&", "") in long_terms  # the phrase brings its abbreviation


@pytest.mark.parametrize("word", ["Da", "tu", "hu"])
def test_syllable_shaped_abbreviations_expand_only_in_capitals(word: str) -> None:
    analyzer = Analyzer(abbreviations={"da": "du an", "tu": "tinh uy", "hu": "huyen uy"})
    assert len(analyzer.terms(word)) == 1
    assert len(analyzer.terms(word.upper())) == 3


@pytest.mark.parametrize("question, dropped, kept", [
    ("Diện tích trồng chè là bao nhiêu?", ["bao", "nhieu", "la"], ["trong", "che", "dien", "tich"]),
    ("dien tich trong che la bao nhieu", ["bao", "nhieu"], ["trong", "che"]),  # "trong" may be "trồng"
    ("Cơ quan nào chủ trì Dự án 2?", ["nao"], ["co", "quan", "chu", "tri", "du", "an", "2"]),
])
def test_question_words_are_dropped_from_queries_only(analyzer: Analyzer, question: str, dropped: list[str],
                                                       kept: list[str]) -> None:
    terms = analyzer.query_terms(question)
    for t in dropped:
        assert t not in terms
    for t in kept:
        assert t in terms
    assert set(dropped) <= set(analyzer.terms(question))


def test_a_question_of_only_stopwords_keeps_its_words(analyzer: Analyzer) -> None:
    assert analyzer.query_terms("là gì") == ["la", "gi"]


def test_segmenter_is_a_plug_in() -> None:
    split_on_bars = Analyzer(segmenter=lambda text: text.split("|"))
    assert split_on_bars.terms("Hà Nội|mới") == ["ha noi", "moi"]


def test_pyvi_segmenter_keeps_words_and_still_contracts_phrases() -> None:
    terms = make_analyzer("pyvi").terms("xây dựng nông thôn mới")
    assert "nong_thon" in terms and "ntm" in terms


@pytest.mark.parametrize("text, query, marked", [
    ("Hỗ trợ hộ nghèo tiếp cận Internet", "ho tro ho ngheo", ["Hỗ trợ hộ nghèo"]),
    ("Căn cứ Quyết định số 880/QĐ-TTg của Thủ tướng", "QĐ 880", ["Quyết định", "880/QĐ"]),
    ("xây dựng nông thôn mới tại thôn Nậm", "NTM", ["nông thôn mới"]),  # not the lone "thôn"
])
def test_highlights_are_spans_of_the_clause(analyzer: Analyzer, text: str, query: str, marked: list[str]) -> None:
    spans = highlight_spans(text, analyzer.highlight_terms(query))
    assert [text[s:e] for s, e in spans] == marked
