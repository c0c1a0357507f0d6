"""Hand-made extractions: the fixture of the graph tests and of the graph benchmark.

Not used by the pipeline. The texts paraphrase the kind of clauses the sample plans contain, so that
the graph code can be exercised without the parser and the extractors; `DocumentMaker` builds a
`Document` whose spans are consistent with its text, so provenance can be checked for real.
"""
from __future__ import annotations

from ingest.model import (
    Agency,
    Assignment,
    Budget,
    Clause,
    Document,
    Extraction,
    Header,
    Place,
    Reference,
    Section,
    Signature,
    Span,
    Target,
)


class DocumentMaker:
    """Append headings and clauses; spans are offsets into the text being built."""

    def __init__(self, doc_id: str, header: Header, *, source: str | None = None) -> None:
        self.doc_id = doc_id
        self.header = header
        self.source = source or f"{doc_id}.txt"
        self.text = ""
        self.root = Section(id=f"{doc_id}:", path="", kind="root", label="", title="", level=0, span=(0, 0))
        self.preamble: list[Clause] = []
        self.closing: list[Clause] = []
        self._counts: dict[str, int] = {}
        self._breadcrumbs: dict[str, list[str]] = {self.root.id: []}
        self._parents: dict[str, Section] = {}

    def _append(self, text: str) -> Span:
        start = len(self.text)
        self.text += text + "\n"
        return (start, start + len(text))

    def _clause(self, section_id: str, path: str, text: str, kind: str, marker: str | None,
                breadcrumb: list[str]) -> Clause:
        n = self._counts.get(section_id, 0) + 1
        self._counts[section_id] = n
        span = self._append(text)
        return Clause(id=f"{self.doc_id}:{path}.p{n}", doc_id=self.doc_id, section_id=section_id, text=text,
                      span=span, source_span=span, kind=kind, marker=marker, breadcrumb=list(breadcrumb))

    def pre(self, text: str) -> Clause:
        clause = self._clause(self.root.id, "pre", text, "preamble", None, [])
        self.preamble.append(clause)
        return clause

    def section(self, path: str, label: str, title: str, *, kind: str = "arabic", parent: Section | None = None,
                project: str | None = None, subproject: str | None = None) -> Section:
        parent = parent or self.root
        span = self._append(f"{label}. {title}")
        level = parent.level + 1
        section = Section(id=f"{self.doc_id}:{path}", path=path, kind=kind, label=label, title=title, level=level,
                          span=span, project=project, subproject=subproject)
        parent.children.append(section)
        self._parents[section.id] = parent
        self._breadcrumbs[section.id] = self._breadcrumbs[parent.id] + [f"{label}. {title}"]
        return section

    def para(self, section: Section, text: str, *, marker: str | None = None) -> Clause:
        clause = self._clause(section.id, section.path, text, "bullet" if marker else "paragraph", marker,
                              self._breadcrumbs[section.id])
        section.clauses.append(clause)
        node: Section | None = section
        while node is not None and node is not self.root:  # sections span their content
            node.span = (node.span[0], clause.span[1])
            node = self._parents.get(node.id)
        return clause

    def close(self, text: str) -> Clause:
        clause = self._clause(self.root.id, "end", text, "closing", None, [])
        self.closing.append(clause)
        return clause

    def span(self, clause: Clause, needle: str) -> Span:
        """Where `needle` stands in the document text, inside `clause`."""
        at = clause.text.index(needle)
        return (clause.span[0] + at, clause.span[0] + at + len(needle))

    def build(self, signature: Signature | None = None) -> Document:
        self.root.span = (0, len(self.text))
        return Document(id=self.doc_id, source=self.source, sha256="0" * 64, text=self.text, header=self.header,
                        preamble=self.preamble, body=self.root, closing=self.closing, signature=signature)


def _ref(maker: DocumentMaker, clause: Clause, needle: str, relation: str, **fields) -> Reference:
    return Reference(text=clause.text, clause_id=clause.id, span=maker.span(clause, needle), relation=relation,
                     as_written=needle, **fields)


PHONG_THO = "huyện Phong Thổ"
LDTBXH = "Phòng Lao động - Thương binh và Xã hội"
LDTBXH_KIND = "phong-lao-dong-thuong-binh-va-xa-hoi"
PROGRAMME_90 = "về phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025"


