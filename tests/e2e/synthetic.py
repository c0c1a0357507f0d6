"""A synthetic corpus of invented plans (no real document, no real place): provinces and districts with
made-up names, national decisions approving made-up programmes, province plans that carry them out,
district plans that cite the decisions, implement the province plans, replace their previous year's
plan, and assign tasks to offices and communes. Used to look at the graph view at a hundred documents.
"""
from __future__ import annotations

from pathlib import Path

SYLLABLES = ["Tân", "Hòa", "Lạc", "Phú", "Bình", "An", "Minh", "Vĩnh", "Thạnh", "Đông", "Sơn", "Hưng", "Long",
             "Phước", "Thuận", "Mỹ", "Quang", "Trung", "Hà", "Kim"]
PROVINCES = ["Lâm Hà", "Sơn Nam"]
PROGRAMMES = [("giảm nghèo bền vững", 152), ("xây dựng nông thôn mới", 163), ("phát triển văn hóa đọc", 171),
              ("chuyển đổi số cấp huyện", 184)]
OFFICES = ["Phòng Tài chính - Kế hoạch", "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Văn hóa và Thông tin",
           "Phòng Lao động - Thương binh và Xã hội"]
HEADER = """ỦY BAN NHÂN DÂN
{issuer_upper}
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: {number}/KH-UBND
{place}, ngày {day} tháng {month} năm {year}

KẾ HOẠCH
{title}
"""
CLOSING = """
Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn {signer}
"""


def _name(i: int, j: int) -> str:
    return f"{SYLLABLES[i % len(SYLLABLES)]} {SYLLABLES[j % len(SYLLABLES)]}"


DECREE = ("Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ quy định cơ chế quản lý, tổ chức thực hiện "
          "các chương trình mục tiêu quốc gia")  # cited by every plan


def _decision(programme: str, number: int) -> str:
    return (f"Quyết định số {number}/QĐ-TTg ngày 10/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình "
            f"mục tiêu quốc gia {programme} giai đoạn 2021-2025")


def write_corpus(folder: Path, documents: int = 100) -> list[Path]:
    """`documents` invented plans in `folder`: 2 province plans per programme pair, the rest district plans."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    province_plans: list[tuple[str, int, str]] = []  # (province, number, programme)
    for p, province in enumerate(PROVINCES):
        for k, (programme, decision) in enumerate(PROGRAMMES[:2]):
            number = 40 + p * 10 + k
            title = f"Thực hiện Chương trình mục tiêu quốc gia {programme} trên địa bàn tỉnh năm 2023"
            body = HEADER.format(issuer_upper=f"TỈNH {province.upper()}", number=number, place=province, day=15,
                                 month=2, year=2023, title=title)
            body += f"\nCăn cứ {DECREE};\nCăn cứ {_decision(programme, decision)};\n"
            body += f"Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Chương trình {programme} như sau:\n\n"
            body += "I. NHIỆM VỤ\n"
            body += f"1. Sở Tài chính chủ trì bố trí kinh phí thực hiện Chương trình {programme}.\n"
            body += "2. Ủy ban nhân dân các huyện xây dựng kế hoạch thực hiện.\n"
            body += CLOSING.format(signer=SYLLABLES[p])
            path = folder / f"tinh_{p}_{k}.txt"
            path.write_text(body, encoding="utf-8")
            paths.append(path)
            province_plans.append((province, number, programme))
    district_docs = documents - len(paths)
    districts = 12
    per_district = -(-district_docs // districts)
    made = 0
    for d in range(districts):
        province = PROVINCES[d % len(PROVINCES)]
        district = _name(d, d + 7)
        communes = [_name(d + c + 3, c + 11) for c in range(4)]
        previous: dict[str, int] = {}
        for n in range(per_district):
            if made == district_docs:
                break
            programme, decision = PROGRAMMES[n % len(PROGRAMMES)]
            year = 2021 + (n // len(PROGRAMMES)) % 5
            number = 100 + d * 20 + n
            title = f"Thực hiện Chương trình mục tiêu quốc gia {programme} năm {year}"
            body = HEADER.format(issuer_upper=f"HUYỆN {district.upper()}", number=number, place=district,
                                 day=5 + n, month=3, year=year, title=title)
            body += f"\nCăn cứ {DECREE};\nCăn cứ {_decision(programme, decision)};\n"
            own = [pp for pp in province_plans if pp[0] == province and pp[2] == programme]
            if own:
                body += (f"Thực hiện Kế hoạch số {own[0][1]}/KH-UBND ngày 15/02/2023 của Ủy ban nhân dân tỉnh "
                         f"{province} về thực hiện Chương trình {programme};\n")
            body += f"Ủy ban nhân dân huyện ban hành Kế hoạch thực hiện năm {year} như sau:\n\n"
            body += "I. MỤC TIÊU\n"
            body += f"Phấn đấu 2 xã đạt mục tiêu của Chương trình {programme} trong năm {year}.\n\n"
            body += "II. NHIỆM VỤ\n"
            first, second = OFFICES[n % len(OFFICES)], OFFICES[(n + 1) % len(OFFICES)]
            body += f"1. {first} chủ trì tổ chức thực hiện các nội dung của Chương trình.\n"
            body += f"2. {second} phối hợp hướng dẫn các xã triển khai thực hiện.\n"
            a, b = communes[n % 4], communes[(n + 1) % 4]
            body += f"3. Ủy ban nhân dân xã {a}, xã {b} tổ chức thực hiện trên địa bàn xã.\n"
            if programme in previous:
                body += (f"\nIII. HIỆU LỰC\nKế hoạch này thay thế Kế hoạch số {previous[programme]}/KH-UBND "
                         f"ngày {4 + n}/3/{year - 1} của Ủy ban nhân dân huyện {district}.\n")
            previous[programme] = number
            body += CLOSING.format(signer=SYLLABLES[d])
            path = folder / f"huyen_{d:02d}_{n:02d}.txt"
            path.write_text(body, encoding="utf-8")
            paths.append(path)
            made += 1
    return paths
