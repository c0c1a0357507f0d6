"""Answers on the shapes of real documents, with an invented directive (`tests/data/answer_shapes`): a
lead-in naming the agencies above its items, a question naming the directive by its symbol, a question that
asks who reports (not who receives)."""
from __future__ import annotations

from pathlib import Path

import pytest

from answers.text import without_symbols

DATA = Path(__file__).parent / "data" / "answer_shapes"


@pytest.mark.parametrize("text, kept, blanked", [
    ("Theo Chỉ thị 07/CT-UBND của tỉnh, ai tiếp nhận hồ sơ?", "ai tiếp nhận hồ sơ", "CT-UBND"),
    ("Nghị quyết 19-NQ/TW giao Ban Tuyên giáo việc gì?", "giao Ban Tuyên giáo", "NQ/TW"),
    ("Giai đoạn 2021-2025 Sở Tài chính làm gì?", "2021-2025 Sở Tài chính", None),
])
def test_symbols_are_blanked_before_names_are_read(text, kept, blanked):
    out = without_symbols(text)
    assert len(out) == len(text) and kept in out
    assert blanked is None or blanked not in out


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    from api.service import LazyIndex, Service, read_model
    from api.settings import Settings
    from tests.conftest import _ingest

    data = _ingest(tmp_path_factory.mktemp("shapes") / "data", sorted(DATA.glob("*.txt")))
    service = Service(Settings(data_dir=str(data), encoder="hashing"))
    yield read_model(service), LazyIndex(service)
    service.close()


def test_a_lead_in_names_who_does_its_items(sources):
    from answers import responsible

    model, index = sources
    answer = responsible(model, index, "Theo Chỉ thị 07/CT-UBND, cơ quan nào là đầu mối tiếp nhận hồ sơ và tổ "
                                       "chức thẩm định hồ sơ cấp phép khai thác cát lòng sông?")
    assert answer.mode == "task"  # "CT-UBND" names no people's committee
    first = answer.answers[0]
    assert "đầu mối tiếp nhận hồ sơ" in first.evidence  # the item itself, its doers read from the lead-in
    assert {r.agency.canonical for r in answer.answers[:2]} == {"Sở Nông nghiệp và Môi trường",
                                                                "Ban Quản lý Khu kinh tế tỉnh"}


@pytest.mark.parametrize("question, part", [
    ("Ở Hòa Nam, cơ quan nào tham mưu UBND tỉnh bố trí kinh phí cắm mốc?", "Ở Hòa Nam,"),
    ("Sở Xây dựng phụ trách xã nào, ai đồng phụ trách?", "Sở Xây dựng phụ trách xã nào,"),
    ("Ban quản lý dự án làm những nhiệm vụ gì?", "Ban quản lý dự án làm những nhiệm vụ gì?"),
])
def test_an_agency_named_after_the_asked_one_is_not_what_the_question_is_about(question, part):
    from answers.responsible import _subject_part
    from answers.text import read_question

    assert _subject_part(question, read_question(question)) == part
