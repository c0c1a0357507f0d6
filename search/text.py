"""The lexical analyser: how a clause or a question becomes BM25 terms.

People type questions without diacritics, cite documents as `880/QĐ-TTg`, `QĐ 880` or `quyết định 880`,
and write `NTM` where the plan says `nông thôn mới`. All of these must meet on the same terms, so
every token is accent-folded, legal symbols are kept whole *and* split into their parts, and domain
abbreviations are expanded both ways. The word splitter is a plug-in callable (as in bm25s), so pyvi
word segmentation can replace plain syllables without touching the rest.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from ingest.text import fold  # the project's one accent folding (lower, no marks, đ → d)
from ingest.vocab.admin import folded_abbreviations
from ingest.vocab.legal import TYPE_CODES

Segmenter = Callable[[str], list[str]]


def fold_token(token: str) -> str:
    """`fold` for one token (no whitespace inside, so `fold`'s space collapsing is moot)."""
    return fold(token)


# ---------------------------------------------------------------- segmenters

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Split into syllables (letter runs) and numbers; Vietnamese writes one syllable per space."""
    return _WORD.findall(text)


def pyvi_words(text: str) -> list[str]:
    """Word segmentation with pyvi ("nông_thôn" stays one token). Imported only when used."""
    try:
        from pyvi import ViTokenizer
    except ImportError as exc:  # pragma: no cover - pyvi is a project dependency
        raise ImportError("Phân đoạn từ cần gói pyvi: .venv/bin/pip install pyvi") from exc
    out: list[str] = []
    for word in ViTokenizer.tokenize(text).split():
        parts = [p for p in word.split("_") if _WORD.fullmatch(p)]
        if parts:
            out.append("_".join(parts))
        else:
            out.extend(_WORD.findall(word))
    return out


SEGMENTERS: Mapping[str, Segmenter] = MappingProxyType({"syllable": syllables, "pyvi": pyvi_words})


def make_segmenter(name: str) -> Segmenter:
    try:
        return SEGMENTERS[name]
    except KeyError:
        raise ValueError(f"Bộ tách từ không hợp lệ: {name!r} (chọn một trong {sorted(SEGMENTERS)})") from None


# ---------------------------------------------------------------- vocabulary tables

def _abbreviations() -> Mapping[str, str]:
    """Generic abbreviations keyed by their folded form without "-"/"&" ("LĐ-TBXH" → "ldtbxh"): the
    administrative ones (`ingest.vocab.admin`) and the document type codes of symbols (`ingest.vocab.legal`;
    a code two types share, such as ĐA/DA, is left out)."""
    table = dict(folded_abbreviations())
    types: dict[str, set[str]] = {}
    for code, (doc_type, detail) in TYPE_CODES.items():
        key = re.sub(r"[^a-z0-9]", "", fold(code))
        if len(key) >= 2:
            types.setdefault(key, set()).add(fold(detail or doc_type))
    for key, names in types.items():
        if len(names) == 1:
            table.setdefault(key, names.pop())
    table.setdefault("xd", "xay dung")  # "XD cơ bản", "XD NTM" in running text
    return MappingProxyType(table)


ABBREVIATIONS: Mapping[str, str] = _abbreviations()

# Question and function words dropped from questions only (a clause keeps all its words, so BM25
# length normalisation is unchanged). Accented words match exactly; a word typed without accents is
# dropped only when its bare form cannot be a content word ("trong" may be "trồng", so it stays).
QUERY_STOPWORDS: frozenset[str] = frozenset({
    "nào", "gì", "ai", "đâu", "không", "của", "và", "các", "những", "là", "được", "có", "cho", "với", "thì",
    "mà", "muốn", "cần", "phải", "đã", "đang", "sẽ", "hỏi", "gồm", "về", "ở", "tại", "theo", "này", "đó", "nhỉ",
    "vậy", "hãy", "ạ",
})
BARE_STOPWORDS: frozenset[str] = frozenset({
    "nao", "gi", "khong", "cua", "cac", "nhung", "duoc", "voi", "muon", "nhi", "vay", "hay",
})
QUESTION_PHRASES: tuple[str, ...] = (
    "bao nhieu", "nhu the nao", "the nao", "ra sao", "la gi", "nhung gi", "o dau", "khi nao", "bao gio",
    "co phai", "hay khong", "duoc khong",
)

# A folded token shaped like a Vietnamese syllable ("da", "tu", "hu") is only read as an
# abbreviation when written in capitals; "ntm", "qd", "ubnd" cannot be words, so they always are.
_SYLLABLE_SHAPE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+(ch|ng|nh|[cmnpt])?$"
)

# A legal symbol: digits, then groups joined by "/" or "-", at least one "/" and one letter group
# ("880/QĐ-TTg", "27/2022/NĐ-CP", "04-NQ/HU", "1347/UBND", "09 / 2018 / TT - NHNN").
_SYMBOL = re.compile(
    r"(?<![\w/])\d+[a-zA-Z]?(?:\s?[/-]\s?(?:\d+|[^\W\d_][\w&]{0,11}))*\s?/\s?(?:\d+\s?[/-]\s?)?"
    r"[^\W\d_][\w&]{0,11}(?:\s?-\s?[^\W\d_][\w&]{0,11})*(?![\w/])",
    re.UNICODE,
)
# An abbreviation compound written in capitals with "-" or "&": "LĐ-TBXH", "NN&PTNT", "GDNN-GDTX".
_COMPOUND = re.compile(r"(?<![\w&-])[A-ZĐ]{1,6}(?:\s?[-&]\s?[A-ZĐ]{1,6})+(?![\w&])")


@dataclass(frozen=True)
class Analyzer:
    """Turns text into BM25 terms. Pure and deterministic; cheap to build."""

    segmenter: Segmenter = syllables
    abbreviations: Mapping[str, str] = field(default_factory=lambda: ABBREVIATIONS)
    keep_accents: bool = False  # also emit the accented form, rewarding exact spelling
    stopwords: frozenset[str] = QUERY_STOPWORDS
    bare_stopwords: frozenset[str] = BARE_STOPWORDS
    question_phrases: tuple[str, ...] = QUESTION_PHRASES

    def terms(self, text: str) -> list[str]:
        """Terms of a clause (everything kept)."""
        return _flatten(self._analyse(text, drop_stopwords=False))

    def query_terms(self, text: str) -> list[str]:
        """Terms of a question: the same analysis without question and function words."""
        return _flatten(self._query(text))

    def highlight_terms(self, text: str) -> Highlight:
        """What to mark in a hit for this question: its own words, symbols and their parts, and the
        expansions of its abbreviations as whole phrases (so "NTM" marks "nông thôn mới" but not
        every "thôn")."""
        words: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        for term, origin in self._query(text):
            if origin == "expansion":
                phrases.add(tuple(term.split()))
            else:
                words.add(term)
        return Highlight(frozenset(words), frozenset(phrases))

    # ------------------------------------------------------------ internals

    def _query(self, text: str) -> list[tuple[str, str]]:
        return self._analyse(text, drop_stopwords=True) or self._analyse(text, drop_stopwords=False)

    def _analyse(self, text: str, *, drop_stopwords: bool) -> list[tuple[str, str]]:
        """(term, origin) pairs; origin is "word", "symbol", "part", "expansion" (a phrase, split into
        terms by the callers), "contraction" or "accented"."""
        text = unicodedata.normalize("NFC", text or "")
        out: list[tuple[str, str]] = []
        for match in _SYMBOL.finditer(text):
            out.extend(self._symbol_terms(match.group()))
        for match in _COMPOUND.finditer(text):
            key = re.sub(r"\s+", "", fold_token(match.group()))
            compact = re.sub(r"[-&]", "", key)  # "LĐ-TBXH" and "LĐTBXH" are one abbreviation
            expansion = self.abbreviations.get(compact)
            if expansion:
                out.append((compact, "symbol"))
                out.append((expansion, "expansion"))
        words = self.segmenter(_SYMBOL.sub(" ", text))
        memo = self._fold_memo
        if len(memo) > 500_000:  # numbers make the vocabulary open-ended; keep the memo bounded
            memo.clear()
        folded = [memo.get(w) or memo.setdefault(w, fold_token(w)) for w in words]
        dropped = self._stopword_mask(words, folded) if drop_stopwords else [False] * len(words)
        for word, key, drop in zip(words, folded, dropped):
            if drop:
                continue
            key = _number(key)
            out.append((key, "word"))
            if self.keep_accents and key != word.lower():
                out.append((word.lower(), "accented"))
            expansion = self._expansion(word, key)
            if expansion:
                out.append((expansion, "expansion"))
        out.extend((key, "contraction") for key in self._contractions(folded))
        return out

    def _stopword_mask(self, words: list[str], folded: list[str]) -> list[bool]:
        mask = [False] * len(words)
        for phrase in self.question_phrases:
            n = len(phrase.split())
            for i in range(len(folded) - n + 1):
                if " ".join(folded[i:i + n]) == phrase:
                    mask[i:i + n] = [True] * n
        for i, (word, key) in enumerate(zip(words, folded)):
            lower = word.lower()
            if lower in self.stopwords or (lower == key and key in self.bare_stopwords):
                mask[i] = True
        return mask

    def _symbol_terms(self, raw: str) -> list[tuple[str, str]]:
        key = re.sub(r"\s+", "", fold_token(raw))
        out = [(key, "symbol")]
        for part in re.split(r"[/-]", key):
            if not part:
                continue
            part = _number(part)
            out.append((part, "part"))
            if part in self.abbreviations:
                out.append((self.abbreviations[part], "expansion"))
        return out

    def _expansion(self, word: str, key: str) -> str | None:
        expansion = self.abbreviations.get(key)
        if expansion is None:
            return None
        if _SYLLABLE_SHAPE.match(key) and not (len(word) > 1 and word.isupper()):
            return None
        return expansion

    def _contractions(self, folded: list[str]) -> list[str]:
        """The abbreviation of every expanded phrase found in the text, so "nông thôn mới" also
        meets a question that only says "NTM" with all its weight."""
        if not folded:
            return []
        joined = " " + " ".join(folded).replace("_", " ") + " "
        out = []
        for key, expansion in self._phrases():
            count = joined.count(" " + expansion + " ")
            out.extend([key] * count)
        return out

    @cached_property
    def _fold_memo(self) -> dict[str, str]:
        """Per-analyser memo of folded words: a corpus has few distinct syllables, many repeats."""
        return {}

    @cached_property
    def _phrase_table(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, v) for k, v in self.abbreviations.items()
                if " " in v and not _SYLLABLE_SHAPE.match(k))

    def _phrases(self) -> tuple[tuple[str, str], ...]:
        """Multi-word expansions of unambiguous keys (computed once per analyser)."""
        return self._phrase_table


@dataclass(frozen=True)
class Highlight:
    words: frozenset[str]  # folded terms matched one token at a time
    phrases: frozenset[tuple[str, ...]]  # folded word sequences matched whole


def _flatten(pairs: list[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for term, origin in pairs:
        if origin == "expansion":
            out.extend(term.split())
        else:
            out.append(term)
    return out


def _number(token: str) -> str:
    """"1.000" → "1000", "02" → "2": the same quantity or day written two ways meets on one term."""
    if token[:1].isdigit():
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
            token = token.replace(".", "")
        if token.isdigit():
            token = token.lstrip("0") or "0"
    return token


def make_analyzer(segmenter: str = "syllable", *, keep_accents: bool = False) -> Analyzer:
    return Analyzer(segmenter=make_segmenter(segmenter), keep_accents=keep_accents)


# ---------------------------------------------------------------- highlighting

_TOKEN_SPAN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+", re.UNICODE)


def token_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, folded token) for every word of `text`, offsets into `text` itself."""
    for match in _TOKEN_SPAN.finditer(text):
        yield match.start(), match.end(), _number(fold_token(match.group()))


def highlight_spans(text: str, wanted: Highlight) -> list[tuple[int, int]]:
    """Where the question's words occur in `text`, matched without accents; adjacent marks merge."""
    tokens = list(token_spans(text))
    words = set(wanted.words)
    for w in list(words):  # "880/qd-ttg" also marks "880" and "QĐ" written apart
        words.update(p for p in re.split(r"[/-]", w) if p)
    marked = [key in words for _, _, key in tokens]
    keys = [key for _, _, key in tokens]
    for phrase in wanted.phrases:
        n = len(phrase)
        for i in range(len(keys) - n + 1):
            if tuple(keys[i:i + n]) == phrase:
                marked[i:i + n] = [True] * n
    spans: list[tuple[int, int]] = []
    for (start, end, _), mark in zip(tokens, marked):
        if not mark:
            continue
        if spans and start - spans[-1][1] <= 2 and text[spans[-1][1]:start].strip(" -/") == "":
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
