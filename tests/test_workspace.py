"""Safe ingest: stable ids, replacement of changed files, broken files skipped while the rest is
ingested, and a failed run that leaves the previous build serving."""
import os
import shutil
from pathlib import Path

import pytest

from api.settings import Settings
from api.workspace import SourceFile, Workspace
from tests.fixtures_docs import make_docx

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PLAN = "003_609cd0d87b161299.txt"


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def _copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_reingesting_the_same_file_keeps_ids_and_changes_nothing(tmp_path, settings):
    ws = Workspace(settings, stages=[])
    folder = _copy(tmp_path, PLAN)
    first = ws.ingest([folder])
    ids = [c.id for c in ws.current().extraction("003_609cd0d87b161299").document.clauses()]
    second = ws.ingest([folder])
    assert [r.status for r in first.results] == ["new"]
    assert [r.status for r in second.results] == ["unchanged"]
    assert second.build == first.build  # nothing changed: no new build
    assert [c.id for c in ws.current().extraction("003_609cd0d87b161299").document.clauses()] == ids


def test_a_changed_file_replaces_its_old_version(tmp_path, settings):
    ws = Workspace(settings, stages=[])
    folder = _copy(tmp_path, PLAN)
    ws.ingest([folder])
    path = folder / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace("82.075 triệu", "90.000 triệu"), encoding="utf-8")
    report = ws.ingest([folder])
    assert [r.status for r in report.results] == ["changed"]
    assert "90.000 triệu" in ws.current().extraction("003_609cd0d87b161299").document.text
    assert len(ws.current().doc_ids) == 1


BAD_INPUTS = {
    "empty.txt": b"",
    "junk.txt": bytes(range(256)) * 40,
    "truncated.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj",
    "legacy.txt": "Kõ ho¹ch thùc hiÖn Ch\u00ad¬ng tr×nh gi¶m nghÌo bÒn v÷ng cña huyÖn".encode("latin-1") * 20,
    "notes.xyz": b"hello",
}


def test_broken_files_are_reported_one_line_each_and_the_rest_is_ingested(tmp_path, settings):
    folder = _copy(tmp_path, PLAN, "004_7d4be035516df80b.txt")
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    make_docx(folder / "plan.docx", ["KẾ HOẠCH", "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;",
                                     "I. MỤC TIÊU", "1. Giảm tỷ lệ hộ nghèo bình quân 4%/năm."])
    files = sorted(folder.iterdir())
    report = Workspace(settings, stages=[]).ingest(files)
    status = {Path(r.path).name: r for r in report.results}
    assert {n for n, r in status.items() if r.status == "new"} == {PLAN, "004_7d4be035516df80b.txt", "plan.docx"}
    for name in BAD_INPUTS:
        assert status[name].status == "error"
        assert "\n" not in status[name].error and status[name].error
    assert "TCVN3" in status["legacy.txt"].error


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", max_file_mb=1)
    folder = _copy(tmp_path, PLAN)
    (folder / "big.txt").write_bytes(b"a" * (2 * 1024 * 1024))
    report = Workspace(settings, stages=[]).ingest([folder])
    big = next(r for r in report.results if r.path.endswith("big.txt"))
    assert big.status == "error" and "MB" in big.error


def test_the_reading_limits_are_settings_passed_down_to_the_reader(tmp_path):
    """A lowered `read_max_parts` (CANCU_READ_MAX_PARTS) refuses a DOCX that the default lets in, with the
    reader's own one-line reason; the other settings reach `ReadLimits` the same way."""
    settings = Settings.load(env={"CANCU_READ_MAX_PARTS": "3", "CANCU_READ_MAX_UNPACKED_MB": "7",
                                  "CANCU_READ_CPU_SECONDS": "9", "CANCU_READ_MEMORY_MB": "512",
                                  "CANCU_OCR_PAGE_SECONDS": "12.5"}).with_values(data_dir=tmp_path / "data")
    limits = settings.read_limits()
    assert (limits.max_parts, limits.max_unpacked_mb, limits.cpu_seconds, limits.memory_mb,
            limits.ocr_page_seconds) == (3, 7, 9, 512, 12.5)
    folder = _copy(tmp_path, PLAN)
    make_docx(folder / "plan.docx", ["KẾ HOẠCH", "I. MỤC TIÊU", "1. Giảm tỷ lệ hộ nghèo bình quân 4%/năm."])
    report = Workspace(settings, stages=[]).ingest([folder])
    status = {Path(r.path).name: r for r in report.results}
    assert status[PLAN].status == "new"
    assert status["plan.docx"].status == "error"
    assert "thành phần nén, vượt giới hạn 3" in status["plan.docx"].error and "\n" not in status["plan.docx"].error
    default = Workspace(Settings(data_dir=tmp_path / "data2"), stages=[]).ingest([folder / "plan.docx"])
    assert default.results[0].status == "new"


