"""Places named in a clause: communes, wards, towns, villages, districts and provinces.

A place is a level word followed by a proper name in title case ("xã Nậm Xe", "bản Má Nghé", "thị xã
Mường Lay"); one level word may introduce a list ("các xã Nậm Xe, Sin Suối Hồ, Bản Lang"), and a count
may introduce a list in brackets ("03 xã (Hoang Thèn, Lản Nhì Thàng, Bản Lang)"). Common nouns after a
level word ("xã hội", "xã đạt chuẩn", "các xã, thị trấn") are not names because they are not in title
case; capitalised phrases that are not names ("xã Nông thôn mới", "xã ĐBKK") are kept out by asking the
gazetteer when the name is short or is an abbreviation. The gazetteer also attaches the official code,
district and province when the name is unambiguous in the document's area.
"""
from __future__ import annotations

import re

from ingest.extract.agencies import Tok, starts_agency, tokenize, word_key
from ingest.extract.context import ClauseContext
from ingest.extract.gazetteer import AdminUnit, Gazetteer, gazetteer, name_key, split_level
from ingest.model import Place
from ingest.vocab.admin import AREA_LEVELS, VILLAGE_LEVELS
from ingest.vocab.admin import COMMUNE_LEVELS as _COMMUNE_LEVELS

# the shared level vocabulary, as tuples (concatenated below); "đặc khu" is a commune-level unit since 2025
COMMUNE_LEVELS = tuple(sorted(_COMMUNE_LEVELS))

# level words as token-key tuples, longest first
_LEVEL_KEYS = tuple(sorted(
    ((tuple(word_key(w) for w in lv.split()), lv) for lv in COMMUNE_LEVELS + VILLAGE_LEVELS + AREA_LEVELS),
    key=lambda kv: -len(kv[0]),
))


