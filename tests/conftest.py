"""The fixture corpus every test module shares: the sample documents of `corpus/`, ingested once per test
session (per xdist worker) with the deterministic hashing encoder, and the hand-made extractions of
`tests/samples.py` for tests that exercise the graph without the parser.

The data folders are read-only for the tests that share them; a test that writes (upload, delete,
re-ingest) copies one first (`copy_data`).
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN = "003_609cd0d87b161299"  # Kế hoạch 245/KH-UBND: projects, subprojects, programme approvals


def _ingest(folder: Path, paths: list[Path], *, graph_only: bool = False) -> Path:
    from api.settings import Settings
    from api.stages import GraphStage
    from api.workspace import Workspace

    settings = Settings(data_dir=folder, encoder="hashing", corpus_dir=str(CORPUS))
    stages = [GraphStage(settings)] if graph_only else None
    Workspace(settings, stages=stages).ingest(paths)
    return folder


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory) -> Path:
    """The whole sample corpus: graph and search index (hashing encoder)."""
    return _ingest(tmp_path_factory.mktemp("corpus") / "data", [CORPUS])


@pytest.fixture(scope="session")
def plan_data(tmp_path_factory) -> Path:
    """One plan (245/KH-UBND) with every stage."""
    return _ingest(tmp_path_factory.mktemp("plan") / "data", [CORPUS / f"{PLAN}.txt"])


@pytest.fixture(scope="session")
def plan_graph_data(tmp_path_factory) -> Path:
    """One plan (245/KH-UBND), graph stage only: for tests of the SPARQL endpoint and of errors."""
    return _ingest(tmp_path_factory.mktemp("plan-graph") / "data", [CORPUS / f"{PLAN}.txt"], graph_only=True)


@pytest.fixture
def copy_data(tmp_path):
    """A private, writable copy of a shared data folder: `copy_data(corpus_data)`."""

    def copy(folder: Path) -> Path:
        target = tmp_path / "data"
        shutil.copytree(folder, target, symlinks=True)
        return target

    return copy


@pytest.fixture(scope="session")
def corpus_settings(corpus_data):
    from api.settings import Settings

    return Settings(data_dir=str(corpus_data), encoder="hashing", corpus_dir=str(CORPUS))


@pytest.fixture(scope="session")
def corpus_service(corpus_settings) -> Iterator:
    from api.service import Service

    service = Service(corpus_settings)
    yield service
    service.close()


@pytest.fixture(scope="session")
def corpus_client(corpus_service) -> Iterator:
    """The whole app (JSON API, SPARQL, pages) over the sample corpus; faults come back as responses."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(corpus_service.settings, service=corpus_service),
                    raise_server_exceptions=False) as client:
        yield client


# ---------------------------------------------------------------- invented documents: what the samples lack

DECISION_WITH_REGULATION = """ỦY BAN NHÂN DÂN
HUYỆN PHONG THỔ
Số: 15/2024/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phong Thổ, ngày 12 tháng 4 năm 2024
QUYẾT ĐỊNH
Ban hành Quy chế quản lý nhà văn hóa thôn, bản
ỦY BAN NHÂN DÂN HUYỆN PHONG THỔ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý nhà văn hóa thôn, bản.
Điều 2. Quyết định này có hiệu lực từ ngày 01 tháng 5 năm 2024.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lò Văn Sáng
QUY CHẾ
QUẢN LÝ NHÀ VĂN HÓA THÔN, BẢN
(Ban hành kèm theo Quyết định số 15/2024/QĐ-UBND ngày 12 tháng 4 năm 2024 của Ủy ban nhân dân huyện Phong Thổ)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc quản lý, sử dụng nhà văn hóa thôn, bản.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 2. Trách nhiệm
Giao Phòng Văn hóa và Thông tin chủ trì, phối hợp với Ủy ban nhân dân các xã hướng dẫn thực hiện Quy chế này.
PHỤ LỤC I
DANH MỤC NHÀ VĂN HÓA
(Kèm theo Quyết định số 15/2024/QĐ-UBND ngày 12 tháng 4 năm 2024)
STT
Tên nhà văn hóa
1
Nhà văn hóa bản Nậm Cày
"""

