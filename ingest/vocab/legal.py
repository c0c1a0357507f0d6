"""National vocabulary of Vietnamese legal citations: document types, symbol codes, issuer codes.

Sources: Law 80/2015/QH13 art. 10 (normative types), Decree 30/2020/NĐ-CP appendix III (administrative
type abbreviations), Party guideline 36-HD/VPTW, and the conventional ministry codes. Only generic,
country-wide vocabulary lives here: no province, district or agency of any particular document.
Every table is frozen; `references.py` compiles its grammar from them.
"""
from __future__ import annotations

from types import MappingProxyType

from ingest.vocab.admin import LEVEL_WORDS

# ---------------------------------------------------------------- document types

# Type word as written in running text -> (doc_type, doc_type_detail). Longest forms first matter only
# to the regex builder, which sorts by length.
DOC_TYPE_WORDS = MappingProxyType({
    "Thông tư liên tịch": ("Thông tư", "Thông tư liên tịch"),
    "Nghị quyết liên tịch": ("Nghị quyết", "Nghị quyết liên tịch"),
    "Quyết định liên tịch": ("Quyết định", "Quyết định liên tịch"),
    "Văn bản hợp nhất": ("Văn bản hợp nhất", None),
    "Chương trình hành động": ("Chương trình", "Chương trình hành động"),
    "Quyết định": ("Quyết định", None),
    "Nghị định": ("Nghị định", None),
    "Nghị quyết": ("Nghị quyết", None),
    "Thông tư": ("Thông tư", None),
    "Chỉ thị": ("Chỉ thị", None),
    "Kế hoạch": ("Kế hoạch", None),
    "Công văn": ("Công văn", None),
    "Đề án": ("Đề án", None),
    "Chương trình": ("Chương trình", None),
    "Bộ luật": ("Bộ luật", None),
    "Luật": ("Luật", None),
    "Pháp lệnh": ("Pháp lệnh", None),
    "Hướng dẫn": ("Hướng dẫn", None),
    "Thông báo": ("Thông báo", None),
    "Báo cáo": ("Báo cáo", None),
    "Tờ trình": ("Tờ trình", None),
    "Công điện": ("Công điện", None),
    "Quy định": ("Quy định", None),
    "Quy chế": ("Quy chế", None),
    "Kết luận": ("Kết luận", None),
    "Phương án": ("Phương án", None),
    "Lệnh": ("Lệnh", None),
    # generic: the type then comes from the symbol (QĐ -> Quyết định, no type code -> Công văn)
    "Văn bản": (None, None),
})

# Abbreviated type words used as a lead-in ("QĐ 880", "NĐ 27/2022", "KH số 12").
TYPE_ABBREVIATIONS = MappingProxyType({
    "QĐ": ("Quyết định", None),
    "NĐ": ("Nghị định", None),
    "NQ": ("Nghị quyết", None),
    "TTLT": ("Thông tư", "Thông tư liên tịch"),
    "TT": ("Thông tư", None),
    "KH": ("Kế hoạch", None),
    "CV": ("Công văn", None),
    "CT": ("Chỉ thị", None),
})

# Abbreviations that may take a bare number without "số" ("QĐ 880"); the others are too ambiguous
# ("TT" is also thị trấn / trung tâm, "KH" a planning department).
ABBREVIATIONS_WITHOUT_SO = frozenset({"QĐ", "NĐ", "NQ"})

# Type words that may take a bare number without "số" ("Quyết định 880"). "Báo cáo 01 năm" or
# "Chương trình 135" show why the others may not.
TYPES_WITHOUT_SO = frozenset({
    "Quyết định", "Nghị định", "Nghị quyết", "Thông tư", "Thông tư liên tịch", "Chỉ thị", "Công văn",
    "Kết luận", "Quyết định liên tịch", "Nghị quyết liên tịch",
})

# Type words whose bare number ("Chương trình số 5") is not a citation without a full symbol.
TYPES_NEEDING_SYMBOL = frozenset({"Chương trình", "Phương án", "Lệnh", "Văn bản"})

