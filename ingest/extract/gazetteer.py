"""Vietnamese administrative units (provinces, districts, communes) from the `vietnamadminunits` data.

A plan names "xã Nậm Xe" or "huyện Phong Thổ" without codes; the gazetteer confirms the name exists in
the document's district or province and attaches the official code, so the graph can join plans of
the same commune across documents, and across the 2025 reorganisation (63 provinces with districts
became 34 provinces without them; many communes were merged into new ones).

We read the package's SQLite and JSON files directly instead of importing the package: its import
builds regexes over 10,000 names and a geocoder client, which we do not need. Tables are built on the
first lookup and kept on the `Gazetteer` object.
"""
from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from ingest.vocab.admin import COMMUNE_LEVELS, DISTRICT_LEVELS, LEVEL_WORDS, fold, name_key, split_level

Era = Literal["legacy", "2025"]

# The level vocabulary and name keys are the shared ones (`ingest.vocab.admin`); re-exported for callers.
__all__ = ["COMMUNE_LEVELS", "DISTRICT_LEVELS", "LEVEL_WORDS", "AdminUnit", "Gazetteer", "fold", "gazetteer",
           "name_key", "split_level"]


@dataclass(frozen=True)
class AdminUnit:
    """One administrative unit. Names are short ("Phong Thổ"), levels lower-case ("huyện")."""

    name: str
    level: str
    code: str
    province: str
    district: str | None = None  # None for provinces, districts themselves, and 2025 communes
    district_level: str | None = None
    era: Era = "legacy"

    @property
    def full_name(self) -> str:
        return f"{self.level} {self.name}"


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed: pip install vietnamadminunits")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _short(full: str | None, level: str | None) -> str | None:
    if not full:
        return None
    if level and full.lower().startswith(level.lower() + " "):
        return full[len(level) + 1:].strip()
    return split_level(full)[1]


