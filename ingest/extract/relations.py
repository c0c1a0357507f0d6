"""How the citing document relates to each act it cites, read from where the citation stands.

One relation per citation (`basis`, `implements`, `amends`, `replaces`, `repeals`, `considered`, `mention`);
a document that relates to one act in several ways keeps one citation per relation (the graph holds them
all; a reader that wants one takes the strongest, see `RELATION_ORDER`).

- **Opening preamble**: the line's opener decides. "Căn cứ ..." is a legal basis; "Thực hiện / Triển khai
  ..." an act the document carries out; "Xét Tờ trình ...", "Theo đề nghị của ... tại Công văn ..." a
  proposal that was considered. A Tờ trình or Báo cáo is never a legal basis. The issuing sentence that
  closes the preamble ("... ban hành Thông tư sửa đổi, bổ sung ... Thông tư số ...") says what the
  document changes. An act named only inside another act's title is mentioned, not relied on.
- **Body**: the verb before the act decides, when it is this document's own act ("Sửa đổi, bổ sung
  khoản 2 Điều 12 Nghị quyết số ..."; "Kế hoạch này thay thế ..."; "Bãi bỏ ..."; "Triển khai nghiêm túc
  Nghị quyết số ..."), not a proposal or a process ("đề nghị sửa đổi", "trong quá trình sửa đổi"),
  a passive ("được sửa đổi bởi") or another document's name ("trình Nghị quyết sửa đổi ..."). "Quyết
  định số ... hết hiệu lực" (in the sentence or in the lead-in of a list of such acts) ends an act: when
  the lapsing act is of this document's own type, this document takes its place (`replaces`),
  otherwise it is a repeal.
"""
from __future__ import annotations

import re

from ingest.extract.context import ClauseContext
from ingest.vocab.legal import (
    ACT_PART_WORDS,
    AMEND_VERBS,
    BASIS_OPENERS,
    CONSIDER_OPENERS,
    DOC_TYPE_WORDS,
    IMPLEMENT_ADVERBS,
    IMPLEMENT_OPENER_PREFIXES,
    IMPLEMENT_OPENERS,
    IMPLEMENT_VERBS,
    LAPSE_PHRASES,
    NOT_OPERATIVE_BEFORE_VERB,
    PROPOSAL_TYPES,
    REPEAL_VERBS,
    REPLACE_VERBS,
)

__all__ = ["RELATION_ORDER", "CHANGE_RELATIONS", "VERB_RELATIONS", "changed_provisions", "continues_list",
           "relation_of"]

# Strongest first: the order the evaluation and the answers read one relation per cited act in.
RELATION_ORDER = ("basis", "amends", "replaces", "repeals", "implements", "considered", "mention")
CHANGE_RELATIONS = frozenset({"amends", "replaces", "repeals"})
# Relations given by a verb that may govern a whole list ("thực hiện Kết luận số ... và Nghị quyết số ...").
VERB_RELATIONS = frozenset({"implements", "amends", "replaces", "repeals"})


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TYPE_ALT = _alt(w for w in DOC_TYPE_WORDS if w != "Văn bản")
_OPENER_RE = re.compile(
    rf"(?:^|[;.\n])[\s\-–+*•]*(?:(?:{_alt(IMPLEMENT_OPENER_PREFIXES)})\s+)?"
    rf"(?:(?P<consider>{_alt(CONSIDER_OPENERS)})|(?P<implement>{_alt(IMPLEMENT_OPENERS)})|"
    rf"(?P<basis>{_alt(BASIS_OPENERS)}))(?!\w)", re.IGNORECASE)
_ISSUING_RE = re.compile(r"(?<!\w)ban hành(?!\w)", re.IGNORECASE)
_SEGMENT_BREAK_RE = re.compile(r"[.;:]\s|\n")

_VERB_RE = re.compile(
    rf"(?<!\w)(?:(?P<amends>{_alt(AMEND_VERBS)})|(?P<replaces>{_alt(REPLACE_VERBS)})|"
    rf"(?P<repeals>{_alt(REPEAL_VERBS)}))(?!\w)", re.IGNORECASE)