# Type codes inside symbols -> (doc_type, doc_type_detail).
TYPE_CODES = MappingProxyType({
    "QĐ": ("Quyết định", None),
    "QĐLT": ("Quyết định", "Quyết định liên tịch"),
    "NĐ": ("Nghị định", None),
    "NQ": ("Nghị quyết", None),
    "NQLT": ("Nghị quyết", "Nghị quyết liên tịch"),
    "TT": ("Thông tư", None),
    "TTLT": ("Thông tư", "Thông tư liên tịch"),
    "CT": ("Chỉ thị", None),
    "QC": ("Quy chế", None),
    "QyĐ": ("Quy định", None),
    "QĐi": ("Quy định", None),  # Party: 08-QĐi/TW
    "TB": ("Thông báo", None),
    "HD": ("Hướng dẫn", None),
    "HDLT": ("Hướng dẫn", "Hướng dẫn liên tịch"),
    "CTr": ("Chương trình", None),
    "KH": ("Kế hoạch", None),
    "PA": ("Phương án", None),
    "ĐA": ("Đề án", None),
    "DA": ("Dự án", None),
    "BC": ("Báo cáo", None),
    "TTr": ("Tờ trình", None),
    "CĐ": ("Công điện", None),
    "VBHN": ("Văn bản hợp nhất", None),
    "KL": ("Kết luận", None),
    "L": ("Luật", None),
    "PL": ("Pháp lệnh", None),
    "BB": ("Biên bản", None),
    "HĐ": ("Hợp đồng", None),
    "GM": ("Giấy mời", None),
    "GP": ("Giấy phép", None),
    "CV": ("Công văn", None),
})

# Types whose text sets rules (thresholds, rates, procedures) rather than plans its own goals; a decision
# or a resolution whose title "ban hành" a quy chế / quy định is one too (see RULE_TITLE_WORDS).
RULE_MAKING_TYPES = frozenset({
    "Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Thông tư", "Quy chế", "Quy định", "Điều lệ", "Nghị quyết",
})
RULE_TITLE_WORDS = ("ban hành quy chế", "ban hành quy định", "ban hành điều lệ", "quy định", "quy chế")
# Titles of texts "ban hành kèm theo" a decision that set rules (an annex of a plan may set its goals).
RULE_ATTACHMENT_WORDS = ("quy định", "quy chế", "quy trình", "điều lệ")

# Document type of a symbol without type code: number/ISSUER-UNIT is an official letter.
LETTER_TYPE = "Công văn"
# Number/year/QHnn (no type code) is a law; Nghị quyết of the Assembly carries NQ.
LAW_TYPE = "Luật"

# ---------------------------------------------------------------- issuers

# Unambiguous national issuer codes -> issuer name. Local codes (UBND, HĐND, TU, HU, ĐU, S...) are not
# here on purpose: their place comes from the text, never from the symbol.
ISSUER_CODES = MappingProxyType({
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "UBDT": "Ủy ban Dân tộc",
    "TTCP": "Thanh tra Chính phủ",
    "KTNN": "Kiểm toán nhà nước",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "BTC": "Bộ Tài chính",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNN": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BCT": "Bộ Công Thương",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BNG": "Bộ Ngoại giao",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
})

# Codes that say "a local body" without saying which one; kept to recognise symbols, never to name.
LOCAL_ISSUER_CODES = frozenset({
    "UBND", "HĐND", "TU", "HU", "ĐU", "TW", "TTHĐND", "BTV", "BCĐ", "VP", "MTTQ", "BCH", "TX", "TP",
    "HUBND",
})

# Mixed-case codes must keep their case ("TTG" -> "TTg"); all other codes are written upper-case.
MIXED_CASE_CODES = frozenset({"TTg", "CTr", "QyĐ", "QĐi", "TTr"})

# ---------------------------------------------------------------- issuer grammar

# Lower-case syllables that occur inside agency names ("Thủ tướng Chính phủ", "Ủy ban nhân dân",
# "Bộ Giáo dục và Đào tạo"); an issuer phrase may continue through them, not through other words.
AGENCY_SYLLABLES = frozenset({
    "tướng", "phủ", "ban", "nhân", "dân", "hội", "đồng", "vụ", "hành", "bộ", "ủy", "uỷ", "ương", "chính",
    "trị", "thư", "tịch", "trực", "đạo", "nghiệp", "triển", "nông", "thôn", "động", "binh", "dục", "tạo",
    "tế", "nguyên", "trường", "hóa", "hoá", "thao", "lịch", "tin", "pháp", "dựng", "vận", "tải",
    "học", "nghệ", "tộc", "giáo", "hàng", "nước", "toán", "hoạch", "tư", "quốc", "cục", "sát", "tra",
    "trưởng", "tổng", "kê", "quản", "lý", "trận", "đoàn", "viện", "nhà", "sách", "tài", "môi", "sự",
    "huy", "thương", "nội", "tối", "đốc", "mới", "phòng", "cao", "kiểm", "điều", "phối", "xã", "đảng", "thông",
})