class Gazetteer:
    """Lookups over the legacy (63-province, with districts) and 2025 (34-province) unit lists."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._data_dir = data_dir

    # ------------------------------------------------------------------ tables (built lazily)

    @cached_property
    def _dir(self) -> Path:
        return self._data_dir or _data_dir()

    def _rows(self, sql: str) -> list[sqlite3.Row]:
        with sqlite3.connect(self._dir / "dataset.db") as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(sql).fetchall()

    @cached_property
    def _legacy(self) -> list[tuple[AdminUnit, tuple[str, str, str]]]:
        """Every legacy commune with its (province, district, ward) package keys."""
        out = []
        for r in self._rows(
            "SELECT province, provinceShort, provinceCode, district, districtShort, districtType, districtCode,"
            " ward, wardShort, wardType, wardCode, provinceKey, districtKey, wardKey FROM admin_units_legacy"
        ):
            if not r["ward"]:
                continue
            level = (r["wardType"] or "").lower()
            unit = AdminUnit(
                name=r["wardShort"] or _short(r["ward"], level),
                level=level,
                code=r["wardCode"],
                province=r["provinceShort"],
                district=r["districtShort"],
                district_level=(r["districtType"] or "").lower() or None,
                era="legacy",
            )
            out.append((unit, (r["provinceKey"], r["districtKey"], r["wardKey"])))
        return out

    @cached_property
    def _legacy_districts(self) -> list[AdminUnit]:
        seen: dict[str, AdminUnit] = {}
        for r in self._rows(
            "SELECT DISTINCT provinceShort, districtShort, districtType, districtCode FROM admin_units_legacy"
        ):
            if r["districtCode"] and r["districtCode"] not in seen:
                seen[r["districtCode"]] = AdminUnit(
                    name=r["districtShort"], level=(r["districtType"] or "").lower(), code=r["districtCode"],
                    province=r["provinceShort"], era="legacy")
        return list(seen.values())

    @cached_property
    def _provinces(self) -> list[AdminUnit]:
        out = []
        for table, era in (("admin_units_legacy", "legacy"), ("admin_units", "2025")):
            for r in self._rows(f"SELECT DISTINCT province, provinceShort, provinceCode FROM {table}"):
                level = "thành phố" if r["province"].lower().startswith("thành phố") else "tỉnh"
                out.append(AdminUnit(name=r["provinceShort"], level=level, code=r["provinceCode"],
                                     province=r["provinceShort"], era=era))
        return out

    @cached_property
    def _current(self) -> list[tuple[AdminUnit, tuple[str, str]]]:
        out = []
        for r in self._rows(
            "SELECT province, provinceShort, provinceCode, ward, wardShort, wardType, wardCode, provinceKey, wardKey"
            " FROM admin_units"
        ):
            if not r["ward"]:
                continue
            level = (r["wardType"] or "").lower()
            unit = AdminUnit(name=r["wardShort"] or _short(r["ward"], level), level=level, code=r["wardCode"],
                             province=r["provinceShort"], era="2025")
            out.append((unit, (r["provinceKey"], r["wardKey"])))
        return out

    @cached_property
    def _by_name(self) -> dict[str, list[AdminUnit]]:
        index: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit, _ in self._legacy:
            index[name_key(unit.name)].append(unit)
        for unit, _ in self._current:
            index[name_key(unit.name)].append(unit)
        for unit in self._legacy_districts + self._provinces:
            index[name_key(unit.name)].append(unit)
        return dict(index)

    @cached_property
    def _districts_by_key(self) -> dict[str, list[AdminUnit]]:
        index: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit in self._legacy_districts:
            index[name_key(unit.name)].append(unit)
        return dict(index)

    @cached_property
    def _communes_by_district(self) -> dict[str, list[AdminUnit]]:
        index: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit, _ in self._legacy:
            index[name_key(unit.district or "")].append(unit)
        return dict(index)

    @cached_property
    def _successor_table(self) -> dict[str, list[AdminUnit]]:
        """Legacy commune code -> the 2025 commune(s) it became part of (default one first)."""
        data = json.loads((self._dir / "converter_2025.json").read_text(encoding="utf-8"))
        new_by_key = {keys: unit for unit, keys in self._current}
        new_province_of = {old: new for new, olds in data["DICT_PROVINCE"].items() for old in olds}
        code_of_old = {"_".join(keys): unit.code for unit, keys in self._legacy}
        table: dict[str, list[AdminUnit]] = defaultdict(list)
        for new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward, olds in wards.items():
                unit = new_by_key.get((new_province, new_ward))
                for old in olds:
                    if unit and old in code_of_old:
                        table[code_of_old[old]].append(unit)
        for old, candidates in data["DICT_PROVINCE_WARD_DIVIDED"].items():
            new_province = new_province_of.get(old.split("_", 1)[0])
            code = code_of_old.get(old)
            if not (new_province and code):
                continue
            ranked = sorted(candidates, key=lambda c: not c.get("isDefaultNewWard"))
            for cand in ranked:
                unit = new_by_key.get((new_province, cand["newWardKey"]))
                if unit and unit not in table[code]:
                    table[code].append(unit)
        return dict(table)

    # ------------------------------------------------------------------ queries

    def find(
        self,
        name: str,
        *,
        level: str | None = None,
        district: str | None = None,
        province: str | None = None,
        era: Era | None = None,
    ) -> list[AdminUnit]:
        """Units called `name` (accents and case ignored), narrowed by level, district and province.

        `name` may carry its level word ("xã Nậm Xe"); `district` and `province` may too ("huyện Phong Thổ").
        """
        written_level, bare = split_level(name)
        level = (level or written_level or "").lower() or None
        units = self._by_name.get(name_key(bare), [])
        if level:
            units = [u for u in units if u.level == level]
        if era:
            units = [u for u in units if u.era == era]
        if province:
            pk = name_key(split_level(province)[1])
            units = [u for u in units if name_key(u.province) == pk]
        if district:
            d_level, d_name = split_level(district)
            dk = name_key(d_name)
            units = [u for u in units if u.district and name_key(u.district) == dk
                     and (not d_level or u.district_level == d_level)]
        return units

    def province(self, name: str, era: Era = "legacy") -> AdminUnit | None:
        key = name_key(split_level(name)[1])
        return next((u for u in self._provinces if u.era == era and name_key(u.name) == key), None)

    def districts(self, name: str, province: str | None = None) -> list[AdminUnit]:
        """Legacy districts (huyện, quận, thị xã, thành phố thuộc tỉnh) called `name`."""
        level, bare = split_level(name)
        hits = [u for u in self._districts_by_key.get(name_key(bare), []) if not level or u.level == level]
        if province:
            pk = name_key(split_level(province)[1])
            hits = [u for u in hits if name_key(u.province) == pk]
        return hits

    def communes_of(self, district: str, province: str | None = None) -> list[AdminUnit]:
        """Legacy communes, wards and towns of a district ("huyện Phong Thổ")."""
        level, bare = split_level(district)
        dk = name_key(bare)
        pk = name_key(split_level(province)[1]) if province else None
        return [u for u in self._communes_by_district.get(dk, [])
                if (not level or u.district_level == level) and (pk is None or name_key(u.province) == pk)]

    def province_of(self, locality: str | None) -> AdminUnit | None:
        """The province a locality lies in ("huyện Phong Thổ" -> tỉnh Lai Châu), when the name says it
        unambiguously; a province-level locality ("thành phố Cần Thơ") is its own province."""
        level, name = split_level(locality or "")
        if not name:
            return None
        if level in ("tỉnh", "thành phố"):
            unit = self.province(name, era="2025") or self.province(name)
            if unit is not None and (level == "tỉnh" or unit.level == "thành phố"):
                return unit
            if level == "tỉnh":
                return None
        if level in DISTRICT_LEVELS:
            names = {u.province for u in self.districts(f"{level} {name}")}
        elif level in COMMUNE_LEVELS:
            names = {u.province for u in self.find(name, level=level)}
        else:
            return None
        if len(names) != 1:
            return None
        short = names.pop()
        return self.province(short, era="2025") or self.province(short)

    def successors(self, unit: AdminUnit) -> list[AdminUnit]:
        """The 2025 commune(s) a legacy commune was merged into; the default (main) one first."""
        if unit.era != "legacy" or unit.level not in COMMUNE_LEVELS:
            return []
        return list(self._successor_table.get(unit.code, []))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer; its tables are built on first use, not at import."""
    return Gazetteer()