_NOT_OPERATIVE_RE = re.compile(rf"(?<!\w)(?:{_alt(NOT_OPERATIVE_BEFORE_VERB)})[\s,]*$", re.IGNORECASE)
_NAMED_DOCUMENT_RE = re.compile(rf"(?<!\w)(?:{_TYPE_ALT})[\s,]*$")  # "Nghị quyết sửa đổi ...": a name
_BY_RE = re.compile(r"(?<!\w)bởi(?!\w)", re.IGNORECASE)
_PART_RE = re.compile(rf"(?<!\w)(?:{_alt(ACT_PART_WORDS)})(?!\w)", re.IGNORECASE)
# the verb, manner words, then the act, possibly named before its number ("thực hiện Kết luận liên ngành
# tư pháp Trung ương số ...": the lead-in of the citation is only "số")
_IMPLEMENT_BEFORE_RE = re.compile(
    rf"(?<!\w)(?:{_alt(IMPLEMENT_VERBS)})(?:[\s,]+(?:{_alt(IMPLEMENT_ADVERBS)}))*[\s,]*"
    rf"(?:(?:{_TYPE_ALT})(?:\s+[^\s,;.:()]+){{0,6}}\s+số\s*)?$", re.IGNORECASE)
_LAPSE_RE = re.compile(rf"(?<!\w)(?:{_alt(LAPSE_PHRASES)})(?!\w)", re.IGNORECASE)
_PROVISIONS_RE = re.compile(
    r"(?:(?:điểm|khoản|Điều|điều|Chương|chương|Mục|mục|Phụ lục|phụ lục)\s+[\w.]+"
    r"(?:\s*(?:,|và|;)\s*|\s+(?:của\s+)?)?)+", re.IGNORECASE)
_LIST_GAP_RE = re.compile(r"[\s,;]*(?:(?:và|hoặc|cùng)\s+)?(?:các\s+)?")

MAX_VERB_DISTANCE = 150  # characters between a change verb and the act it governs ("Sửa đổi ... của Quy định
# ban hành kèm theo Quyết định số ...")


def relation_of(text: str, lead_start: int, after: int, ctx: ClauseContext, *, nested: bool,
                cited_type: str | None) -> str:
    """The relation of one citation: `text` is the clause, the citation starts at `lead_start` and its
    symbol, date, issuer and title end at `after`."""
    if nested:
        return "mention"  # named inside another act's title: that act is cited, not this one
    if ctx.in_preamble:
        return _preamble_relation(text, lead_start, after, ctx, cited_type)
    return _body_relation(text, lead_start, after, ctx, cited_type)


def _preamble_relation(text: str, lead_start: int, after: int, ctx: ClauseContext, cited_type: str | None) -> str:
    segment_start = max((m.end() for m in _SEGMENT_BREAK_RE.finditer(text, 0, lead_start)), default=0)
    segment = text[segment_start:lead_start]
    opener = None
    for m in _OPENER_RE.finditer(text, 0, lead_start):
        opener = m
    if _ISSUING_RE.search(segment) and not (opener and opener.end() > segment_start):
        # "Bộ trưởng ... ban hành Thông tư sửa đổi, bổ sung ... Thông tư số ...": what this act changes
        changed = _verb_relation(text, lead_start, after, ctx, cited_type, issuing=True)
        if changed != "mention":
            return changed
    if cited_type in PROPOSAL_TYPES:
        return "considered"
    if opener is not None:
        if opener.group("consider"):
            return "considered"
        if opener.group("implement"):
            return "implements"
    return "basis"


def _body_relation(text: str, lead_start: int, after: int, ctx: ClauseContext, cited_type: str | None) -> str:
    # the statement that introduces a list of acts: the bullet ending in ":" or the heading above the item
    lead_in = ctx.lead_in or (ctx.breadcrumb[-1] if ctx.breadcrumb else "")
    if lead_in and re.fullmatch(r"[\s\-–+*•]*(?:[a-zđ0-9]{1,3}[.)]\s*)?", text[:lead_start], re.IGNORECASE):
        # "Các quyết định sau hết hiệu lực kể từ ngày ...:" then "a) Quyết định số ...": the list's verb
        by_lead_in = _verb_in(lead_in, len(lead_in), ctx, cited_type, issuing=False, lapse_text=lead_in)
        if by_lead_in in CHANGE_RELATIONS:  # a heading "Hiệu lực thi hành" implements nothing
            return by_lead_in
    return _verb_relation(text, lead_start, after, ctx, cited_type, issuing=False)


