"""Synthetic district plans for scale benchmarks: N documents written from templates with varied content.

Each plan is a district's implementation plan of a national programme, laid out as real plans are (the
header block, "Căn cứ ..." lines, objectives with targets, projects with budgets and a lead agency,
then "Tổ chức thực hiện" with every agency's duties and the communes it is in charge of), about 50
clauses. Provinces, districts and communes get invented names from Vietnamese syllables (so names
repeat across provinces as real ones do); the kinds of body come from `ingest.vocab.admin`; decisions,
dates, numbers, tasks, targets and budgets vary with a seeded generator, so every run writes the same
corpus. Alongside the texts, `questions()` gives questions whose answer is known from the generator:
a task and its governing decision, a project of a plan and its lead agency, an agency and the commune a plan
puts it in charge of. (Several plans of one district share tasks, so the task questions have more than one
right answer; the figures of `bench_answers.py` are about speed, the hit@3 beside them is only a check.)

    python benchmarks/synthetic.py --docs 1000 --out /tmp/syn1k
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = ("An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Phước", "Đông", "Tây", "Sơn", "Hà", "Lâm", "Mỹ",
             "Vĩnh", "Quang", "Thanh", "Hưng", "Xuân", "Thuận", "Lộc", "Phong", "Trung", "Hải", "Kim", "Ngọc", "Đức",
             "Minh", "Tiến", "Thịnh", "Hiệp", "Lợi", "Hợp", "Thành", "Định", "Cường", "Hồng", "Lạc", "Mường", "Nậm",
             "Pá", "Sìn", "Tà", "Khánh", "Quỳnh", "Yên", "Gia", "Cẩm", "Diễn", "Nghĩa", "Trà", "Văn", "Hoàng", "Bảo")
PROGRAMMES = (  # (programme as a title names it, approving decision, issuer, date)
    ("Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025", "90/QĐ-TTg", "2022-01-18"),
    ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025", "263/QĐ-TTg", "2022-02-22"),
    ("Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi "
     "giai đoạn 2021-2030", "1719/QĐ-TTg", "2021-10-14"),
)
PROJECTS = ("Hỗ trợ đầu tư phát triển hạ tầng kinh tế - xã hội", "Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo",
            "Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng", "Phát triển giáo dục nghề nghiệp, việc làm bền vững",
            "Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo", "Giảm nghèo về thông tin",
            "Nâng cao năng lực và giám sát, đánh giá chương trình", "Phát triển du lịch cộng đồng",
            "Bảo vệ môi trường nông thôn", "Chuyển đổi số trong xây dựng nông thôn mới")
ACTIVITIES = ("Hỗ trợ {what} cho {who}", "Tổ chức {event} về {topic} cho {who}", "Xây dựng {work} tại các xã {places}",
              "Rà soát, cập nhật {data} trên địa bàn", "Tuyên truyền, phổ biến {topic} đến {who}",
              "Đào tạo nghề {trade} cho {who}", "Cấp {goods} cho {who}")
FILLERS = {
    "what": ("giống cây trồng, vật nuôi", "vay vốn tín dụng ưu đãi", "tiền điện", "bảo hiểm y tế", "nước sinh hoạt",
             "học phí", "phương tiện sản xuất", "chuyển đổi nghề"),
    "who": ("hộ nghèo", "hộ cận nghèo", "người lao động", "đồng bào dân tộc thiểu số", "học sinh", "phụ nữ",
            "thanh niên", "người khuyết tật", "hộ mới thoát nghèo"),
    "event": ("tập huấn", "hội nghị", "lớp bồi dưỡng", "hội thảo", "diễn đàn"),
    "topic": ("pháp luật", "kỹ thuật canh tác", "chính sách giảm nghèo", "an toàn thực phẩm", "bình đẳng giới",
              "phòng chống thiên tai", "chuyển đổi số", "du lịch cộng đồng"),
    "work": ("đường giao thông nông thôn", "nhà văn hóa thôn", "công trình thủy lợi", "trường mầm non",
             "trạm y tế", "chợ nông thôn", "cầu dân sinh"),
    "data": ("danh sách hộ nghèo", "cơ sở dữ liệu dân cư", "số liệu lao động việc làm", "hồ sơ đất đai"),
    "trade": ("may mặc", "chăn nuôi thú y", "sửa chữa máy nông nghiệp", "chế biến nông sản", "điện dân dụng"),
    "goods": ("thẻ bảo hiểm y tế", "sách giáo khoa", "máy thu thanh", "lưới chống rét", "giống lúa"),
}
INDICATORS = (("Tỷ lệ hộ nghèo giảm", "%/năm", (2, 9)), ("Thu nhập bình quân đầu người đạt", "triệu đồng/người/năm",
              (30, 70)), ("Tỷ lệ lao động qua đào tạo đạt", "%", (40, 80)), ("Số xã đạt chuẩn nông thôn mới", "xã", (1, 9)),
              ("Tỷ lệ trẻ em suy dinh dưỡng thể thấp còi giảm còn dưới", "%", (15, 34)),
              ("Tỷ lệ hộ dân được sử dụng nước sạch đạt", "%", (80, 99)))
AGENCY_KINDS = ("Phòng Tài chính - Kế hoạch", "Phòng Lao động - Thương binh và Xã hội", "Phòng Nông nghiệp và Phát triển "
                "nông thôn", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Phòng Văn hóa và Thông tin", "Phòng Tư pháp",
                "Phòng Dân tộc", "Phòng Tài nguyên và Môi trường", "Phòng Kinh tế và Hạ tầng", "Công an huyện",
                "Ban Chỉ huy Quân sự huyện", "Trung tâm Dịch vụ nông nghiệp", "Chi cục Thống kê huyện",
                "Phòng giao dịch Ngân hàng Chính sách xã hội", "Trung tâm Y tế", "Ban Quản lý dự án",
                "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên")


@dataclass
class District:
    province: str
    name: str
    communes: list[str]


@dataclass
class Plan:
    doc_id: str
    district: District
    number: int
    year: int
    programme: tuple[str, str, str]
    text: str = ""
    tasks: list[tuple[str, str, str]] = field(default_factory=list)  # (task, lead agency, governing symbol)
    projects: list[tuple[int, str, str]] = field(default_factory=list)  # (number, title, lead agency)
    in_charge: list[tuple[str, str]] = field(default_factory=list)  # (agency, commune)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if name.split()[0] != name.split()[1] and name not in used:
            used.add(name)
            return name


def places(rng: random.Random, districts: int) -> list[District]:
    provinces, out, used_p = max(1, districts // 10), [], set()
    for _ in range(provinces):
        province = _name(rng, used_p)
        used_d: set[str] = set()
        for _ in range(min(10, districts - len(out))):
            district = _name(rng, used_d)
            used_c: set[str] = {district}
            out.append(District(province, district, [_name(rng, used_c) for _ in range(rng.randint(8, 14))]))
    return out


def _fill(rng: random.Random, template: str, communes: list[str]) -> str:
    values = {k: rng.choice(v) for k, v in FILLERS.items()}
    values["places"] = ", ".join(rng.sample(communes, 2))
    return template.format(**values)


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return f"ngày {day:02d} tháng {month:02d} năm {year}", f"{day:02d}/{month:02d}/{year}"


def plan_text(rng: random.Random, plan: Plan) -> str:
    d, (programme, approval, approved_on) = plan.district, plan.programme
    when, _ = _date(rng, plan.year)
    year, province = plan.year, d.province
    basis_no, basis_when = rng.randint(100, 3999), _date(rng, year)[1]
    resolution_no = rng.randint(10, 199)
    y, m, day = approved_on.split("-")
    lines = [
        "ỦY BAN NHÂN DÂN", f"HUYỆN {d.name.upper()}", "", f"Số: {plan.number}/KH-UBND", "",
        f"{d.name}, {when}", "", "KẾ HOẠCH",
        f"Thực hiện {programme} năm {year} trên địa bàn huyện {d.name}", "",
        f"Căn cứ Quyết định số {approval} ngày {day}/{m}/{y} của Thủ tướng Chính phủ phê duyệt {programme};", "",
        f"Căn cứ Quyết định số {basis_no}/QĐ-UBND ngày {basis_when} của Ủy ban nhân dân tỉnh {province} về giao "
        f"kế hoạch vốn thực hiện chương trình năm {year};", "",
        f"Căn cứ Nghị quyết số {resolution_no}/NQ-HĐND ngày {_date(rng, year - 1)[1]} của Hội đồng nhân dân huyện "
        f"{d.name} về kế hoạch phát triển kinh tế - xã hội năm {year};", "",
        f"Ủy ban nhân dân huyện {d.name} ban hành Kế hoạch thực hiện {programme} năm {year} như sau:", "",
        "I. MỤC TIÊU", "", "1. Mục tiêu chung", "",
        f"Triển khai hiệu quả {programme.split(' giai đoạn')[0].lower()} trên địa bàn huyện, cải thiện đời sống "
        f"vật chất và tinh thần của người dân các xã {', '.join(d.communes[:3])}.", "", "2. Chỉ tiêu cụ thể", "",
    ]
    for indicator, unit, (low, high) in rng.sample(INDICATORS, 4):
        lines += [f"- {indicator} {rng.randint(low, high)} {unit} vào năm {year};", ""]
    agencies = rng.sample(AGENCY_KINDS, 9)
    lines += ["II. NỘI DUNG THỰC HIỆN", ""]
    decision_symbol = f"{basis_no}/QĐ-UBND"
    for k, project in enumerate(rng.sample(PROJECTS, rng.randint(3, 5)), 1):
        lead, partner = rng.sample(agencies, 2)
        plan.projects.append((k, project, lead))
        lines += [f"{k}. Dự án {k}: {project}", "", "a) Nội dung thực hiện:", ""]
        for _ in range(rng.randint(2, 4)):
            task = _fill(rng, rng.choice(ACTIVITIES), d.communes)
            plan.tasks.append((task, lead, approval))
            lines += [f"- {task};", ""]
        total = rng.randint(500, 90000)
        central = total * rng.randint(50, 90) // 100
        lines += ["b) Kinh phí thực hiện:", "",
                  f"Tổng kinh phí {_vn(total)} triệu đồng, trong đó ngân sách trung ương {_vn(central)} triệu đồng, "
                  f"ngân sách địa phương {_vn(total - central)} triệu đồng.", "",
                  "c) Phân công thực hiện:", "",
                  f"Giao {lead} chủ trì, phối hợp với {partner} và Ủy ban nhân dân các xã tổ chức thực hiện.", ""]
        if rng.random() < 0.4:
            task = _fill(rng, rng.choice(ACTIVITIES), d.communes)
            plan.tasks.append((task, lead, decision_symbol))
            lines += [f"Thực hiện theo Quyết định số {decision_symbol} ngày {basis_when} của Ủy ban nhân dân tỉnh "
                      f"{province}: {task.lower()}.", ""]
    lines += ["III. TỔ CHỨC THỰC HIỆN", ""]
    communes = rng.sample(d.communes, min(len(d.communes), len(agencies)))
    for i, agency in enumerate(agencies, 1):
        task = _fill(rng, rng.choice(ACTIVITIES), d.communes)
        lines += [f"{i}. {agency}", "", f"- Chủ trì, phối hợp với các cơ quan liên quan {task[0].lower() + task[1:]}.",
                  "", f"- Tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân huyện trước ngày 15/12/{year}.", ""]
        if i <= len(communes):
            lines += [f"* Phụ trách xã: {communes[i - 1]}", ""]
            plan.in_charge.append((agency, communes[i - 1]))
    lines += [f"{len(agencies) + 1}. Ủy ban nhân dân các xã", "",
              "Chủ động phối hợp với các cơ quan, đơn vị được giao phụ trách triển khai thực hiện kế hoạch.", "",
              f"Trên đây là Kế hoạch thực hiện {programme} năm {year} trên địa bàn huyện {d.name}./.", "",
              "Nơi nhận:", f"- UBND tỉnh {province};", "- Các cơ quan, đơn vị liên quan;", "- Lưu: VT.", "",
              "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", f"{rng.choice(SYLLABLES)} Văn {rng.choice(SYLLABLES)}"]
    return "\n".join(lines) + "\n"


def corpus(n: int, seed: int = 7) -> list[Plan]:
    rng = random.Random(seed)
    districts = places(rng, max(10, n // 3))
    plans = []
    for i in range(n):
        plan = Plan(f"syn_{i:06d}", rng.choice(districts), rng.randint(10, 999), rng.choice((2022, 2023, 2024, 2025)),
                    rng.choice(PROGRAMMES))
        plan.text = plan_text(rng, plan)
        plans.append(plan)
    return plans


def questions(plans: list[Plan], n: int = 40, seed: int = 11) -> dict[str, list[dict]]:
    """Questions whose answers the generator knows, in the words staff use (some without accents)."""
    from ingest.text import fold

    rng = random.Random(seed)
    basis, responsible = [], []
    for plan in rng.sample(plans, min(n, len(plans))):
        task, lead, symbol = rng.choice(plan.tasks)
        district = plan.district.name
        q = f"{task} ở huyện {district} năm {plan.year} theo quyết định nào?"
        basis.append({"question": fold(q) if rng.random() < 0.3 else q, "answer": symbol})
        number, project, lead = rng.choice(plan.projects)
        q = f"Cơ quan nào chủ trì Dự án {number} {project.lower()} theo Kế hoạch {plan.number}/KH-UBND của huyện {district}?"
        responsible.append({"question": fold(q) if rng.random() < 0.3 else q, "answer": lead})
        if plan.in_charge and rng.random() < 0.5:
            agency, commune = rng.choice(plan.in_charge)
            q = f"{agency} phụ trách xã nào trong Kế hoạch {plan.number}/KH-UBND của huyện {district}?"
            responsible.append({"question": q, "answer": commune})
    return {"basis": basis, "responsible": responsible}


def write(plans: list[Plan], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        (out / f"{plan.doc_id}.txt").write_text(plan.text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    plans = corpus(args.docs, args.seed)
    write(plans, args.out)
    (args.out.parent / f"{args.out.name}-questions.json").write_text(
        json.dumps(questions(plans), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(plans)} plans written to {args.out}")


if __name__ == "__main__":
    main()
