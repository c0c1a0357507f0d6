"""The `cancu` command line: outlines, extraction JSON, one-line errors, settings."""
import json
from pathlib import Path

import pytest

from api.cli import main
from api.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def test_show_prints_the_outline_with_clause_ids(capsys):
    assert main(["show", str(CORPUS / "003_609cd0d87b161299.txt")]) == 0
    out = capsys.readouterr().out
    assert "Số: 245/KH-UBND" in out
    assert "[003_609cd0d87b161299:II.4.2.c.p1] Giao Phòng Lao động" in out


def test_extract_json_has_the_scorer_shape(capsys, tmp_path):
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    assert main(["extract", str(CORPUS / "003_609cd0d87b161299.txt"), str(broken), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["source"] == "003_609cd0d87b161299.txt"
    assert rows[0]["document"]["symbol"] == "245/KH-UBND"
    assert {"references", "assignments", "places", "targets", "budgets"} <= set(rows[0])
    assert rows[1]["source"] == "hong.pdf" and "error" in rows[1]


@pytest.mark.parametrize("argv", [["show", "khong-co.txt"], ["-s", "port", "abc", "status"], ["-s", "nope", "1", "status"]])
def test_errors_are_one_line_without_traceback(argv, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("lỗi:") and "\n" not in err and "Traceback" not in err


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"README lacks settings: {missing}"