def _verb_relation(text: str, lead_start: int, after: int, ctx: ClauseContext, cited_type: str | None,
                   *, issuing: bool) -> str:
    sentence_end = _SEGMENT_BREAK_RE.search(text, after)
    lapse_text = text[after:sentence_end.start() if sentence_end else len(text)][:80]
    return _verb_in(text, lead_start, ctx, cited_type, issuing=issuing, lapse_text=lapse_text)


def _verb_in(text: str, lead_start: int, ctx: ClauseContext, cited_type: str | None, *, issuing: bool,
             lapse_text: str) -> str:
    """The change or implementing verb that governs an act starting at `lead_start` of `text`."""
    window_start = max(0, lead_start - MAX_VERB_DISTANCE)
    breaks = [m.end() for m in _SEGMENT_BREAK_RE.finditer(text, window_start, lead_start)]
    window_start = max([window_start, *breaks])
    window = text[window_start:lead_start]
    verb = None
    for m in _VERB_RE.finditer(window):
        verb = m
    if verb is not None and not _BY_RE.search(window, verb.end()) and _operative(window, verb.start(), issuing):
        if _PART_RE.search(window, verb.end()):
            return "amends"  # "thay thế một số điều, phụ lục của Thông tư số ...": parts replaced, the act amended
        return next(k for k in ("amends", "replaces", "repeals") if verb.group(k))
    if _LAPSE_RE.search(lapse_text) and not _BY_RE.search(lapse_text):
        return "replaces" if cited_type and ctx.doc_type and cited_type == ctx.doc_type else "repeals"
    if _IMPLEMENT_BEFORE_RE.search(window):
        return "implements"
    return "mention"


_ANY_CHANGE_VERB = rf"(?:{_alt((*AMEND_VERBS, *REPLACE_VERBS, *REPEAL_VERBS, 'bổ sung'))})"
_VERB_CHAIN_BEFORE_RE = re.compile(rf"(?<!\w){_ANY_CHANGE_VERB}\s*(?:,|và|hoặc)?\s*$", re.IGNORECASE)


def _operative(window: str, verb_start: int, issuing: bool) -> bool:
    """The change verb is this document's own act, not a proposal, a passive or another act's name.
    A chain of verbs ("đề xuất sửa đổi, bổ sung, thay thế, bãi bỏ ...") is judged from its first verb."""
    while (chained := _VERB_CHAIN_BEFORE_RE.search(window, 0, verb_start)) is not None:
        verb_start = chained.start()
    before = window[:verb_start]
    if _NOT_OPERATIVE_RE.search(before):
        return False
    return issuing or not _NAMED_DOCUMENT_RE.search(before)


def changed_provisions(text: str, lead_start: int) -> str | None:
    """The parts of the act a change names ("khoản 2 Điều 12"), when the verb before the act says them:
    "Sửa đổi, bổ sung khoản 2 Điều 12 của Nghị quyết số ...". None for a change of the whole act."""
    window_start = max(0, lead_start - MAX_VERB_DISTANCE)
    breaks = [m.end() for m in _SEGMENT_BREAK_RE.finditer(text, window_start, lead_start)]
    window = text[max([window_start, *breaks]):lead_start]
    verb = None
    for m in _VERB_RE.finditer(window):
        verb = m
    if verb is None:
        return None
    found = [m.group(0).strip(" ,;") for m in _PROVISIONS_RE.finditer(window, verb.end())]
    found = [re.sub(r"\s+(?:của|và)$", "", f) for f in found if re.search(r"\d|[IVX]", f)]
    return "; ".join(found) or None


def continues_list(gap: str) -> bool:
    """"thực hiện Kết luận số ... và Nghị quyết số ...", "...; Nghị quyết số ...": the text between two
    citations is only list punctuation, so one verb governs both."""
    return bool(_LIST_GAP_RE.fullmatch(gap)) and "\n" not in gap