class ExplodingStage:
    name = "explode"

    def update(self, *args, **kwargs):
        raise RuntimeError("mất điện giữa chừng")


def test_a_failed_ingest_leaves_the_previous_build_serving(tmp_path, settings):
    folder = _copy(tmp_path, PLAN)
    Workspace(settings, stages=[]).ingest([folder])
    before = os.readlink(settings.data_dir / "current")
    shutil.copy(CORPUS / "004_7d4be035516df80b.txt", folder)
    with pytest.raises(RuntimeError):
        Workspace(settings, stages=[ExplodingStage()]).ingest([folder])
    assert os.readlink(settings.data_dir / "current") == before
    ws = Workspace(settings, stages=[])
    assert ws.current().doc_ids == ["003_609cd0d87b161299"]
    report = ws.ingest([folder])  # the next run cleans the staging folder and succeeds
    assert not list((settings.data_dir / "builds").glob(".staging-*"))
    assert sorted(ws.current().doc_ids) == ["003_609cd0d87b161299", "004_7d4be035516df80b"]
    assert {r.status for r in report.results} == {"unchanged", "new"}


def test_removing_a_document(tmp_path, settings):
    ws = Workspace(settings, stages=[])
    ws.ingest([_copy(tmp_path, PLAN, "004_7d4be035516df80b.txt")])
    ws.remove(["004_7d4be035516df80b"])
    assert ws.current().doc_ids == ["003_609cd0d87b161299"]


# ---------------------------------------------------------------------------- document ids

PLAN_TEXT = """ỦY BAN NHÂN DÂN HUYỆN MƯỜNG TÈ
Số: {n}/KH-UBND
KẾ HOẠCH
Thực hiện giảm nghèo bền vững năm 2025
I. MỤC TIÊU
1. Giảm tỷ lệ hộ nghèo {n}% so với năm 2024.
"""


