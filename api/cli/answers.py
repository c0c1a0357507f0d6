"""Answer commands: `cancu basis`, `cancu responsible`, `cancu agency`: the same functions of the `answers`
package, over the same read model of the graph, as /api/basis, /api/responsible and /api/agencies."""
from __future__ import annotations

import argparse

from rich.console import Console

from api.cli.common import ROLE_LABELS, CliCommand, read_queries, write_json
from api.cli.common import short as _short
from api.settings import Settings

# ---------------------------------------------------------------- basis

def _basis_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", help="mô tả nhiệm vụ hoặc câu hỏi")
    p.add_argument("--clause", metavar="MÃ_ĐOẠN", help="căn cứ của một đoạn cụ thể (vd 003_x:II.4.2.c.p1)")
    p.add_argument("--cites", metavar="SỐ_KÝ_HIỆU", help="ngược lại: những gì được ban hành/thực hiện theo văn bản này")
    p.add_argument("--queries", metavar="TỆP", help="tệp câu hỏi, mỗi dòng một câu")
    p.add_argument("--top", type=int, default=10, help="số văn bản (mặc định 10)")
    p.add_argument("--as-of", metavar="NGÀY", help="xét hiệu lực và thời kỳ tại ngày này (2025-12-31 hoặc 31/12/2025; "
                                                  "mặc định hôm nay)")
    p.add_argument("--json", action="store_true", help="JSON Lines theo định dạng của shared/eval/README.md")


def _sources(settings: Settings):
    """The current build's read model and search index (the index opens only when a command searches)."""
    from api.service import LazyIndex, Service, read_model

    service = Service(settings)
    return read_model(service), LazyIndex(service)