PLAN_BY_COMMUNE = """ỦY BAN NHÂN DÂN
HUYỆN PHONG THỔ
Số: 41/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phong Thổ, ngày 05 tháng 02 năm 2024
KẾ HOẠCH
Hỗ trợ nhà ở cho hộ nghèo năm 2024
Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;

I. CHỈ TIÊU

1. Chỉ tiêu hỗ trợ nhà ở năm 2024 theo xã

- Xã Mường So: hỗ trợ 25 hộ nghèo làm nhà ở.

- Xã Hoang Thèn: hỗ trợ 18 hộ nghèo làm nhà ở.

2. Phấn đấu 95% hộ dân toàn huyện có nhà ở kiên cố.

II. KINH PHÍ THỰC HIỆN

1. Kinh phí năm 2024 hỗ trợ làm nhà ở cho hộ nghèo là 860 triệu đồng (xã Mường So 500 triệu đồng, xã \
Hoang Thèn 360 triệu đồng).

III. TỔ CHỨC THỰC HIỆN

1. Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp với Ủy ban nhân dân xã Mường So rà soát danh sách \
hộ nghèo được hỗ trợ.
"""

SCANNED_PLAN = """ỦY BAN NHÂN DÂN
HUYỆN PHONG THỔ
Số: 57/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phong Thổ, ngày 20 tháng 3 năm 2024
KẾ HOẠCH
Tuyên truyền phòng, chống ma túy trong trường học năm 2024
Căn cứ Kế hoạch số 33/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh Lai Châu về phòng, chống ma túy năm 2024;

I. NHIỆM VỤ

1. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với Công an huyện tổ chức tuyên truyền phòng, chống ma túy học \
đường tại các trường trung học cơ sở.
"""

FEATURE_FILES = {"qd_quy_che_nha_van_hoa.txt": DECISION_WITH_REGULATION, "kh_nha_o_theo_xa.txt": PLAN_BY_COMMUNE,
                 "kh_ma_tuy_ban_quet.txt": SCANNED_PLAN}
SCANNED_FILE = "kh_ma_tuy_ban_quet.txt"
SCAN_CONFIDENCE = 0.83  # what the scanned file's every line says Tesseract was sure of


def _as_scanned(read_source):
    """The reader, except that `SCANNED_FILE` comes back as a scan would: every line read by OCR with
    `SCAN_CONFIDENCE` (one page). The rest of the pipeline (parse, provenance, extraction, graph, answers)
    is the real one; tests/test_readers_formats.py reads real scans through Tesseract."""
    import dataclasses

    from ingest.model import OcrPage
    from ingest.readers import OcrLine

    def read(path, **kwargs):
        source = read_source(path, **kwargs)
        if Path(path).name != SCANNED_FILE:
            return source
        lines, at = [], 0
        for line in source.text.split("\n"):
            if line.strip():
                lines.append(OcrLine(at, at + len(line), 1, SCAN_CONFIDENCE))
            at += len(line) + 1
        page = OcrPage(1, SCAN_CONFIDENCE, (0, len(source.text)), "tesseract 5 (vie)")
        return dataclasses.replace(source, ocr_lines=tuple(lines), ocr_pages=(page,), converter=page.engine)

    return read


@pytest.fixture(scope="session")
def features_data(tmp_path_factory) -> Path:
    """The sample plan 245/KH-UBND and three invented documents showing what the samples lack: a decision
    with a regulation and an annex attached after its signature, targets and budgets set for one commune,
    and a plan read from a scan (OCR provenance). Every stage, hashing encoder."""
    import api.workspace

    folder = tmp_path_factory.mktemp("features")
    files = folder / "in"
    files.mkdir()
    for name, text in FEATURE_FILES.items():
        (files / name).write_text(text, encoding="utf-8")
    shutil.copy(CORPUS / f"{PLAN}.txt", files / f"{PLAN}.txt")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api.workspace, "read_source", _as_scanned(api.workspace.read_source))
        return _ingest(folder / "data", [files])


@pytest.fixture(scope="session")
def features_client(features_data) -> Iterator:
    """The whole app over `features_data`."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.service import Service
    from api.settings import Settings

    service = Service(Settings(data_dir=str(features_data), encoder="hashing", corpus_dir=str(CORPUS)))
    with TestClient(create_app(service.settings, service=service), raise_server_exceptions=False) as client:
        yield client
    service.close()


@pytest.fixture(scope="session")
def sample_extractions():
    """The hand-made extractions of `tests/samples.py` (three plans, no parser involved)."""
    from tests.samples import sample_extractions as make

    return make()