def _write(folder: Path, name: str, n: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(PLAN_TEXT.format(n=n), encoding="utf-8")
    return path


def _sources(ws: Workspace) -> dict[str, str]:
    return {meta["source"]: doc_id for doc_id, meta in ws.current().manifest["documents"].items()}


@pytest.mark.parametrize("first, second", [
    ("dup.txt", "DUP.md"),  # case and extension: the same folded id
    ("kế hoạch.txt", "Ke Hoach.txt"),  # accents
    ("000_571cade1eccd0710.txt", "000_571CADE1ECCD0710.md"),  # a sample plan's name in capitals
    ("計画.txt", "خطة.txt"),  # no Latin letter at all: never both "doc"
    ("_union.txt", "union.txt"),  # a reserved graph name is not an id
])
def test_names_that_fold_alike_never_replace_each_other(tmp_path, settings, first, second):
    ws = Workspace(settings, stages=[])
    ws.ingest([_write(tmp_path / "a", first, 1)])
    report = ws.ingest([_write(tmp_path / "b", second, 2)])
    assert [r.status for r in report.results] == ["new"]
    ids = _sources(ws)
    assert set(ids) == {first, second} and len(set(ids.values())) == 2
    assert all(not i.startswith("_") for i in ids.values())
    # ... and in one batch too
    other = Workspace(Settings(data_dir=tmp_path / "batch"), stages=[])
    batch = other.ingest([_write(tmp_path / "c", first, 1), _write(tmp_path / "d", second, 2)])
    assert [r.status for r in batch.results] == ["new", "new"]
    assert len(set(_sources(other).values())) == 2


def test_the_same_file_name_is_an_update_and_keeps_its_id(tmp_path, settings):
    ws = Workspace(settings, stages=[])
    ws.ingest([_write(tmp_path / "a", "Ke Hoach.txt", 1), _write(tmp_path / "a", "ke hoach.txt", 2)])
    ids = _sources(ws)
    report = ws.ingest([_write(tmp_path / "b", "ke hoach.txt", 3)])
    assert [(r.status, r.doc_id) for r in report.results] == [("changed", ids["ke hoach.txt"])]
    assert _sources(ws) == ids


def test_the_same_name_twice_in_one_batch_is_refused_for_the_second(tmp_path, settings):
    report = Workspace(settings, stages=[]).ingest([_write(tmp_path / "a", "x.txt", 1), _write(tmp_path / "b", "x.txt", 2)])
    assert [r.status for r in report.results] == ["new", "error"]
    assert "trùng tên" in report.results[1].error and str(tmp_path / "a") in report.results[1].error


def test_a_long_or_disguised_name_gets_a_short_clean_id(tmp_path, settings):
    from api.workspace import MAX_ID_LENGTH

    ws = Workspace(settings, stages=[])
    long_name = "Kế hoạch " * 30 + ".txt"  # > 255 bytes in UTF-8: no file system could hold it as an id file
    ws.ingest([SourceFile(_write(tmp_path, "a.txt"), long_name),
               SourceFile(_write(tmp_path, "b.txt", 2), "bao-cao\u202etxt.exe.txt")])
    ids = _sources(ws)
    assert all(len(i) <= MAX_ID_LENGTH for i in ids.values())
    assert "bao-caotxt.exe.txt" in ids  # the right-to-left override is gone from the name shown


# ------------------------------------------------------------------------ no file aborts a batch

def test_no_file_at_all_is_a_clear_error(tmp_path, settings):
    from ingest.errors import NotFound

    (tmp_path / "empty").mkdir()
    with pytest.raises(NotFound, match="không tìm thấy tệp văn bản nào"):
        Workspace(settings, stages=[]).ingest([tmp_path / "empty"])


def test_a_missing_path_is_one_error_line_and_the_rest_is_ingested(tmp_path, settings):
    report = Workspace(settings, stages=[]).ingest([tmp_path / "khong-co.txt", _write(tmp_path, "co.txt")])
    assert [r.status for r in report.results] == ["error", "new"]
    assert report.results[0].stage == "đọc tệp" and "không tìm thấy" in report.results[0].error


@pytest.fixture()
def graph_settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", encoder="hashing")


def _explode_on(monkeypatch, doc_id: str) -> None:
    """The graph of one document cannot be built (as the motto parsed as a commune once made it recurse)."""
    import graph.build

    real = graph.build.build_document_graph

    def build(ex, **kwargs):
        if ex.document.id == doc_id:
            raise RecursionError("maximum recursion depth exceeded")
        return real(ex, **kwargs)

    monkeypatch.setattr(graph.build, "build_document_graph", build)


def _graph_ids(settings: Settings) -> list[str]:
    from graph.store import OxigraphStore

    store = OxigraphStore(settings.current_dir / "graph", read_only=True)
    try:
        return store.documents()
    finally:
        store.close()


@pytest.mark.parametrize("alone", [True, False], ids=["upload-transaction", "batch-bulk"])
def test_a_document_whose_graph_fails_is_left_out_and_the_others_are_in(tmp_path, graph_settings, monkeypatch, alone):
    from api.stages import GraphStage

    ws = Workspace(graph_settings, stages=[GraphStage(graph_settings)])
    count = 1 if alone else 3
    files = [_write(tmp_path / "in", f"kh-{i}.txt", i) for i in range(count)] + [_write(tmp_path / "in", "hong.txt", 9)]
    _explode_on(monkeypatch, "hong")
    if alone:  # the bad file comes on its own, as an upload does: one transaction
        ws.ingest(files[:-1])
        report = ws.ingest(files[-1:])
        assert ws.current().manifest["stages"]["graph"]["load_mode"] == "transaction"
    else:
        report = ws.ingest(files)
        assert ws.current().manifest["stages"]["graph"]["load_mode"] == "bulk"
    bad = report.results[-1]
    assert bad.status == "error" and bad.stage == "dựng đồ thị" and "RecursionError" in bad.error
    assert "\n" not in bad.error and bad.line().startswith("hong.txt (bước dựng đồ thị): RecursionError")
    assert [r.status for r in report.results[:-1]] == ([] if alone else ["new"] * count)
    expected = [f"kh-{i}" for i in range(count)]
    assert Workspace(graph_settings, stages=[]).current().doc_ids == expected == _graph_ids(graph_settings)


def test_a_changed_document_whose_graph_fails_keeps_its_previous_version(tmp_path, graph_settings, monkeypatch):
    from api.stages import GraphStage

    ws = Workspace(graph_settings, stages=[GraphStage(graph_settings)])
    ws.ingest([_write(tmp_path / "in", "kh.txt", 1)])
    _explode_on(monkeypatch, "kh")
    report = ws.ingest([_write(tmp_path / "in", "kh.txt", 2)])
    assert report.results[0].status == "error"
    assert "1%" in ws.current().extraction("kh").document.text
    assert _graph_ids(graph_settings) == ["kh"]


# -------------------------------------------------------------------------- publishing by links

class _FailingIndex:
    name = "index"

    def update(self, *args, **kwargs):
        raise RuntimeError("đĩa đầy")


def test_each_build_links_the_graph_instead_of_copying_it(tmp_path, graph_settings):
    from api.stages import GraphStage

    ws = Workspace(graph_settings, stages=[GraphStage(graph_settings)])
    ws.ingest([_write(tmp_path / "in", f"kh-{i}.txt", i) for i in range(3)])
    first = ws.current().folder
    ws.ingest([_write(tmp_path / "in", "them.txt", 7)])
    second = ws.current().folder
    shared = [f for f in (first / "graph").glob("*.sst") if (second / "graph" / f.name).exists()]
    assert shared and all((second / "graph" / f.name).stat().st_ino == f.stat().st_ino for f in shared)
    wal = sum(f.stat().st_size for f in (second / "graph").glob("*.log"))
    assert wal < 64 * 1024  # the snapshot carries no write-ahead log worth the name


def test_a_failed_publish_never_leaks_into_the_next_build(tmp_path, graph_settings):
    from api.stages import GraphStage

    graph = GraphStage(graph_settings)
    Workspace(graph_settings, stages=[graph]).ingest([_write(tmp_path / "in", "a.txt", 1)])
    with pytest.raises(RuntimeError):  # the graph stage has written "b" into the live store, then the index fails
        Workspace(graph_settings, stages=[graph, _FailingIndex()]).ingest([_write(tmp_path / "in", "b.txt", 2)])
    assert _graph_ids(graph_settings) == ["a"]
    Workspace(graph_settings, stages=[graph]).ingest([_write(tmp_path / "in", "c.txt", 3)])
    assert _graph_ids(graph_settings) == ["a", "c"]  # "b" was never published, so it is not in the graph


# ------------------------------------------------------------------------------- cancu ingest

def _cli_ingest(settings: Settings, *paths) -> int:
    from api.cli import main

    return main(["-s", "data_dir", str(settings.data_dir), "ingest", *map(str, paths)])


def test_cancu_ingest_says_when_there_is_nothing_to_ingest(tmp_path, settings, capsys):
    (tmp_path / "trong").mkdir()
    assert _cli_ingest(settings, tmp_path / "trong") == 1
    err = capsys.readouterr().err
    assert "không tìm thấy tệp văn bản nào" in err and "Traceback" not in err


def test_cancu_ingest_exits_non_zero_when_any_file_failed(tmp_path, monkeypatch, capsys):
    from api import stages

    settings = Settings(data_dir=tmp_path / "data")
    monkeypatch.setattr(stages, "IndexStage", lambda s: _NoIndex())  # the graph stage is enough here
    good = _write(tmp_path / "in", "tot.txt")
    assert _cli_ingest(settings, good) == 0
    assert _cli_ingest(settings, good, tmp_path / "in" / "khong-co.txt") == 1
    out = capsys.readouterr().out
    assert "lỗi: khong-co.txt (bước đọc tệp): không tìm thấy tệp" in out


class _NoIndex:
    name = "index"

    def update(self, *args, **kwargs):
        return {}


def test_a_batch_whose_every_document_fails_publishes_nothing(tmp_path, monkeypatch):
    settings = Settings(data_dir=tmp_path / "data", encoder="hashing")
    _explode_on(monkeypatch, "hong")
    report = Workspace(settings).ingest([_write(tmp_path / "in", "hong.txt")])  # graph and index stages
    assert report.build is None and report.results[0].status == "error"
    assert Workspace(settings, stages=[]).current() is None


def test_the_last_document_cannot_be_deleted(tmp_path, settings):
    from ingest.errors import BadRequest

    ws = Workspace(settings, stages=[])
    ws.ingest([_write(tmp_path / "in", "a.txt")])
    with pytest.raises(BadRequest, match="ít nhất một văn bản"):
        ws.remove(["a"])
    assert ws.current().doc_ids == ["a"]