def cmd_basis(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from answers import basis_to_eval, decision_uses, governing, to_json
    from answers.status import parse_as_of

    as_of = parse_as_of(args.as_of)
    model, index = _sources(settings)
    if args.cites:
        use = decision_uses(model, args.cites, as_of=as_of)
        if args.json:
            write_json(to_json(use))
        else:
            _print_uses(console, use)
        return 0
    if args.clause:
        answers = [governing(model, index, clause_id=args.clause, top=args.top, as_of=as_of)]
    else:
        answers = [governing(model, index, q, top=args.top, as_of=as_of) for q in read_queries(args)]
    for answer in answers:
        if args.json:
            write_json(basis_to_eval(answer))
        else:
            _print_basis(console, answer)
    return 0


def _print_basis(console: Console, answer) -> None:
    from answers.chains import EVIDENCE_LABELS

    console.print(f"[bold]{answer.query or answer.clause}[/bold]", highlight=False)
    if answer.tasks:
        t = answer.tasks[0]
        where = " › ".join(t.clause.breadcrumb) or "(phần mở đầu)"
        console.print(f"  nhiệm vụ: [{t.clause.clause_id}] {_short(t.clause.text, 120)}"
                      + (f" ({t.clause.ocr_note})" if t.clause.ocr_note else ""), markup=False, highlight=False)
        console.print(f"  mục: {where}; kế hoạch: {t.plan.symbol or t.plan.doc_id}"
                      + (f"; {t.project}" if t.project else "") + (f" › {t.subproject}" if t.subproject else "")
                      + (f"; chương trình: {t.programme}" if t.programme else ""), markup=False, highlight=False)
    if not answer.documents:
        console.print("  (không tìm thấy văn bản căn cứ)")
    for i, g in enumerate(answer.documents, 1):
        d = g.document
        named = d.symbol or d.name or d.title or ""
        label = named if d.type and named.lower().startswith(d.type.lower()) else " ".join(p for p in (d.type, named) if p)
        extra = ", ".join(p for p in (d.date, d.issuer) if p)
        console.print(f"  {i}. {label}" + (f" ({extra})" if extra else "") + f"  [{', '.join(g.reasons)}]",
                      markup=False, highlight=False)
        for change in d.status:
            console.print(f"     ⚠ {change.text}: «{_short(change.evidence, 110)}»", markup=False, highlight=False)
        if d.term is not None and d.term.ended:
            console.print(f"     ⌛ {d.term.text}", markup=False, highlight=False)
        for step in g.path:
            where = f" [{step.clause.clause_id}]" if step.clause else ""
            console.print(f"     → ({EVIDENCE_LABELS[step.evidence]}) {step.text}{where}", markup=False,
                          highlight=False)
        if g.citations:
            c = g.citations[0]
            console.print(f"     «{_short(c.evidence)}» [{c.clause.clause_id}]"
                          + (f" ({c.clause.ocr_note})" if c.clause.ocr_note else ""), markup=False, highlight=False)


def _print_uses(console: Console, use) -> None:
    console.print(f"[bold]Văn bản dựa trên {use.symbol}[/bold]", highlight=False)
    for d in use.documents:
        for change in d.status:
            console.print(f"  ⚠ {d.label} {change.text}: «{_short(change.evidence, 110)}»", markup=False,
                          highlight=False)
        if d.term is not None and d.term.ended:
            console.print(f"  ⌛ {d.label}: {d.term.text}", markup=False, highlight=False)
    for p in use.plans:
        plan = p["plan"]
        console.print(f"  • {plan.type or 'Văn bản'} {plan.symbol or plan.doc_id}: {_short(plan.title, 100)} "
                      f"— {', '.join(p['relations'])}" + (f"; chương trình: {p['programme']}" if p["programme"] else ""),
                      markup=False, highlight=False)
        for r in p["tasks"][:10]:
            console.print(f"      - {r.agency.label} ({r.role}){' — ' + r.project if r.project else ''}: "
                          f"{_short(r.task or r.clause.text, 100)}", markup=False, highlight=False)
        if p["task_count"] > 10:
            console.print(f"      … và {p['task_count'] - 10} phân công khác")


# ---------------------------------------------------------------- responsible

def _responsible_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", help="nhiệm vụ, cơ quan hoặc xã cần hỏi")
    p.add_argument("--queries", metavar="TỆP", help="tệp câu hỏi, mỗi dòng một câu")
    p.add_argument("--top", type=int, default=10, help="số câu trả lời (mặc định 10)")
    p.add_argument("--json", action="store_true", help="JSON Lines theo định dạng của shared/eval/README.md")


def cmd_responsible(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from answers import responsible, responsible_to_eval

    model, index = _sources(settings)
    for query in read_queries(args):
        answer = responsible(model, index, query, top=args.top)
        if args.json:
            write_json(responsible_to_eval(answer))
            continue
        console.print(f"[bold]{query}[/bold]", highlight=False)
        if not answer.answers:
            console.print("  (không tìm thấy phân công)")
        for i, r in enumerate(answer.answers, 1):
            _print_responsibility(console, i, r)
    return 0


def _print_responsibility(console: Console, i: int, r) -> None:
    role = ROLE_LABELS.get(r.role, r.role)
    commune = f" {', '.join(r.communes)}" if r.communes else ""
    where = f" [{r.plan.symbol or r.plan.doc_id}{' › ' + r.project if r.project else ''}]"
    console.print(f"  {i}. {r.agency.label} — {role}{commune}{where}", markup=False, highlight=False)
    console.print(f"     «{_short(r.evidence)}» [{r.clause.clause_id}]"
                  + (f" ({r.clause.ocr_note})" if r.clause.ocr_note else ""), markup=False, highlight=False)


# ---------------------------------------------------------------- agency

def _agency_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="tên cơ quan (có hoặc không dấu; tên chung như 'Sở Tài chính', 'UBND cấp xã' "
                                "liệt kê mọi nơi), hoặc khóa như huyen-phong-tho/phong-tu-phap")
    p.add_argument("--all", action="store_true", help="in trách nhiệm của từng cơ quan tìm thấy, không chỉ danh sách")
    p.add_argument("--json", action="store_true", help="in JSON")


def cmd_agency(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from answers import agencies_by_locality, agency_profile, find_agencies, to_json
    from ingest.errors import NotFound

    model, _ = _sources(settings)
    own = model.agency_by_key(args.name)
    found = [own.key] if own else [a.key for a in find_agencies(model, args.name)]
    if not found:
        raise NotFound(f"không có cơ quan '{args.name}'")
    if len(found) > 1 and not args.all:  # a common name: every agency it names, by locality
        groups = agencies_by_locality(find_agencies(model, args.name))
        if args.json:
            write_json({"query": args.name, "by_locality": to_json(groups)})
            return 0
        console.print(f"[bold]{args.name}[/bold]: {len(found)} cơ quan", highlight=False)
        for g in groups:
            console.print(f"  {g.locality or 'trung ương'}", markup=False, highlight=False)
            for a in g.agencies:
                console.print(f"    - {a.label}  ({a.key})", markup=False, highlight=False)
        console.print("  (thêm --all để in trách nhiệm của từng cơ quan, hoặc gọi với khóa của một cơ quan)")
        return 0
    for profile in (agency_profile(model, k) for k in found):
        if args.json:
            write_json(to_json(profile))
            continue
        _print_profile(console, profile)
    return 0


def _print_profile(console: Console, profile) -> None:
    a = profile.agency
    console.print(f"[bold]{a.label}[/bold]  ({a.key})", highlight=False)
    for c in profile.communes:
        console.print(f"  {ROLE_LABELS.get(c['role'], c['role'])}: {c['commune']} "
                      f"[{c['plan'].symbol or c['plan'].doc_id}]", markup=False, highlight=False)
    for p in profile.plans:
        plan = p["plan"]
        console.print(f"  • {plan.type or 'Văn bản'} {plan.symbol or plan.doc_id}: {_short(plan.title, 100)}",
                      markup=False, highlight=False)
        for group in p["projects"]:
            if group["project"]:
                console.print(f"    {group['project']}", markup=False, highlight=False)
            for r in group["responsibilities"]:
                console.print(f"      - {ROLE_LABELS.get(r.role, r.role)}: {_short(r.task or r.clause.text, 110)} "
                              f"[{r.clause.clause_id}]", markup=False, highlight=False)
    if profile.same_type:
        console.print("  cùng loại ở địa bàn khác: " + "; ".join(f"{s.label} ({s.key})" for s in profile.same_type),
                      markup=False, highlight=False)


COMMANDS = [
    CliCommand("basis", "văn bản nào là căn cứ của một nhiệm vụ (hoặc --cites: văn bản nào dựa trên một quyết định)",
               _basis_args, cmd_basis),
    CliCommand("responsible", "cơ quan nào chủ trì, phối hợp, phụ trách xã nào cho một nhiệm vụ",
               _responsible_args, cmd_responsible),
    CliCommand("agency", "trách nhiệm của một cơ quan trong mọi kế hoạch, theo kế hoạch, dự án và xã",
               _agency_args, cmd_agency),
]
