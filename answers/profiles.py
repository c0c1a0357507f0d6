"""Agencies and places across plans: one agency's responsibilities, the agencies a common name names
("Ủy ban nhân dân cấp xã", "Sở Tài chính", typed with or without accents) grouped by locality, the same
kind of body in every locality, and one commune's page of facts."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from answers.knowledge import Knowledge
from answers.model import PLACE, BudgetFact, ReadModel, TargetFact, commune_key
from answers.records import AgencyGroup, AgencyProfile, AgencyRef, PlaceProfile, Responsibility
from answers.responsible import IN_CHARGE, facts_naming_communes, facts_of_agencies, merge
from answers.text import key as name_key
from answers.text import name_words, strip_level
from graph.slug import slug
from ingest.errors import NotFound
from ingest.vocab.admin import find_kinds


def agency_profile(model: ReadModel, key: str) -> AgencyProfile:
    """An agency (by key, `huyen-phong-tho/phong-tu-phap`, or by name) across every plan."""
    kb = Knowledge(model)
    agency = model.agency_by_key(key)
    ref = kb.agency_ref(agency.iri) if agency else _agency_by_name(kb, key)
    return _profile(kb, ref)


def _agency_by_name(kb: Knowledge, text: str) -> AgencyRef:
    text = text.replace("/", " ").replace("-", " ")
    docs, _ = kb.localities_in(text)  # "phòng tư pháp phong thổ": the one of the district the text names
    found = (kb.agencies_in(text, docs) if docs else []) or kb.agencies_in(text)
    if not found:
        raise NotFound(f"không có cơ quan '{text}'")
    return found[0]


def _profile(kb: Knowledge, agency: AgencyRef) -> AgencyProfile:
    by_plan: dict[str, dict[str, list[Responsibility]]] = {}
    communes = []
    for f in facts_of_agencies(kb, {agency.iri}):
        r = kb.responsibility(f)
        by_plan.setdefault(f.doc_id, {}).setdefault(r.project or "", []).append(r)
        if f.role in IN_CHARGE:
            for c in r.communes:
                communes.append({"commune": c, "role": f.role, "plan": r.plan, "evidence": r.evidence})
    plans = [{"plan": kb.plan_ref(d), "projects": [{"project": p or None, "responsibilities": rs}
                                                   for p, rs in sorted(projects.items(), key=lambda i: (i[0] == "", i[0]))]}
             for d, projects in by_plan.items()]
    same = [kb.agency_ref(a.iri) for a in kb.model.all_agencies().values()
            if a.type_key and a.type_key == agency.type_key and a.iri != agency.iri]
    return AgencyProfile(agency, communes, plans, sorted(same, key=lambda a: a.key))


def find_agencies(model: ReadModel, query: str) -> list[AgencyRef]:
    """Agencies a name (any spelling, with or without accents) names: those whose name the query contains,
    else every agency whose name, or whose kind of body, contains the query's words ("Sở Tài chính" is the
    Sở Tài chính of every province; "UBND cấp xã" every commune's people's committee)."""
    kb = Knowledge(model)
    by_kind = _agencies_of_kinds(model, query)
    if by_kind:
        return [kb.agency_ref(a.iri) for a in by_kind]
    found = kb.agencies_in(query)
    if found:
        return found
    wanted = name_words(query)
    if not wanted:
        return []
    out = []
    for a in model.all_agencies().values():
        names = (a.label, a.canonical, a.type_label or "", *a.names)
        if any(_contains(name_words(n), wanted) for n in names) or slug(query) == a.type_key:
            out.append(kb.agency_ref(a.iri))
    return sorted(out, key=lambda a: (a.locality or "", a.label))


def _agencies_of_kinds(model: ReadModel, query: str) -> list:
    """The agencies of the kinds of body a common name means (`ingest.vocab.admin.find_kinds`): "Sở Tài
    chính" is every province's, "ubnd cap xa" every commune's committee, "UBND tỉnh Lai Châu" one."""
    matches = find_kinds(query)
    if not matches:
        return []
    out = []
    for a in model.all_agencies().values():
        for m in matches:
            if a.type_key == m.kind.key and (m.locality is None or name_key(m.locality) in name_key(a.locality or "")):
                out.append(a)
                break
    return sorted(out, key=lambda a: (name_key(a.locality or ""), a.label))


def agencies_by_locality(agencies: list[AgencyRef]) -> list[AgencyGroup]:
    """The agencies grouped by the locality they serve (national bodies first)."""
    groups: dict[str | None, list[AgencyRef]] = defaultdict(list)
    for a in agencies:
        groups[a.locality].append(a)
    return [AgencyGroup(loc, sorted(items, key=lambda a: a.label))
            for loc, items in sorted(groups.items(), key=lambda i: (i[0] is not None, name_key(i[0] or "")))]


