"""The same facts across plans, answered by the store: one target indicator in every plan, and budgets
by funding source (and by the commune they are set for) per plan."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict

from answers.knowledge import MAX_EVIDENCE_CHARS, Knowledge
from answers.model import ReadModel
from answers.profiles import commune_fields
from answers.queries import PREFIXES
from answers.text import key as name_key
from graph.slug import slug
from ingest.errors import BadRequest

_MEASURES = ("ty le", "so luong", "tong so", "so")


def indicator_matches(wanted: str, indicator: str) -> bool:
    """Accent-free indicator match: "tỷ lệ hộ nghèo" finds "Tỷ lệ hộ nghèo bình quân" and "Tỷ lệ giảm hộ
    nghèo" (one word between the measure and the thing measured), not "tỷ lệ hộ cận nghèo"."""
    want, have = name_key(wanted).split(), name_key(indicator).split()
    if not want:
        return False
    measure = next((m.split() for m in _MEASURES if want[: len(m.split())] == m.split() and len(want) > len(m.split())), None)
    core = want[len(measure):] if measure else want
    for i in range(len(have)):
        if have[i:i + len(core)] == core:
            if measure is None:
                return True
            for gap in (0, 1):
                start = i - gap - len(measure)
                if start >= 0 and have[start:start + len(measure)] == measure:
                    return True
    return False


def targets_across(model: ReadModel, indicator: str) -> list[dict]:
    """The same target indicator across plans (see `indicator_matches`); each row with its clause."""
    if not name_key(indicator):
        raise BadRequest("cần tên chỉ tiêu, ví dụ: tỷ lệ hộ nghèo")
    want = name_key(indicator).split()
    measure = next((m for m in _MEASURES if " ".join(want).startswith(m + " ")), None)
    core = " ".join(want)[len(measure) + 1:] if measure else " ".join(want)
    sparql = TARGETS_QUERY.replace("__KEY__", slug(core).replace('"', ""))
    kb = Knowledge(model)
    by_iri = {p.iri: p.doc_id for p in kb.plans.values()}
    out = []
    for row in model.rows(sparql):
        if not indicator_matches(indicator, row.get("indicator", "")):
            continue
        doc_id = by_iri.get(row.pop("doc", ""))
        row["plan"] = asdict(kb.plan_ref(doc_id)) if doc_id else None
        for k in ("value", "maxValue"):
            if row.get(k) is not None:
                row[k] = float(row[k])
        row["start"] = int(row["start"]) if row.get("start") else None
        row["comparator"] = row.get("comparator", "").rsplit("/", 1)[-1]
        row["unit"] = row["unit"].rsplit("/", 1)[-1] if row.get("unit") else None
        row["year"] = int(str(row["year"])[:4]) if row.get("year") else None
        row.update(commune_fields(model, row.pop("commune", None)))  # the one commune the text sets it for
        out.append(row)
    out.sort(key=lambda r: ((r.get("plan") or {}).get("doc_id") or "", r.get("year") or 0, r.get("start") or 0))
    return out


TARGETS_QUERY = PREFIXES + """
SELECT DISTINCT ?doc ?indicator ?comparator ?value ?maxValue ?unit ?year ?clause ?evidence ?start ?commune
WHERE {
  ?target a cancu:Target ; cancu:indicatorKey ?key ; cancu:indicator ?indicator ; qudt:numericValue ?value ;
      cancu:comparator ?comparator ; prov:wasDerivedFrom ?clauseNode ; cancu:startOffset ?start ;
      cancu:inDocument ?doc .
  FILTER(CONTAINS(?key, "__KEY__"))
  ?clauseNode cancu:text ?evidence ; cancu:clauseId ?clause .
  OPTIONAL { ?target qudt:unit ?unit }
  OPTIONAL { ?target cancu:maxValue ?maxValue }
  OPTIONAL { ?target cancu:targetTime/time:inXSDgYear ?year }
  OPTIONAL { ?target cancu:forCommune ?commune }
}
"""

BUDGETS_QUERY = PREFIXES + """
SELECT DISTINCT ?doc ?budget ?amount ?source ?purpose ?clause ?evidence ?commune
WHERE {
  ?budget a cancu:Budget ; qudt:numericValue ?amount ; cancu:fundingSource ?source ; prov:wasDerivedFrom ?clauseNode ;
      cancu:inDocument ?doc .
  ?clauseNode cancu:text ?evidence ; cancu:clauseId ?clause .
  OPTIONAL { ?budget cancu:purpose ?purpose }
  OPTIONAL { ?budget cancu:forCommune ?commune }
}
"""

_TOTAL_WORDS = re.compile(r"\b(tổng|dự kiến kinh phí|tổng nhu cầu|tổng vốn|tổng kinh phí)\b", re.IGNORECASE)


def budgets_summary(model: ReadModel) -> list[dict]:
    """Per plan: amounts by funding source (as extracted: a stated total and its parts both count, so
    read them next to the evidence), amounts by the commune they are set for (`cancu:forCommune`; the
    rest of a plan's budgets name no commune) and the plan's stated total (the largest amount said to be
    a total)."""
    kb = Knowledge(model)
    by_iri = {p.iri: p.doc_id for p in kb.plans.values()}
    per_plan: dict[str, dict] = {}
    for row in model.rows(BUDGETS_QUERY):
        doc_id = by_iri.get(row.get("doc", ""), "")
        plan = per_plan.setdefault(doc_id, {"plan": asdict(kb.plan_ref(doc_id)) if doc_id else None,
                                            "by_source": defaultdict(lambda: {"total_million_vnd": 0.0, "items": 0}),
                                            "by_commune": {}, "stated_total": None, "items": 0})
        amount = float(row["amount"])
        source = row["source"].rsplit("/", 1)[-1] if row.get("source") else "khong-ro"
        bucket = plan["by_source"][source]
        bucket["total_million_vnd"] += amount
        bucket["items"] += 1
        plan["items"] += 1
        if row.get("commune"):
            place = plan["by_commune"].setdefault(row["commune"], {**commune_fields(model, row["commune"]),
                                                                   "total_million_vnd": 0.0, "items": 0})
            place["total_million_vnd"] += amount
            place["items"] += 1
        said = " ".join(str(row.get(k) or "") for k in ("purpose", "evidence"))
        if _TOTAL_WORDS.search(said[:200]) and (plan["stated_total"] is None or amount > plan["stated_total"]["amount_million_vnd"]):
            plan["stated_total"] = {"amount_million_vnd": amount, "source": source, "clause": row.get("clause"),
                                    "evidence": (row.get("evidence") or "")[:MAX_EVIDENCE_CHARS]}
    out = []
    for doc_id, plan in sorted(per_plan.items()):
        plan["by_source"] = {k: {"total_million_vnd": round(v["total_million_vnd"], 3), "items": v["items"]}
                             for k, v in sorted(plan["by_source"].items(), key=lambda i: -i[1]["total_million_vnd"])}
        plan["by_commune"] = [{**v, "total_million_vnd": round(v["total_million_vnd"], 3)} for v in sorted(
            plan["by_commune"].values(), key=lambda v: (-v["total_million_vnd"], v["commune"] or ""))]
        out.append(plan)
    return out


__all__ = ["indicator_matches", "targets_across", "budgets_summary"]
