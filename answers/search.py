"""From a question to the clauses it is about: the plans it names (scope) and the search index's best
clauses within them."""
from __future__ import annotations

from functools import lru_cache

from answers.knowledge import Knowledge
from answers.model import Plan
from answers.text import Cues, symbol_key
from answers.text import key as name_key

SEARCH_DEPTH = 30  # candidate clauses read from the index per question
TASKS_USED = 5  # best task clauses an answer is built from


def has_text(query: str | None) -> bool:
    return bool(query and name_key(query))


def search(index, query: str, *, docs: list[str] | None, depth: int = SEARCH_DEPTH) -> list[tuple[str, float]]:
    """(clause id, rank weight) of the best clauses, best first; within `docs` when given."""
    filters = {"doc_id": docs} if docs else None
    hits = index.search(query, top_k=depth, filters=filters)
    return [(h.passage.id, 1.0 / (1.0 + 0.4 * (h.rank - 1))) for h in hits]


def _plan_number(plan: Plan) -> str | None:
    number = (plan.symbol or "").split("/", 1)[0].split("-", 1)[0].strip()
    if not number.isdigit():
        return None
    return number.lstrip("0") or "0"


_symbol_key = lru_cache(maxsize=1 << 16)(symbol_key)  # every plan's symbol, asked for each question


def named_plans(kb: Knowledge, cues: Cues) -> list[str]:
    """Plans the question names by symbol ("245/KH-UBND") or by type and number ("Kế hoạch 245")."""
    wanted = {_symbol_key(s) for s in cues.symbols}
    named = [d for d, p in kb.plans.items() if wanted and p.symbol and _symbol_key(p.symbol) in wanted]
    return named or [d for d, p in kb.plans.items() if (p.type, _plan_number(p)) in cues.numbered]


def scope(kb: Knowledge, cues: Cues) -> list[str] | None:
    """The plans a question is about: plans it names, else plans of a district it names."""
    named = named_plans(kb, cues)
    if named:
        return named
    docs, names = kb.localities_in(cues.text)
    if not docs:
        return None
    # a plan of another body about that place ("Kế hoạch hỗ trợ huyện Phong Thổ" of the province) counts too
    titles = kb.model.title_keys()
    for doc_id in kb.plans:
        if doc_id not in docs and any(f" {n} " in titles[doc_id] for n in names):
            docs.append(doc_id)
    return docs