def _contains(words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    n = len(wanted)
    return any(words[i:i + n] == wanted for i in range(len(words) - n + 1))


def agency_type(model: ReadModel, type_key: str) -> dict:
    """The same kind of body across localities: each one's profile."""
    kb = Knowledge(model)
    wanted = slug(type_key)
    agencies = model.all_agencies().values()
    members = [a for a in agencies if a.type_key == wanted]
    if not members:
        members = [a for a in agencies if a.type_key and wanted and wanted in a.type_key]
    if not members:
        raise NotFound(f"không có loại cơ quan '{type_key}'")
    return {"type": members[0].type_key,
            "agencies": [_profile(kb, kb.agency_ref(a.iri)) for a in sorted(members, key=lambda a: a.key)]}


# ---------------------------------------------------------------- targets and budgets, with their commune

def commune_fields(model: ReadModel, iri: str | None) -> dict:
    """The commune a target or budget is set for (`cancu:forCommune`): its label, IRI and page key."""
    place = model.place(iri) if iri else None
    return {"commune": place.label if place else None, "commune_iri": iri,
            "commune_key": place.key if place else None}


def target_json(model: ReadModel, t: TargetFact) -> dict:
    return {"clause_id": t.clause_id, "indicator": t.indicator, "value": t.value, "value_max": t.max_value,
            "of": t.of, "unit": t.unit, "comparator": t.comparator, "year": t.year,
            **commune_fields(model, t.commune), "span": [t.start, t.end]}


def budget_json(model: ReadModel, b: BudgetFact) -> dict:
    return {"clause_id": b.clause_id, "amount_million_vnd": b.amount_million_vnd, "source": b.source,
            "purpose": b.purpose, "programme": b.programme, "year": b.year, **commune_fields(model, b.commune),
            "span": [b.start, b.end]}


def figures_for_communes(model: ReadModel, place_iris: set[str] | list[str]) -> tuple[list[dict], list[dict]]:
    """(targets, budgets) the corpus sets for these commune nodes, each with its plan and clause, in plan
    order: only where the text ties the figure to the commune (`cancu:forCommune`), never by mere mention."""
    wanted = set(place_iris)
    kb = Knowledge(model)
    docs = model.docs_setting_for(wanted)
    kb.load(docs)
    targets, budgets = [], []
    for doc_id in docs:
        doc = kb.doc(doc_id)
        plan = asdict(kb.plan_ref(doc_id))
        for t in doc.targets:
            if t.commune in wanted:
                targets.append({"plan": plan, "doc_id": doc_id, **target_json(model, t)})
        for b in doc.budgets:
            if b.commune in wanted:
                budgets.append({"plan": plan, "doc_id": doc_id, **budget_json(model, b)})
    return targets, budgets


def place_profile(model: ReadModel, key: str) -> PlaceProfile:
    """A commune (by the path of its IRI, or `district/name`): who is in charge of it, which clauses name
    it, which plans."""
    kb = Knowledge(model)
    places = model.all_places()
    chosen = places.get(PLACE + key)
    if chosen is not None:
        same = [p.iri for p in places.values() if commune_key(p) == commune_key(chosen)
                and (model.district_of(p.iri) or "") == (model.district_of(chosen.iri) or "")]
    else:
        district, _, bare = key.rpartition("/")
        bare = strip_level(name_key(bare.replace("-", " ")))
        same = [p.iri for p in places.values() if commune_key(p) == bare
                and (not district or slug(model.district_of(p.iri) or "") == slug(district)
                     or p.key.startswith(district + "/"))]
        if not same:
            raise NotFound(f"không có địa danh '{key}'")
        chosen = places[same[0]]
    in_charge = []
    for f in facts_naming_communes(kb, same):
        score = {"in_charge_commune": 1.0, "co_in_charge_commune": 0.9}.get(f.role, 0.5)
        in_charge.append(kb.responsibility(f, score, "named_commune"))
    docs = model.docs_naming(same)
    kb.load(docs)
    tasks = []
    for doc_id in docs:
        for m in kb.doc(doc_id).mentions:
            if m.place in same and kb.clause(m.clause_id) is not None:
                ref = kb.clause_ref(m.clause_id)
                if ref not in tasks:
                    tasks.append(ref)
    targets, budgets = figures_for_communes(model, same)
    return PlaceProfile(chosen.key, chosen.iri, chosen.name, chosen.level, model.district_of(chosen.iri),
                        merge(in_charge), tasks, [kb.plan_ref(d) for d in docs], targets, budgets)


__all__ = ["agency_profile", "find_agencies", "agencies_by_locality", "agency_type", "place_profile",
           "commune_fields", "target_json", "budget_json", "figures_for_communes"]