def plan_phong_tho_2022() -> Extraction:
    """A numbered plan for 2022 of a district, structured by the programme's projects."""
    m = DocumentMaker("s1_phong_tho_2022", Header(
        issuer="Ủy ban nhân dân huyện Phong Thổ", issuer_parent="Ủy ban nhân dân tỉnh Lai Châu",
        symbol="245/KH-UBND", number="245", place="Phong Thổ", date="2022-08-03", doc_type="Kế hoạch",
        title="Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2022"))
    basis = m.pre("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ về phê duyệt "
                  "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025;")
    goals = m.section("I", "I", "MỤC TIÊU", kind="roman")
    target = m.para(goals, "Tỷ lệ hộ nghèo giảm từ 4% trở lên trong năm 2022.", marker="-")
    content = m.section("II", "II", "NỘI DUNG THỰC HIỆN", kind="roman")
    p4 = m.section("II.1", "1", "Dự án 4: Phát triển giáo dục nghề nghiệp, việc làm bền vững", parent=content,
                   project="Dự án 4")
    budget = m.para(p4, "Kinh phí thực hiện 1.200 triệu đồng, trong đó NSTW 1.000 triệu đồng, NSĐP 200 triệu đồng.")
    p6 = m.section("II.2", "2", "Dự án 6: Truyền thông và giảm nghèo về thông tin", parent=content, project="Dự án 6")
    sp2 = m.section("II.2.a", "a", "Tiểu dự án 2: Truyền thông về giảm nghèo đa chiều", kind="alpha", parent=p6,
                    project="Dự án 6", subproject="Tiểu dự án 2")
    media = m.para(sp2, "Tổ chức tuyên truyền về giảm nghèo đa chiều tại xã Sì Lở Lầu.")
    org = m.section("III", "III", "TỔ CHỨC THỰC HIỆN", kind="roman")
    ld = m.section("III.1", "1", LDTBXH, parent=org)
    lead = m.para(ld, "Chủ trì, phối hợp với các phòng, ban liên quan hướng dẫn các xã rà soát hộ nghèo, hộ cận nghèo.",
                  marker="-")
    report = m.para(ld, "Tổng hợp, báo cáo Ủy ban nhân dân huyện kết quả thực hiện trước ngày 15/12/2022.", marker="-")
    dt = m.section("III.2", "2", "Phòng Dân tộc", parent=org)
    coop = m.para(dt, "Phối hợp với Phòng Lao động - Thương binh và Xã hội thực hiện Dự án 4.", marker="-")
    doc = m.build(Signature(authority="TM. ỦY BAN NHÂN DÂN", capacity="KT. CHỦ TỊCH", position="PHÓ CHỦ TỊCH",
                            signer="Nguyễn Văn A"))
    ldtbxh = Agency(name=LDTBXH, canonical=LDTBXH, kind=LDTBXH_KIND, locality=PHONG_THO)
    dan_toc = Agency(name="Phòng Dân tộc", canonical="Phòng Dân tộc", kind="phong-dan-toc", locality=PHONG_THO)
    ubnd = Agency(name="Ủy ban nhân dân huyện", canonical="Ủy ban nhân dân huyện", kind="uy-ban-nhan-dan-huyen",
                  locality=PHONG_THO)
    return Extraction(
        document=doc,
        references=[_ref(m, basis, "Quyết định số 90/QĐ-TTg ngày 18/01/2022", "basis", symbol="90/QĐ-TTg",
                         number="90", doc_type="Quyết định", issuer="Thủ tướng Chính phủ", date="2022-01-18",
                         title=PROGRAMME_90)],
        assignments=[
            Assignment(agency=ldtbxh, role="lead", text=lead.text, clause_id=lead.id, span=lead.span,
                       task="hướng dẫn các xã rà soát hộ nghèo, hộ cận nghèo", verb="chủ trì"),
            Assignment(agency=ubnd, role="report_to", text=report.text, clause_id=report.id, span=report.span,
                       task="báo cáo kết quả thực hiện", reporter=ldtbxh, verb="báo cáo"),
            Assignment(agency=dan_toc, role="cooperate", text=coop.text, clause_id=coop.id, span=coop.span,
                       task="thực hiện Dự án 4", verb="phối hợp", project="Dự án 4"),
        ],
        places=[Place(name="Sì Lở Lầu", level="xã", text=media.text, clause_id=media.id,
                      span=m.span(media, "xã Sì Lở Lầu"), code="03550", district="Huyện Phong Thổ",
                      province="Tỉnh Lai Châu")],
        targets=[Target(indicator="Tỷ lệ hộ nghèo giảm", value=4.0, text=target.text, clause_id=target.id,
                        span=m.span(target, "Tỷ lệ hộ nghèo giảm từ 4% trở lên"), unit="%", comparator=">=",
                        year=2022)],
        budgets=[
            Budget(amount_million_vnd=1000.0, text=budget.text, clause_id=budget.id,
                   span=m.span(budget, "NSTW 1.000 triệu đồng"), source="NSTW", purpose="Dự án 4",
                   programme="Dự án 4", amount_as_written="1.000 triệu đồng"),
            Budget(amount_million_vnd=200.0, text=budget.text, clause_id=budget.id,
                   span=m.span(budget, "NSĐP 200 triệu đồng"), source="NSĐP", purpose="Dự án 4",
                   programme="Dự án 4", amount_as_written="200 triệu đồng"),
        ],
    )