def _by_first_key(table: tuple[tuple[tuple[str, ...], str], ...]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for keys, level in table:
        index.setdefault(keys[0], []).append((keys, level))
    return {k: tuple(v) for k, v in index.items()}


# the same table by first key, order kept: most tokens start no level word and one lookup dismisses them
_LEVEL_KEYS_BY_FIRST = _by_first_key(_LEVEL_KEYS)
# words before "bản"/"thôn" that make it a common noun ("văn bản", "cơ bản", "nông thôn")
_NOT_VILLAGE_BEFORE = frozenset(word_key(w) for w in (
    "văn", "cơ", "nông", "căn", "kịch", "phiên", "thôn", "chăm", "hàng", "lối",
))
_SEPARATORS = frozenset({",", "/", word_key("và"), word_key("hoặc")})
_PLURAL = frozenset(word_key(w) for w in ("các", "những", "mọi"))
# "Phụ trách xã: Tung Qua Lìn", "Đồng phụ trách xã Sì Lở Lầu", "Phụ trách: Mường So"
_IN_CHARGE = re.compile(
    r"(?:[Đđ]ồng\s+)?[Pp]hụ\s+trách\s*(?P<level>[Xx]ã|[Pp]hường|[Tt]hị\s+[Tt]rấn(?=\s*:?\s*\w+\s+\w))?\s*:?\s*"
    r"(?P<name>\w)")



def _level_at(toks: list[Tok], i: int) -> tuple[int, str] | None:
    """(length, level) of the longest level word starting at token i."""
    if i >= len(toks):
        return None
    for keys, level in _LEVEL_KEYS_BY_FIRST.get(toks[i].key, ()):
        n = len(keys)
        if i + n <= len(toks) and all(toks[i + k].key == keys[k] for k in range(1, n)):
            return n, level
    return None


def _is_name_word(t: Tok) -> bool:
    """A title-case syllable, or a short number ("Phường 12", "thôn 5"); a longer one is an amount, a code or
    a coordinate of a table ("phường 100 (%)", "xã Tiên Trang 2168471 581743")."""
    return t.is_word and (t.is_cap or (t.text.isdigit() and len(t.text) <= 2))


# Words after a number that make it an amount, not the end of a name ("xã Mỹ Lý 8 tỷ đồng").
_AMOUNT_WORDS = frozenset(word_key(w) for w in (
    "tỷ", "triệu", "nghìn", "ngàn", "đồng", "ha", "hộ", "người", "km", "m", "lượt", "căn", "nhà", "công", "học",
    "lao", "khẩu", "con", "tấn", "năm", "tháng", "ngày",
))


def _name_at(toks: list[Tok], i: int, limit: int = 5) -> int:
    """Length of a title-case name at i; stops at a lower-case level word ("Lản Nhì Thàng xã ...") and at a
    capitalised commune or area word that opens the next cell of a table ("xã Trường Văn Phường Ngọc
    Sơn"). A number ends a name ("thôn Tân Lập 2") unless it is an amount ("xã Mường Xén 12,5 tỷ đồng",
    "ngân sách xã: 800 triệu đồng")."""
    n = 0
    while i + n < len(toks) and n < limit and _is_name_word(toks[i + n]):
        if toks[i + n].text.isdigit() and _is_amount(toks, i + n):
            break
        if n and (found := _level_at(toks, i + n)) and found[1] not in VILLAGE_LEVELS:
            break
        n += 1
    return n


def _is_amount(toks: list[Tok], k: int) -> bool:
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is None:
        return False
    if nxt.text in ",." and nxt.start == toks[k].end and k + 2 < len(toks) and toks[k + 2].text.isdigit() \
            and toks[k + 2].start == nxt.end:
        return True  # "12,5", "1.692"
    return nxt.text == "%" or nxt.key in _AMOUNT_WORDS


class _Resolver:
    """Checks names against the gazetteer within the document's district or province."""

    def __init__(self, ctx: ClauseContext, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.district: str | None = None
        self.province: str | None = ctx.province
        level, name = split_level(ctx.locality or "")
        # after the 2025 reorganisation there are no districts: a plan of that time names new communes
        self.era = "2025" if (ctx.doc_year or 0) >= 2025 and level not in ("huyện", "thị xã", "quận") else "legacy"
        if level in ("huyện", "thị xã", "thành phố", "quận") and name:
            hits = gaz.districts(f"{level} {name}", province=self.province)
            if len(hits) == 1:
                self.district = f"{hits[0].level} {hits[0].name}"
                self.province = self.province or hits[0].province
        elif level == "tỉnh" and name:
            self.province = self.province or name
        elif level in COMMUNE_LEVELS and name and not self.province:
            hits = gaz.find(name, level=level, era=self.era)
            if len({u.province for u in hits}) == 1:
                self.province = hits[0].province

    def commune(self, name: str, level: str | None) -> AdminUnit | None:
        for scope in ({"district": self.district}, {"province": self.province}, {}):
            if any(v is None for v in scope.values()):
                continue
            hits = [u for u in self.gaz.find(name, **scope) if u.level in COMMUNE_LEVELS
                    and (level is None or u.level == level)]
            preferred = [u for u in hits if u.era == self.era]
            if len({u.code for u in preferred}) == 1:
                return preferred[0]
            if not preferred and len({u.code for u in hits}) == 1:
                return hits[0]
            if hits:
                return None  # ambiguous: do not guess a code
        return None

    def in_scope(self, name: str) -> bool:
        """A commune of that name in the document's district, or else in its province."""
        scope = {"district": self.district} if self.district else {"province": self.province} if self.province else None
        return bool(scope) and any(u.level in COMMUNE_LEVELS for u in self.gaz.find(name, **scope))

    def known_prefix(self, toks: list[Tok], i: int, j: int) -> int:
        """Syllables of toks[i:j] to keep as a commune's name: all of them when the whole is known or
        nothing in scope is, else the longest prefix that is a commune of the document's area."""
        if self.district is None and self.province is None:
            return j - i
        words = [t.text for t in toks[i:j]]
        if self.in_scope(" ".join(words)):
            return j - i
        for n in range(j - i - 1, 0, -1):
            if n > 1 and self.in_scope(" ".join(words[:n])):
                return n
        return j - i

    def commune_row(self, toks: list[Tok], k: int) -> tuple[int, int, str] | None:
        """(syllables, syllables to skip after it, level) of the commune named at toks[k] in a table row:
        the longest title-case run of up to four syllables that is a commune of the area, with the district it
        belongs to when that follows ("Phúc Yên Lâm Bình"); a district alone is no commune."""
        words: list[str] = []
        while len(words) < 8 and k + len(words) < len(toks) and toks[k + len(words)].is_word \
                and toks[k + len(words)].is_cap:
            words.append(toks[k + len(words)].text)
        scope = {"district": self.district} if self.district else {"province": self.province}
        for n in range(min(4, len(words)), 0, -1):
            units = [u for u in self.gaz.find(" ".join(words[:n]), **scope) if u.level in COMMUNE_LEVELS]
            if not units:
                continue
            for m in range(min(4, len(words) - n), 0, -1):  # "Phúc Yên" then its district "Lâm Bình"
                district = " ".join(words[n:n + m])
                if any(u.district and name_key(u.district) == name_key(district) for u in units):
                    return n, m, units[0].level
            if n > 1 and not self.gaz.districts(" ".join(words[:n]), province=self.province):
                return n, 0, units[0].level
        return None

    def known(self, name: str) -> bool:
        return bool([u for u in self.gaz.find(name) if u.level in COMMUNE_LEVELS])

    def only_town(self) -> AdminUnit | None:
        """The district's one "thị trấn", for texts that write just "Thị trấn"."""
        if not self.district:
            return None
        towns = [u for u in self.gaz.communes_of(self.district, self.province) if u.level == "thị trấn"]
        return towns[0] if len(towns) == 1 else None

    def area(self, name: str, level: str) -> AdminUnit | None:
        if level == "tỉnh":
            return self.gaz.province(name, era=self.era) or self.gaz.province(name)
        for province in (self.province, None):
            hits = self.gaz.districts(f"{level} {name}", province=province)
            if len(hits) == 1:
                return hits[0]
        return None


def _accept_commune(name_toks: list[Tok], name: str, res: _Resolver, explicit_level: bool) -> bool:
    """A title-case phrase after "xã" is a name unless it is short/abbreviated and unknown."""
    if any(t.is_abbrev and len(t.text) > 1 and t.text.isupper() for t in name_toks):
        return res.known(name)
    if len(name_toks) == 1 and not name_toks[0].text.isdigit():
        # one syllable ("xã Húc") only right after the level word, or in its list when the document's
        # district or province has such a commune ("xã A Dơi, Ba Tầng, Húc, Thanh")
        return res.known(name) and (explicit_level or res.in_scope(name))
    return True


def _accept_area(name_toks: list[Tok], name: str, level: str, res: _Resolver) -> bool:
    """ "huyện Phong Thổ", "Quận 1": a known unit, or a name of two title-case syllables or more."""
    if res.area(name, level) is not None or (level == "tỉnh" and res.gaz.province(name)):
        return True
    if name_toks[0].text.isdigit():
        return level == "quận" and len(name_toks) == 1
    return len(name_toks) >= 2 and not any(t.is_abbrev for t in name_toks)


def find_places(text: str, ctx: ClauseContext) -> list[Place]:
    """Places named in the clause, with codes where the gazetteer is sure."""
    toks = tokenize(text)
    res = _Resolver(ctx, gazetteer())
    out: list[Place] = []
    seen: set[tuple[int, int]] = set()

    def emit(i: int, j: int, level: str, name: str | None = None) -> None:
        span = (toks[i].start, toks[j - 1].end)
        if span in seen:
            return
        seen.add(span)
        if level in COMMUNE_LEVELS and name is None and j - i > 1:
            j = i + res.known_prefix(toks, i, j)  # the same in a list or a table
            span = (toks[i].start, toks[j - 1].end)
        name = name or text[span[0]:span[1]]
        code = district = province = None
        if level in COMMUNE_LEVELS:
            unit = res.commune(name, level)
            if unit:
                name, code, district, province = unit.name, unit.code, unit.district, unit.province
        elif level in AREA_LEVELS:
            unit = res.area(name, level)
            if unit:
                code, province = unit.code, unit.province
        elif level in VILLAGE_LEVELS:
            district = res.district.split(" ", 1)[1] if res.district else None
            province = res.province
        out.append(Place(name=name, level=level, text=text, clause_id=ctx.clause_id, span=span, code=code,
                         district=district, province=province))

    def emit_town(i: int, j: int) -> None:
        town = res.only_town()
        if town:
            emit(i, j, "thị trấn", town.name)

    i = 0
    while i < len(toks):
        found = _level_at(toks, i)
        if not found or not _level_word_here(toks, i, found[1]):
            i += 1
            continue
        n, level = found
        k = i + n
        if k < len(toks) and toks[k].text == ":" and level not in AREA_LEVELS:
            k += 1
        first = True
        while k < len(toks):
            town = _level_at(toks, k)
            if town and town[1] == "thị trấn" and toks[k].is_cap:
                emit_town(k, k + town[0])  # "xã A, Thị trấn, xã B": the district's own town
                k += town[0]
            else:
                m = _name_at(toks, k)
                if not m or (not first and toks[k].text[0].isdigit()):
                    break
                if level in COMMUNE_LEVELS and m > 1:
                    m = res.known_prefix(toks, k, k + m)  # "xã Tủa Chùa Khóa I", "xã Cẩm Thạch Tổng" (next cell)
                name_toks = toks[k:k + m]
                name = text[name_toks[0].start:name_toks[-1].end]
                if level in COMMUNE_LEVELS:
                    if not _accept_commune(name_toks, name, res, explicit_level=first):
                        break
                    if not first and _qualified_by_a_place(toks, k + m):
                        break  # "xã Bá Thước, Cẩm Thành - xã Cẩm Thạch": a zone named after the place after it
                elif level in AREA_LEVELS and not _accept_area(name_toks, name, level, res) or level in VILLAGE_LEVELS and any(t.is_abbrev for t in name_toks):
                    break
                emit(k, k + m, level)
                k += m
            first = False
            # a list after one level word: "các xã Nậm Xe, Sin Suối Hồ và Bản Lang"
            if k + 1 < len(toks) and toks[k].key in _SEPARATORS:
                nxt = k + 1
                if (_level_at(toks, nxt) and not toks[nxt].is_cap) or starts_agency(toks, nxt):
                    break
                if _name_at(toks, nxt) or (_level_at(toks, nxt) or (0, ""))[1] == "thị trấn":
                    k = nxt
                    continue
            break
        i = max(i + n, max(i + n, k))
    _listed_names(text, toks, res, emit, emit_town)
    _table_column(text, toks, res, emit)
    _in_charge(text, toks, res, emit, emit_town)
    return out


def _qualified_by_a_place(toks: list[Tok], k: int) -> bool:
    """Is toks[k:] "- xã X" (or "– phường X"), the place that the name before it lies in?"""
    return k + 1 < len(toks) and toks[k].text in "-–" and _level_at(toks, k + 1) is not None


def _level_word_here(toks: list[Tok], i: int, level: str) -> bool:
    """Is the level word at i really a level word here (not "văn bản", not the name "Bản Lang")?"""
    t = toks[i]
    n = len(level.split())
    opens = i == 0 or not toks[i - 1].is_word  # at the start of the clause or after punctuation
    if level in VILLAGE_LEVELS:
        if t.is_cap:
            # "Bản Huồi Giảng 1, bản ..." opening a sentence; a one-word tail is a commune ("Bản Lang")
            return opens and _name_at(toks, i + n) >= 2
        if i > 0 and toks[i - 1].key in _NOT_VILLAGE_BEFORE:
            return False
    elif t.is_cap and i > 0 and toks[i - 1].is_word and level != "tỉnh":
        # capitalised mid-sentence: part of a name ("Thị trấn" in a list is handled by the caller), unless
        # a lower-case word stands before it ("tại Thị trấn Mường Xén"), or it opens the next cell of a
        # flattened table after a name ("Xã Bình Điền Xã Long Quảng Xã Nam Đông")
        if toks[i - 1].is_cap and level in ("xã", "phường") and _name_at(toks, i + n) >= 2:
            return True
        return t.text.isupper() or (not toks[i - 1].is_cap and not toks[i - 1].text.isdigit()
                                    and _name_at(toks, i + n) > 0)
    return True


def _listed_names(text: str, toks: list[Tok], res: _Resolver, emit, emit_town) -> None:
    """Names listed after a plural level word: in brackets ("08 xã đạt tiêu chí (Nậm Xe, Pa Vây Sử, ...)")
    or after "như", "gồm", ":" ("các xã có tỷ lệ hộ nghèo cao như Đăk Na, Măng Bút, Ia Tơi")."""
    for i, t in enumerate(toks):
        bracket = t.text == "("
        if not bracket and t.key not in _LIST_OPENERS:
            continue
        level = _plural_level_before(toks, i, need_plural=not bracket)
        if not level:
            continue
        k = i + 1
        names: list[tuple[int, int]] = []
        while k < len(toks):
            if _level_at(toks, k) and not toks[k].is_cap:
                break  # "(bản Nậm Cáy xã Hoang Thèn, ...)": the level words speak for themselves
            m = _name_at(toks, k)
            if not m:
                break
            names.append((k, k + m))
            k += m
            if k < len(toks) and toks[k].text in (",", "/", ";") or (k < len(toks) and toks[k].key == word_key("và")):
                k += 1
                continue
            break
        # the list ends where the brackets close or the sentence ends: "(Dự án 4, ...)" lists no places
        if k < len(toks) and toks[k].text not in (")", "…", ".", ";") and not (not bracket and toks[k].text == ","):
            continue
        if len(names) < 2 and not (names and res.known(text[toks[names[0][0]].start:toks[names[0][1] - 1].end])):
            continue
        for a, b in names:
            name = text[toks[a].start:toks[b - 1].end]
            if level in COMMUNE_LEVELS and not res.known(name) and b - a < 2:
                continue
            emit(a, b, level)


_LIST_OPENERS = frozenset(word_key(w) for w in ("như", "gồm", ":"))


def _plural_level_before(toks: list[Tok], i: int, *, need_plural: bool) -> str | None:
    """The lower-case commune or village level word a few tokens before i ("08 xã …", "các xã …"), if any;
    with `need_plural`, it must follow "các", "những" or a count."""
    for back in range(i - 1, max(-1, i - 10), -1):
        found = _level_at(toks, back)
        if found and (found[1] not in COMMUNE_LEVELS + VILLAGE_LEVELS or not _level_word_here(toks, back, found[1])):
            if found[1] in AREA_LEVELS:
                return None  # "03 tỉnh (Ninh Bình, Hà Nam, Nam Định)": the list names provinces
            continue  # "văn bản"
        if found and not toks[back].is_cap:
            before = toks[back - 1] if back else None
            if need_plural and not (before and (before.key in _PLURAL or before.text.isdigit())):
                return None
            return found[1]
        if toks[back].text in ".;:()":
            return None
    return None


def _table_column(text: str, toks: list[Tok], res: _Resolver, emit) -> None:
    """A flattened table whose header names a commune column ("TT Tên xã Thuộc huyện Số tiêu chí đạt Thượng
    Giáp Na Hang Phúc Yên Lâm Bình ..."): its cells are read against the gazetteer of the document's area,
    a commune followed by its own district taken as one row; a cell nobody knows is left out."""
    if res.district is None and res.province is None:
        return
    start = next((k + 2 for k in range(len(toks) - 1) if toks[k].key == _TEN and toks[k].is_cap
                  and (found := _level_at(toks, k + 1)) and found[1] in COMMUNE_LEVELS), None)
    if start is None:
        return
    k = start
    while k < len(toks):
        if not (toks[k].is_word and toks[k].is_cap) or _level_at(toks, k):
            k += 1
            continue
        found = res.commune_row(toks, k)
        if found is None:
            k += 1
            continue
        n, skip, level = found
        emit(k, k + n, level)
        k += n + skip


_TEN = word_key("Tên")


def _in_charge(text: str, toks: list[Tok], res: _Resolver, emit, emit_town) -> None:
    """ "* Phụ trách xã: Tung Qua Lìn", "Phụ trách: Mường So", "Phụ trách xã: Thị Trấn"."""
    for m in _IN_CHARGE.finditer(text):
        start = m.start("name")
        idx = next((k for k, t in enumerate(toks) if t.start == start), None)
        if idx is None:
            continue
        n = _name_at(toks, idx)
        if not n:
            continue
        name = text[toks[idx].start:toks[idx + n - 1].end]
        if " ".join(word_key(w) for w in name.split()) == "thị trấn":
            emit_town(idx, idx + n)  # "Phụ trách xã: Thị Trấn": the district's own town
            continue
        level = re.sub(r"\s+", " ", m.group("level") or "").lower() or None
        if level is None and not res.known(name):
            continue
        emit(idx, idx + n, level or "xã")