# Words that introduce a place inside an issuer ("UBND tỉnh Lai Châu").
LOCALITY_WORDS = frozenset(w for level in LEVEL_WORDS for w in level.split())

# Words that open a document title after the citation ("... ngày 18/01/2022 về phê duyệt ...").
TITLE_STARTS = (
    "về việc", "về", "v/v", "quy định", "ban hành", "phê duyệt", "thông qua", "hướng dẫn", "sửa đổi",
    "bổ sung", "giao", "phân bổ", "điều chỉnh", "thành lập", "kiện toàn", "ủy quyền", "uỷ quyền",
    "triển khai", "thực hiện",
)

# Title words after ";" that continue the same title ("... 2021-2030; giai đoạn I từ 2021-2025").
TITLE_CONTINUATIONS = ("giai đoạn", "tầm nhìn", "định hướng")

# Title starts that are also everyday verbs: a title only after "của <issuer>" ("Kế hoạch số
# 12/KH-UBND ngày ... của UBND tỉnh thực hiện ...", not "giao tại Quyết định số 747/QĐ-UBND ngày ... thực
# hiện Chương trình ... là 82.075 triệu đồng").
WEAK_TITLE_STARTS = ("thực hiện", "triển khai", "giao", "hướng dẫn", "bổ sung", "phân bổ", "điều chỉnh")

# After a comma, these open the rest of the sentence, not more of the title ("..., qua đó phát huy ...").
TITLE_CLAUSE_BREAKS = ("qua đó", "nhằm", "đồng thời", "góp phần", "trong đó", "cụ thể", "để", "tạo",
                       "đảm bảo", "bảo đảm", "với", "theo đó", "có hiệu lực")

# A chain of changes that follows a title ("Nghị định số 27/2022/NĐ-CP ... quy định cơ chế ..., được sửa
# đổi, bổ sung bởi Nghị định số 38/2023/NĐ-CP"): the title ends before it, so the amending act stands
# beside the first one in the basis, not inside its title.
TITLE_CHAIN_BREAKS = ("được sửa đổi", "được bổ sung", "được thay thế", "đã được sửa đổi", "đã được bổ sung",
                      "sửa đổi, bổ sung bởi")

# ---------------------------------------------------------------- how a document relates to what it cites

# Openers of a line of the opening preamble, by the relation they give to the acts they introduce.
# "Căn cứ ..." names a legal basis; "Thực hiện / Triển khai ..." an act the document carries out;
# "Xét Tờ trình ...", "Theo đề nghị của ... tại Công văn ..." a proposal the issuer considered, which is
# not a legal basis (Law 80/2015 art. 61 lists the basis; the proposal is the drafting file).
BASIS_OPENERS = ("căn cứ", "trên cơ sở")
IMPLEMENT_OPENERS = ("thực hiện", "triển khai", "thi hành", "cụ thể hóa", "cụ thể hoá", "tổ chức thực hiện")
# Words that may stand before an implementing verb at the start of a line ("Để tiếp tục thực hiện ...").
IMPLEMENT_OPENER_PREFIXES = ("để", "nhằm", "tiếp tục", "để tiếp tục", "nhằm tiếp tục", "để kịp thời")
CONSIDER_OPENERS = ("xét", "theo đề nghị", "xét đề nghị", "theo ý kiến", "trên cơ sở đề nghị", "theo tờ trình")

# Documents that are proposals or reports: in an opening they were considered, never relied on as law.
PROPOSAL_TYPES = frozenset({"Tờ trình", "Báo cáo"})