def plan_phong_tho_out_of_poverty() -> Extraction:
    """A plan whose header was cut off (no symbol, no date), with communes given to agencies."""
    m = DocumentMaker("s2_phong_tho_thoat_ngheo", Header(
        issuer="Ủy ban nhân dân huyện Phong Thổ", place="Phong Thổ", doc_type="Kế hoạch",
        title="Kế hoạch thực hiện Chương trình phát triển kinh tế - xã hội đưa huyện Phong Thổ ra khỏi huyện "
              "nghèo vào năm 2025"))
    basis = m.pre("Căn cứ Quyết định của Thủ tướng Chính phủ: số 1719/QĐ-TTg ngày 14/10/2021 về phê duyệt "
                  "Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và "
                  "miền núi giai đoạn 2021-2030; số 90/QĐ-TTg ngày 18/01/2022 về phê duyệt Chương trình mục tiêu "
                  "Quốc gia giảm nghèo bền vững, giai đoạn 2021-2025;")
    province = m.pre("Căn cứ Kế hoạch số 459/KH-UBND ngày 15/02/2023 của UBND tỉnh Lai Châu về việc hỗ trợ huyện "
                     "Phong Thổ thoát khỏi tình trạng nghèo giai đoạn 2022-2025;")
    party = m.pre("Thực hiện Nghị quyết số 04-NQ/HU ngày 22/12/2022 của Huyện ủy Phong Thổ về tăng cường sự lãnh "
                  "đạo của các cấp ủy Đảng đưa huyện Phong Thổ ra khỏi huyện nghèo vào năm 2025.")
    goals = m.section("II", "II", "MỤC TIÊU", kind="roman")
    rate = m.para(goals, "Tỷ lệ hộ nghèo đến năm 2025 còn dưới 30%.", marker="-")
    money = m.section("IV", "IV", "KINH PHÍ THỰC HIỆN", kind="roman")
    total = m.para(money, "Tổng kinh phí 140.730 triệu đồng (NSTW là 81.280 triệu đồng, NSĐP là 8.128 triệu đồng, "
                          "vốn tín dụng là 50.450 triệu đồng); vốn lồng ghép 486.966 triệu đồng; cộng đồng dân cư "
                          "tham gia đóng góp 3.035 triệu đồng.")
    org = m.section("VI", "VI", "TỔ CHỨC THỰC HIỆN", kind="roman")
    ld = m.section("VI.2.1", "2.1", LDTBXH, kind="dotted", parent=org)
    ld_lead = m.para(ld, "Chủ trì, phối hợp với các phòng, ban, ngành, Ủy ban nhân dân xã, thị trấn hướng dẫn, theo "
                         "dõi, kiểm tra việc thực hiện kế hoạch thoát nghèo.", marker="-")
    ld_commune = m.para(ld, "Phụ trách xã: Tung Qua Lìn", marker="*")
    dt = m.section("VI.2.2", "2.2", "Phòng Dân tộc", kind="dotted", parent=org)
    dt_commune = m.para(dt, "Phụ trách xã: Sì Lở Lầu", marker="*")
    rung = m.section("VI.2.3", "2.3", "Ban quản lý rừng phòng hộ", kind="dotted", parent=org)
    rung_commune = m.para(rung, "Đồng phụ trách xã Sì Lở Lầu cùng với Phòng Dân tộc.", marker="*")
    doc = m.build()
    ldtbxh = Agency(name=LDTBXH, canonical=LDTBXH, kind=LDTBXH_KIND, locality=PHONG_THO)
    dan_toc = Agency(name="Phòng Dân tộc", canonical="Phòng Dân tộc", kind="phong-dan-toc", locality=PHONG_THO)
    rung_ph = Agency(name="Ban quản lý rừng phòng hộ", canonical="Ban Quản lý rừng phòng hộ",
                     kind="ban-quan-ly-rung-phong-ho", locality=PHONG_THO)

    def b(amount: float, needle: str, source: str | None) -> Budget:
        return Budget(amount_million_vnd=amount, text=total.text, clause_id=total.id, span=m.span(total, needle),
                      source=source, purpose="thực hiện kế hoạch giảm nghèo", amount_as_written=needle)

    return Extraction(
        document=doc,
        references=[
            _ref(m, basis, "số 1719/QĐ-TTg ngày 14/10/2021", "basis", symbol="1719/QĐ-TTg", number="1719",
                 doc_type="Quyết định", issuer="Thủ tướng Chính phủ", date="2021-10-14",
                 title="về phê duyệt Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân "
                       "tộc thiểu số và miền núi giai đoạn 2021-2030"),
            _ref(m, basis, "số 90/QĐ-TTg ngày 18/01/2022", "basis", symbol="90/QĐ-TTg", number="90",
                 doc_type="Quyết định", issuer="Thủ tướng Chính phủ", date="2022-01-18",
                 title="về phê duyệt Chương trình mục tiêu Quốc gia giảm nghèo bền vững, giai đoạn 2021-2025"),
            _ref(m, province, "Kế hoạch số 459/KH-UBND ngày 15/02/2023 của UBND tỉnh Lai Châu", "basis",
                 symbol="459/KH-UBND", number="459", doc_type="Kế hoạch", issuer="UBND tỉnh Lai Châu",
                 date="2023-02-15", title="về việc hỗ trợ huyện Phong Thổ thoát khỏi tình trạng nghèo giai đoạn "
                                          "2022-2025"),
            _ref(m, party, "Nghị quyết số 04-NQ/HU ngày 22/12/2022 của Huyện ủy Phong Thổ", "implements",
                 symbol="04-NQ/HU", number="04", doc_type="Nghị quyết", issuer="Huyện ủy Phong Thổ",
                 date="2022-12-22"),
        ],
        assignments=[
            Assignment(agency=ldtbxh, role="lead", text=ld_lead.text, clause_id=ld_lead.id, span=ld_lead.span,
                       task="hướng dẫn, theo dõi, kiểm tra việc thực hiện kế hoạch thoát nghèo", verb="chủ trì"),
            Assignment(agency=ldtbxh, role="in_charge_commune", text=ld_commune.text, clause_id=ld_commune.id,
                       span=ld_commune.span, commune="Tung Qua Lìn", verb="phụ trách"),
            Assignment(agency=dan_toc, role="in_charge_commune", text=dt_commune.text, clause_id=dt_commune.id,
                       span=dt_commune.span, commune="Sì Lở Lầu", verb="phụ trách"),
            Assignment(agency=rung_ph, role="co_in_charge_commune", text=rung_commune.text,
                       clause_id=rung_commune.id, span=rung_commune.span, commune="Sì Lở Lầu",
                       verb="đồng phụ trách"),
        ],
        places=[
            Place(name="Tung Qua Lìn", level="xã", text=ld_commune.text, clause_id=ld_commune.id,
                  span=m.span(ld_commune, "Tung Qua Lìn"), code="03565", district="Huyện Phong Thổ",
                  province="Tỉnh Lai Châu"),
            Place(name="Sì Lở Lầu", level="xã", text=dt_commune.text, clause_id=dt_commune.id,
                  span=m.span(dt_commune, "Sì Lở Lầu"), code="03550", district="Huyện Phong Thổ",
                  province="Tỉnh Lai Châu"),
        ],
        targets=[Target(indicator="Tỷ lệ hộ nghèo", value=30.0, text=rate.text, clause_id=rate.id,
                        span=m.span(rate, "Tỷ lệ hộ nghèo đến năm 2025 còn dưới 30%"), unit="%", comparator="<",
                        year=2025)],
        budgets=[
            b(81280.0, "NSTW là 81.280 triệu đồng", "NSTW"),
            b(8128.0, "NSĐP là 8.128 triệu đồng", "NSĐP"),
            b(50450.0, "vốn tín dụng là 50.450 triệu đồng", "vốn tín dụng"),
            b(486966.0, "vốn lồng ghép 486.966 triệu đồng", "lồng ghép"),
            b(3035.0, "cộng đồng dân cư tham gia đóng góp 3.035 triệu đồng", "dân góp"),
        ],
    )


