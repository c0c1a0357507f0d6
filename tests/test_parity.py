"""One answer everywhere: every question of the evaluation sets, asked through the command line (its JSON
Lines), the JSON API and the web page, gets the same ranked answer, for each kind of answer the service
gives (search: clauses; basis: governing documents; responsible: agencies, roles and communes).

All three read the same model of the graph (`answers.model.ReadModel`) and the same search index; this
test is what keeps them from drifting apart again. The dev questions run over the sample corpus; the real
questions (`gold-real`) over the samples plus `../shared/corpus-real` (slow: the real corpus is ingested
for them). Pages expose their ranked answers as `data-*` attributes, which is what is compared here.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "gold" / "questions_dev.jsonl"
REAL = SHARED / "eval" / "gold-real" / "questions.jsonl"
REAL_CORPUS = SHARED / "corpus-real"
HTML = {"Accept": "text/html"}
KINDS = ("search", "basis", "responsible")
TOP = {"search": 10, "basis": 6, "responsible": 10}  # what a page shows: 10 results, the answer + 5 others


def questions(path: Path) -> list[str]:
    if not path.exists():
        return []
    return list(dict.fromkeys(json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines()
                              if line.strip()))


DEV_QUESTIONS = questions(DEV)
REAL_QUESTIONS = questions(REAL)


# ---------------------------------------------------------------- the three ways to ask

def rank_of(kind: str, row: dict) -> tuple:
    """What identifies one ranked item, whatever surface gave it."""
    if kind == "search":
        return (row["clause"],)
    if kind == "basis":
        return (row["iri"],)
    return (row["iri"], row["role"], row["commune"] or "", row["clause"])


def ask_cli(data_dir: Path, kind: str, asked: list[str], tmp_path: Path, capsys) -> dict[str, list[tuple]]:
    """All questions of one kind in one `cancu KIND --json --queries FILE` run."""
    from api.cli import main

    path = tmp_path / f"{kind}.txt"
    path.write_text("\n".join(asked) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["-s", "data_dir", str(data_dir), "-s", "encoder", "hashing", kind, "--json", "--queries", str(path),
                 "--top", str(TOP[kind])]) == 0
    out = {}
    for line in capsys.readouterr().out.splitlines():
        record = json.loads(line)
        key = "results" if kind == "search" else "answers"
        out[record["query"]] = [rank_of(kind, r) for r in record[key]][:TOP[kind]]
    return out


def ask_api(client, kind: str, question: str) -> list[tuple]:
    if kind == "search":
        body = client.get("/api/search", params={"q": question, "top": TOP[kind]}).json()
        return [rank_of(kind, r) for r in body["results"]]
    if kind == "basis":
        body = client.get("/api/basis", params={"q": question}).json()
        return [(g["document"]["iri"],) for g in body["documents"]][:TOP[kind]]
    body = client.get("/api/responsible", params={"q": question}).json()
    return [(r["agency"]["iri"], r["role"], r["commune"] or "", r["clause"]["clause_id"])
            for r in body["answers"]][:TOP[kind]]


_ITEM = re.compile(r'<(?:article|li|p)\b[^>]*\bdata-rank="(\d+)"([^>]*)>')
_ATTR = re.compile(r'data-([a-z]+)="([^"]*)"')


def ask_page(client, kind: str, question: str) -> list[tuple]:
    url = {"search": "/tim-kiem?q=", "basis": "/can-cu?q=", "responsible": "/trach-nhiem?q="}[kind] + quote(question)
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, (url, response.status_code)
    items = []
    for m in _ITEM.finditer(response.text):
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(m.group(2))}
        items.append((int(m.group(1)), attrs))
    items.sort(key=lambda item: item[0])
    if kind == "search":
        return [(a["clause"],) for _, a in items]
    if kind == "basis":
        return [(a["iri"],) for _, a in items]
    return [(a["agency"], a["role"], a["commune"], a["clause"]) for _, a in items]


# ---------------------------------------------------------------- the dev questions, on the sample corpus

@pytest.fixture(scope="module")
def cli_answers(corpus_data, tmp_path_factory):
    """The CLI's answers, computed once per kind (a module-scoped capture of its standard output)."""
    import contextlib
    import io

    from api.cli import main

    folder = tmp_path_factory.mktemp("parity")
    out: dict[str, dict[str, list[tuple]]] = {}
    for kind in KINDS:
        path = folder / f"{kind}.txt"
        path.write_text("\n".join(DEV_QUESTIONS) + "\n", encoding="utf-8")
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["-s", "data_dir", str(corpus_data), "-s", "encoder", "hashing", kind, "--json",
                         "--queries", str(path), "--top", str(TOP[kind])]) == 0
        key = "results" if kind == "search" else "answers"
        out[kind] = {}
        for line in buffer.getvalue().splitlines():
            record = json.loads(line)
            out[kind][record["query"]] = [rank_of(kind, r) for r in record[key]][:TOP[kind]]
    return out


@pytest.mark.skipif(not DEV_QUESTIONS, reason="../shared/eval/gold/questions_dev.jsonl is not here")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("question", DEV_QUESTIONS)
def test_cli_api_and_page_give_the_same_ranked_answer(cli_answers, corpus_client, kind, question):
    from_cli = cli_answers[kind][question]
    from_api = ask_api(corpus_client, kind, question)
    from_page = ask_page(corpus_client, kind, question)
    assert from_api == from_cli
    assert from_page == from_cli


def test_every_dev_question_has_an_answer_of_each_kind(cli_answers):
    """The table above compares answers; it must not be comparing empty lists."""
    for kind in KINDS:
        empty = [q for q in DEV_QUESTIONS if not cli_answers[kind][q]]
        assert not empty if kind == "search" else len(empty) <= len(DEV_QUESTIONS) // 5, (kind, empty)


# ---------------------------------------------------------------- the real questions, on the real corpus

@pytest.fixture(scope="session")
def real_data(tmp_path_factory) -> Path:
    from api.settings import Settings
    from api.workspace import Workspace

    folder = tmp_path_factory.mktemp("real") / "data"
    Workspace(Settings(data_dir=folder, encoder="hashing")).ingest([ROOT / "corpus", *sorted(REAL_CORPUS.glob("*.txt"))])
    return folder


@pytest.mark.slow
@pytest.mark.skipif(not REAL_QUESTIONS or not REAL_CORPUS.exists(), reason="../shared/eval/gold-real is not here")
def test_the_real_questions_get_the_same_answer_everywhere(real_data, tmp_path, capsys):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(data_dir=real_data, encoder="hashing")), raise_server_exceptions=False) as client:
        for kind in KINDS:
            from_cli = ask_cli(real_data, kind, REAL_QUESTIONS, tmp_path, capsys)
            for question in REAL_QUESTIONS:
                assert ask_api(client, kind, question) == from_cli[question], (kind, question)
                assert ask_page(client, kind, question) == from_cli[question], (kind, question)