# Verbs by which a document changes another, read right before the cited act ("Sửa đổi, bổ sung một số
# điều của Nghị quyết số ..."); "thay thế" replaces, "bãi bỏ" repeals.
AMEND_VERBS = ("sửa đổi", "bổ sung một số điều", "đính chính")
REPLACE_VERBS = ("thay thế",)
REPEAL_VERBS = ("bãi bỏ", "hủy bỏ", "huỷ bỏ", "chấm dứt hiệu lực", "bãi bỏ toàn bộ")
# Parts of an act a change may name ("thay thế một số điều, phụ lục của Thông tư số ...", "bãi bỏ một số từ,
# cụm từ tại Nghị quyết số ..."): replacing or repealing parts of an act amends it.
ACT_PART_WORDS = ("điều", "khoản", "điểm", "từ", "cụm từ", "phụ lục", "mẫu", "biểu mẫu", "chương", "mục", "tiết",
                  "nội dung", "quy định")
# Said after the act: "Quyết định số ... hết hiệu lực kể từ ngày ..." (a whole act lapses).
LAPSE_PHRASES = ("hết hiệu lực", "không còn hiệu lực", "bị bãi bỏ", "được bãi bỏ")
# Words right before a change verb that make it not this document's own act: a proposal, a process, a
# passive ("được sửa đổi bởi" another act) or a future act ("trình Nghị quyết sửa đổi ...").
NOT_OPERATIVE_BEFORE_VERB = (
    "đề nghị", "kiến nghị", "nghiên cứu", "xem xét", "trình", "dự thảo", "xây dựng", "quá trình", "việc",
    "được", "bị", "sẽ", "cần", "để", "đang", "chưa", "tham mưu", "đề xuất", "văn bản", "về",
)

# Implementing verbs in the body: the act is their direct object ("Triển khai nghiêm túc Nghị quyết số
# ..."); "thực hiện theo ..." or "theo quy định tại ..." only mention it.
IMPLEMENT_VERBS = ("triển khai thực hiện", "tổ chức thực hiện", "triển khai thi hành", "thực hiện", "triển khai",
                   "thi hành", "cụ thể hóa", "cụ thể hoá")
# Manner words that may stand between such a verb and its object.
IMPLEMENT_ADVERBS = ("có hiệu quả", "hiệu quả", "nghiêm túc", "nghiêm", "chất lượng", "tốt", "đầy đủ", "kịp thời",
                     "quyết liệt", "đồng bộ", "thắng lợi", "triệt để", "các", "và", "nội dung", "các nội dung",
                     "nhiệm vụ", "các nhiệm vụ", "mục tiêu", "các mục tiêu")

# Lower-case words that follow a citation and are sometimes glued to its last code by lost spacing
# ("…/QĐ-TTgcủa Thủ tướng", "…/NQ-HĐNDngày 12"): the symbol ends where one of them begins.
SYMBOL_FOLLOWERS = ("ngày", "của", "về", "và", "do", "tại", "được", "năm", "quy", "ban", "phê", "hướng", "sửa",
                    "theo", "thì", "đã", "với", "trong", "có")

# Letters of other scripts that look like Latin capitals and turn up inside symbols copied from the web
# ("NĐ-СР" with Cyrillic С and Р): each maps to the Latin letter it imitates. Only inside a symbol-like
# token are they read as Latin; Greek letters in formulas (λ, μ) are not look-alikes and stay.
CONFUSABLE_LETTERS = MappingProxyType({
    # Cyrillic
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O",
    "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x", "у": "y",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
})


# Tables of tasks, as web copies flatten them one cell per paragraph: the header cell that numbers the
# rows, and the words of a column that names who leads ("Cơ quan chủ trì", "Đơn vị đầu mối"). A table whose
# header has no such column (targets, budgets, sites) is left as it is.
TABLE_NUMBER_HEADERS = ("tt", "stt", "số tt", "số thứ tự")
TASK_TABLE_LEAD_WORDS = ("chủ trì", "đầu mối")
# The column that holds the task ("Nhiệm vụ", "Nội dung", "Tên nhiệm vụ", "Hoạt động"): a table of targets
# ("Chỉ tiêu | Đơn vị | Cơ quan chủ trì theo dõi") is no table of tasks.
TASK_TABLE_TASK_WORDS = ("nhiệm vụ", "nội dung", "công việc", "hoạt động", "giải pháp")