def plan_muong_lay() -> Extraction:
    """A plan of another province's town: same agency type as Phong Thổ, another agency."""
    m = DocumentMaker("s3_muong_lay", Header(
        issuer="Ủy ban nhân dân thị xã Mường Lay", issuer_parent="Ủy ban nhân dân tỉnh Điện Biên",
        place="Mường Lay", doc_type="Kế hoạch",
        title="Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025 trên "
              "địa bàn thị xã Mường Lay"))
    basis = m.pre("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình "
                  "MTQG giảm nghèo bền vững giai đoạn 2021-2025;")
    goals = m.section("I", "I", "MỤC TIÊU", kind="roman")
    rate = m.para(goals, "Tỷ lệ hộ nghèo giảm bình quân từ 1-1,5%/năm.", marker="-")
    money = m.section("III", "III", "KINH PHÍ", kind="roman")
    p2 = m.section("III.1", "1.1", "Dự án 2: Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo: 2.100 triệu đồng",
                   kind="dotted", parent=money, project="Dự án 2")
    fund = m.para(p2, "Nguồn vốn ngân sách trung ương 2.100 triệu đồng.")
    org = m.section("IV", "IV", "TỔ CHỨC THỰC HIỆN", kind="roman")
    ld = m.section("IV.1", "1", LDTBXH, parent=org)
    lead = m.para(ld, "Là cơ quan thường trực, chủ trì tham mưu tổ chức thực hiện Chương trình; phụ trách xã Lay Nưa.")
    doc = m.build()
    ldtbxh = Agency(name=LDTBXH, canonical=LDTBXH, kind=LDTBXH_KIND, locality="thị xã Mường Lay")
    return Extraction(
        document=doc,
        references=[_ref(m, basis, "Quyết định số 90/QĐ-TTg ngày 18/01/2022", "basis", symbol="90/QĐ-TTg",
                         number="90", doc_type="Quyết định", issuer="Thủ tướng Chính phủ", date="2022-01-18",
                         title="phê duyệt Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025")],
        assignments=[
            Assignment(agency=ldtbxh, role="lead", text=lead.text, clause_id=lead.id, span=lead.span,
                       task="tham mưu tổ chức thực hiện Chương trình", verb="chủ trì"),
            Assignment(agency=ldtbxh, role="in_charge_commune", text=lead.text, clause_id=lead.id, span=lead.span,
                       commune="xã Lay Nưa", verb="phụ trách"),
        ],
        places=[Place(name="Lay Nưa", level="xã", text=lead.text, clause_id=lead.id,
                      span=m.span(lead, "xã Lay Nưa"), code="03184", district="Thị xã Mường Lay",
                      province="Tỉnh Điện Biên")],
        targets=[Target(indicator="Tỷ lệ hộ nghèo giảm bình quân", value=1.0, value_max=1.5, text=rate.text,
                        clause_id=rate.id, span=m.span(rate, "Tỷ lệ hộ nghèo giảm bình quân từ 1-1,5%/năm"),
                        unit="%", comparator="range")],
        budgets=[Budget(amount_million_vnd=2100.0, text=fund.text, clause_id=fund.id,
                        span=m.span(fund, "ngân sách trung ương 2.100 triệu đồng"), source="ngân sách trung ương",
                        purpose="Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo", programme="Dự án 2",
                        amount_as_written="2.100 triệu đồng")],
    )


def sample_extractions() -> list[Extraction]:
    return [plan_phong_tho_2022(), plan_phong_tho_out_of_poverty(), plan_muong_lay()]
