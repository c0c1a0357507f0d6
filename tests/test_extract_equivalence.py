"""The extractors' speed-ups change nothing: each fast path gives what the straightforward code it replaced
gave, on every position of real texts (the sample plans and the unseen documents).

These tests pin the optimisations, not the facts: an extractor that is improved on purpose changes both
paths the same way and keeps them green. Each reference below is the plain code the fast path replaced.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.extract import agencies, assignments, budgets, numbers, places, targets
from ingest.extract.agencies import Phrases, Tok, canonical_agency, tokenize, word_key
from ingest.extract.context import ClauseContext
from ingest.extract.pipeline import _locality, build_nlp, clause_contexts
from ingest.structure import parse_text

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "unseen").glob("*.txt"))

# short texts for the edges: a phrase cut by the end of the text, old tone marks, capitals, abbreviations
EDGE_TEXTS = [
    "", "xã", "thị", "Thị trấn", "thị xã Mường Lay", "tổ dân", "tổ dân phố 3", "Ủy ban nhân dân",
    "Uỷ ban nhân dân huyện", "UBND các xã, thị trấn", "chủ trì, phối hợp với Phòng LĐ-TBXH",
    "Giám đốc các Sở: Tài chính, Xây dựng", "Thường trực HĐND tỉnh", "có trách nhiệm", "đề nghị",
]


@pytest.fixture(scope="module")
def documents():
    return [parse_text(p.read_text(encoding="utf-8"), name=p.name) for p in SOURCES]


@pytest.fixture(scope="module")
def clauses(documents):
    """(text, context) of every clause."""
    return [(c.text, ctx) for d in documents for c, ctx in clause_contexts(d)]


@pytest.fixture(scope="module")
def token_lists(clauses):
    return [tokenize(t) for t, _ in clauses] + [tokenize(t) for t in EDGE_TEXTS]


# ---------------------------------------------------------------- references: the replaced code

def reference_tokenize(text: str) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end(), word_key.__wrapped__(m.group()))
            for m in agencies._TOKEN.finditer(text)]


def reference_lengths(keys: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> list[int]:
    return [len(ph) for ph in sorted(phrases, key=len, reverse=True) if tuple(keys[i:i + len(ph)]) == ph]


def reference_level_at(toks: list[Tok], i: int) -> tuple[int, str] | None:
    for keys, level in places._LEVEL_KEYS:
        n = len(keys)
        if i + n <= len(toks) and all(toks[i + k].key == keys[k] for k in range(n)):
            return n, level
    return None


def reference_is_abbrev(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def _tables() -> list[tuple[str, Phrases]]:
    out = []
    for mod in (agencies, assignments):
        out += [(f"{mod.__name__}.{name}", t) for name, t in vars(mod).items() if isinstance(t, Phrases)]
    return out


# ---------------------------------------------------------------- tokens


def test_tokenize_gives_fresh_lists_of_the_same_tokens(clauses):
    for text, _ in clauses[::7] + [(t, None) for t in EDGE_TEXTS]:
        first = tokenize(text)
        assert first == reference_tokenize(text)
        first.clear()  # a caller changing its list does not change the cached tokens
        assert tokenize(text) == reference_tokenize(text)


def test_abbreviation_flag_is_the_letter_count(token_lists):
    for toks in token_lists:
        for t in toks:
            assert t.is_abbrev == reference_is_abbrev(t.text), t


# ---------------------------------------------------------------- phrase tables


def test_phrase_tables_keep_their_phrases():
    assert agencies._BODY_HEADS.phrases[:2] == (("phòng", "giao", "dịch"), ("phòng",))
    assert ("có", "trách", "nhiệm") in assignments._DUTY
    assert ("ban", "chỉ", "đạo") in agencies._OPEN_SELF


@pytest.mark.parametrize("name,table", _tables(), ids=[n for n, _ in _tables()])
def test_indexed_phrase_match_equals_trying_every_phrase(name, table, token_lists):
    # the reference: the keys from i, cut at each phrase length, looked up in the whole table
    lengths, phrase_set = {len(ph) for ph in table.phrases}, set(table.phrases)
    for toks in token_lists:
        keys = [t.key for t in toks]
        for i in range(len(toks) + 1):
            expected = max((n for n in lengths if i + n <= len(keys) and tuple(keys[i:i + n]) in phrase_set),
                           default=0)
            assert table.longest(toks, i) == expected, (name, keys[i:i + 4])


def test_phrase_lengths_longest_first_equal_the_sorted_scan(token_lists):
    table = assignments._OFFICIALS
    for toks in token_lists:
        keys = [t.key for t in toks]
        for i in range(len(toks)):
            assert list(table.lengths_at(toks, i)) == reference_lengths(keys, i, table.phrases)


def test_indexed_level_words_equal_the_ordered_scan(token_lists):
    for toks in token_lists:
        for i in range(len(toks) + 1):
            assert places._level_at(toks, i) == reference_level_at(toks, i), toks[i:i + 3]


# ---------------------------------------------------------------- cached parses hand out copies


def test_heading_subject_is_cached_but_every_caller_gets_its_own_agencies(documents):
    titles = {(s.title, _locality(d.header.issuer)) for d in documents for s in d.body.walk() if s.title}
    assert titles
    for title, locality in titles:
        fresh = assignments._parse_title_subject.__wrapped__(title, locality)
        got = assignments._title_subject(title, locality)
        assert got == fresh
        if got is not None and got.agencies:
            got.agencies[0].name = "changed by a caller"
            assert assignments._title_subject(title, locality) == fresh


@pytest.mark.parametrize("written", [
    "Phòng LĐ-TBXH", "Thường trực HĐND huyện", "UBND các xã, thị trấn", "Ngân hàng Chính sách xã hội",
    "Công an huyện", "các cơ quan, đơn vị liên quan",
])
def test_canonical_agency_is_cached_but_returns_a_new_record(written):
    fresh = agencies._canonical_agency.__wrapped__(written, "huyện Phong Thổ")
    first = canonical_agency(written, locality="huyện Phong Thổ")
    assert first == fresh
    first.name = "changed by a caller"
    assert canonical_agency(written, locality="huyện Phong Thổ") == fresh


# ---------------------------------------------------------------- prefilters skip only what finds nothing


def test_quantities_cache_and_digit_filter_change_nothing(clauses):
    for text, _ in clauses:
        expected = numbers._read_quantities(text)
        assert numbers.find_quantities(text) == expected
        if not re.search(r"\d", text):
            assert expected == []


def test_targets_digit_filter_and_title_cache_change_nothing(clauses, monkeypatch):
    filtered = [targets.find_targets(t, ctx) for t, ctx in clauses]
    monkeypatch.setattr(targets, "_DIGIT", re.compile(""))  # every clause is read
    monkeypatch.setattr(targets, "_folded_search", lambda pattern, titles: bool(pattern.search(targets.fold(titles))))
    assert [targets.find_targets(t, ctx) for t, ctx in clauses] == filtered


def test_budgets_money_filter_changes_nothing(clauses, monkeypatch):
    filtered = [budgets.find_budgets(t, ctx) for t, ctx in clauses]
    monkeypatch.setattr(budgets, "_may_hold_money", lambda text: True)
    assert [budgets.find_budgets(t, ctx) for t, ctx in clauses] == filtered


def test_the_tokenizer_keeps_the_clause_text(clauses):
    """The pipeline hands the components the clause text instead of rebuilding `Doc.text`."""
    nlp = build_nlp()
    for text, _ in clauses:
        assert nlp.make_doc(text).text == text


def test_clauses_of_one_section_share_the_heading_parse_not_the_records():
    ctx = ClauseContext(doc_id="d", clause_id="c", section_title="Phòng Nông nghiệp và PTNT",
                        breadcrumb=("Tổ chức thực hiện", "Phòng Nông nghiệp và PTNT"), locality="huyện Phong Thổ")
    text = "- Chủ trì, phối hợp với UBND các xã Nậm Xe, Bản Lang triển khai thực hiện kế hoạch."
    first = assignments.find_assignments(text, ctx)
    second = assignments.find_assignments(text, ctx)
    assert first and first == second
    assert all(a.agency is not b.agency for a, b in zip(first, second))
