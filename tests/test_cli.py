"""The CLI driven like a user: exit codes, one-line errors, real output."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimkb.cli import app
from tests.conftest import CORPUS, N_CORPUS

runner = CliRunner()
COMMANDS = [
    "extract",
    "ingest",
    "remove",
    "who-said",
    "about",
    "sources",
    "documents",
    "show",
    "export",
    "sparql",
    "graph",
    "stats",
    "validate",
    "claims",
    "audit",
    "review",
    "import-reviews",
    "reviews",
    "match",
]


def run(*args: str):
    return runner.invoke(app, list(args))


def test_top_level_help_lists_every_command():
    res = run("--help")
    assert res.exit_code == 0
    for cmd in COMMANDS:
        assert cmd in res.output


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_explains_itself(cmd):
    res = run(cmd, "--help")
    assert res.exit_code == 0
    assert "Usage" in res.output
    assert len(res.output.splitlines()) > 5


def test_version():
    res = run("--version")
    assert res.exit_code == 0 and res.output.startswith("claimkb ")


def test_extract_jsonl_follows_the_contract():
    res = run("extract", str(CORPUS / "01-harbour-reopens.txt"))
    assert res.exit_code == 0
    (line,) = res.output.strip().splitlines()
    rec = json.loads(line)
    assert rec["doc"] == "01-harbour-reopens"
    kinds = {s["kind"] for s in rec["statements"]}
    assert {"direct", "indirect", "unattributed"} <= kinds
    for st in rec["statements"]:
        assert set(st) >= {"id", "kind", "source", "speaker", "cue", "content", "entities"}


def test_a_command_collects_garbage_less_often_and_restores_the_setting(monkeypatch):
    import gc
    import importlib

    from claimkb.parallel import GC_THRESHOLD

    extract_module = importlib.import_module("claimkb.extract")  # the package, not the function

    seen = []

    def fake_extract_many(docs, **kwargs):
        seen.append(gc.get_threshold()[0])
        return iter([])

    monkeypatch.setattr(extract_module, "extract_many", fake_extract_many)
    before = gc.get_threshold()
    res = run("extract", str(CORPUS / "01-harbour-reopens.txt"))
    assert res.exit_code == 0
    assert seen == [GC_THRESHOLD] != [before[0]]
    assert gc.get_threshold() == before  # an in-process caller gets its own back


def test_extract_reads_a_json_lines_corpus_article_by_article(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "pier", "text": "Ada Vance said the pier will reopen."})
        + "\n{broken\n"
        + json.dumps({"text": "Bo Lind said the toll stays."})
        + "\n"
    )
    res = run("extract", str(feed), "--format", "jsonl")
    assert res.exit_code == 2  # a line was skipped, and said so
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["pier", "feed-3"]
    assert [r["statements"][0]["speaker"]["name"] for r in records] == ["Ada Vance", "Bo Lind"]
    assert f"skipped: {feed}:2: not valid JSON" in res.output


def test_extract_reads_standard_input_as_a_document_named_stdin():
    text = "Mayor Ines Vogt said the ferry would run again in May."
    res = runner.invoke(app, ["extract", "-"], input=text)
    assert res.exit_code == 0
    rec = json.loads(res.output)
    assert rec["doc"] == "stdin"
    (st,) = [s for s in rec["statements"] if s["kind"] != "unattributed"]
    assert text[st["content"]["start"] : st["content"]["end"]] == st["content"]["text"]
    assert st["speaker"]["name"] == "Ines Vogt"


def test_extract_refuses_bad_standard_input_in_one_line():
    res = runner.invoke(app, ["extract", "-"], input=b"The caf\xe9 owner said so.")
    assert res.exit_code == 2
    assert res.output.startswith("skipped: standard input:") and "Traceback" not in res.output


def test_extract_json_is_one_array_of_the_jsonl_objects():
    paths = [str(CORPUS / "01-harbour-reopens.txt"), str(CORPUS / "03-coast-guard.txt")]
    lines = [json.loads(x) for x in run("extract", *paths).output.splitlines()]
    res = run("extract", *paths, "--format", "json")
    assert res.exit_code == 0
    assert json.loads(res.output) == lines and len(lines) == 2


def test_ingest_says_standard_input_is_for_extract(tmp_path):
    res = runner.invoke(app, ["ingest", "-", "--kb", str(tmp_path / "kb")], input="He said so.")
    assert res.exit_code != 0
    assert "extract only" in res.output and not (tmp_path / "kb").exists()


def test_extract_to_a_path_that_cannot_be_written_is_one_line(tmp_path):
    res = run("extract", str(CORPUS / "01-harbour-reopens.txt"), "-o", str(tmp_path / "no" / "x"))
    assert res.exit_code == 2
    assert "cannot write" in res.output and "internal error" not in res.output


def test_a_failed_extract_leaves_the_old_output_whole(tmp_path, monkeypatch):
    import importlib

    extract_module = importlib.import_module("claimkb.extract")
    real = extract_module.extract_many

    def fails_after_one(docs, **kwargs):
        yield next(real(docs, **kwargs))
        raise RuntimeError("disk on fire")

    out = tmp_path / "out.jsonl"
    out.write_text("yesterday's run\n")
    monkeypatch.setattr(extract_module, "extract_many", fails_after_one)
    res = run("extract", str(CORPUS), "-o", str(out))
    assert res.exit_code != 0
    assert out.read_text() == "yesterday's run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_extract_table_shows_speakers():
    res = run("extract", str(CORPUS / "03-coast-guard.txt"), "--format", "table")
    assert res.exit_code == 0
    assert "Ilse Brandt" in res.output


def test_a_table_shows_every_kind_whole():
    res = run("extract", str(CORPUS / "02-budget-dispute.txt"), "--format", "table")
    kinds = re.findall(r"│ (direct|indirect|mixed|unattribut\S*)\s", res.output)
    assert "unattributed" in kinds and {"direct", "indirect"} <= set(kinds)


def test_extract_bad_file_is_one_line_and_nonzero(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    res = run("extract", str(bad))
    assert res.exit_code == 2
    assert "binary" in res.output
    assert "Traceback" not in res.output


def test_query_before_ingest_is_a_clear_error(tmp_path):
    res = run("who-said", "X", "--kb", str(tmp_path / "none"))
    assert res.exit_code != 0
    assert "no knowledge base here yet" in res.output
    assert "Traceback" not in res.output


def test_ingest_into_a_file_is_a_clear_error(tmp_path):
    kb = tmp_path / "kb"
    kb.write_text("x", encoding="utf-8")
    res = run("ingest", str(CORPUS), "--kb", str(kb))
    assert res.exit_code == 3, res.output
    assert "is a file" in res.output
    assert "internal error" not in res.output and "Traceback" not in res.output


@pytest.mark.parametrize(
    "args",
    [
        ("sources", "--limit", "0"),
        ("who-said", "Roe", "-n", "-3"),
        ("claims", "--min", "0"),
        ("stats", "--top", "0"),
        ("match", "the bridge is open", "--top", "0"),
    ],
)
def test_counts_below_one_are_usage_errors(tmp_path, args):
    res = run(*args, "--kb", str(tmp_path / "none"))
    assert res.exit_code == 2, res.output
    assert "Invalid value" in res.output
    assert "no knowledge base" not in res.output


def test_csv_output_does_not_hand_a_spreadsheet_a_formula(tmp_path):
    story = tmp_path / "fares.txt"
    story.write_text('Fares\n\n"=HYPERLINK(1+2) is the total," said Ada Vance.\n', encoding="utf-8")
    kb = str(tmp_path / "kb")
    assert run("ingest", str(story), "--kb", kb).exit_code == 0
    exported = run("export", "--format", "csv", "--kb", kb)
    listed = run("who-said", "Vance", "--format", "csv", "--kb", kb)
    as_json = run("who-said", "Vance", "--format", "json", "--kb", kb)
    for res in (exported, listed):
        assert res.exit_code == 0, res.output
        assert ",'=HYPERLINK(1+2) is the total," in res.output
    assert json.loads(as_json.output)[0]["content"] == "=HYPERLINK(1+2) is the total"


def test_stored_text_that_looks_like_markup_prints_as_written(tmp_path):
    story = tmp_path / "fares.txt"
    story.write_text('Fares\n\n"The [/bold] fares [red]rise[/red]," said Ada Vance.\n', "utf-8")
    kb = str(tmp_path / "kb")
    assert run("ingest", str(story), "--kb", kb).exit_code == 0
    for args in (("who-said", "Vance"), ("claims",), ("who-said", "[/x]")):
        res = run(*args, "--kb", kb)
        assert res.exit_code == 0, res.output
        assert "internal error" not in res.output and "Traceback" not in res.output
    assert "The [/bold] fares [red]rise[/red]" in run("who-said", "Vance", "--kb", kb).output
    assert "said by [/x]: nothing found" in run("who-said", "[/x]", "--kb", kb).output


def test_ingest_then_query_round_trip(tmp_path):
    kb = str(tmp_path)
    res = run("ingest", str(CORPUS), "--kb", kb)
    assert res.exit_code == 0, res.output
    assert f"{N_CORPUS} added" in res.output
    res = run("ingest", str(CORPUS), "--kb", kb)
    assert f"{N_CORPUS} unchanged" in res.output

    res = run("who-said", "Brandt", "--kb", kb, "--format", "json")
    rows = json.loads(res.output)
    assert rows and {r["speaker"] for r in rows} == {"Ilse Brandt"}

    res = run("who-said", "Brandt", "--kb", kb, "--format", "csv")
    assert res.output.splitlines()[0].startswith("speaker,")

    res = run("sources", "--kb", kb)
    assert res.exit_code == 0 and "Mara Castell" in res.output

    res = run("about", "Northern Star", "--kb", kb, "-f", "json")
    assert json.loads(res.output)

    res = run("show", rows[0]["id"][:8], "--kb", kb)
    assert res.exit_code == 0
    assert rows[0]["id"] in res.output

    out = tmp_path / "kb.ttl"
    res = run("export", "--format", "turtle", "-o", str(out), "--kb", kb)
    assert res.exit_code == 0
    assert out.read_text().startswith("@prefix")


def test_min_confidence_filters_and_an_impossible_one_is_refused(tmp_path):
    kb = str(tmp_path)
    assert run("ingest", str(CORPUS), "--kb", kb).exit_code == 0
    every = json.loads(run("who-said", "--all", "--kb", kb, "-f", "json").output)
    sure = json.loads(
        run("who-said", "--all", "--kb", kb, "-f", "json", "--min-confidence", "0.9").output
    )
    assert sure and len(sure) < len(every)
    assert all(r["confidence"] >= 0.9 for r in sure)
    res = run("about", "harbour", "--kb", kb, "--min-confidence", "2")
    assert res.exit_code == 2 and "--min-confidence" in res.output


def test_who_said_needs_a_name_or_all(tmp_path):
    res = run("who-said", "--kb", str(tmp_path))
    assert res.exit_code != 0
    assert "--all" in res.output


def test_ingest_with_a_bad_file_stores_the_rest_and_says_so(tmp_path, corpus_copy):
    (corpus_copy / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    res = run("ingest", str(corpus_copy), "--kb", str(tmp_path / "kb"))
    assert res.exit_code == 2
    assert f"{N_CORPUS} added" in res.output and "1 skipped" in res.output
    assert "not UTF-8" in res.output


def test_a_file_that_fails_to_read_is_skipped_and_the_rest_stored(tmp_path, corpus_copy):
    """An unreadable file in a folder (EIO on read: /proc/self/mem is a regular
    file that cannot be read at offset 0, even by root, unlike chmod 000)."""
    (corpus_copy / "unreadable.txt").symlink_to("/proc/self/mem")
    res = run("ingest", str(corpus_copy), "--kb", str(tmp_path / "kb"))
    assert res.exit_code == 2
    assert "unreadable.txt: cannot read" in res.output
    assert f"{N_CORPUS} added" in res.output and "1 skipped" in res.output
    assert "Traceback" not in res.output


def test_extract_method_rules_and_tagger_both_work():
    path = str(CORPUS / "02-budget-dispute.txt")
    for method in ("rules", "tagger", "auto"):
        res = run("extract", path, "--method", method)
        assert res.exit_code == 0, (method, res.output)
        assert json.loads(res.output)["statements"]


def test_extract_unknown_method_is_one_line_error():
    res = run("extract", str(CORPUS / "02-budget-dispute.txt"), "--method", "magic")
    assert res.exit_code == 2
    assert "--method must be one of" in res.output


def test_sparql_update_needs_the_flag_and_then_works(tmp_path):
    kb = str(tmp_path)
    assert run("ingest", str(CORPUS / "03-coast-guard.txt"), "--kb", kb).exit_code == 0
    ask = 'ASK { ?s schema:name "marker" }'
    update = (
        'INSERT DATA { GRAPH <https://claimkb.org/id/graph/x> { <urn:a> schema:name "marker" } }'
    )
    res = run("sparql", update, "--kb", kb)
    assert res.exit_code == 4 and "--update" in res.output
    assert json.loads(run("sparql", ask, "--kb", kb, "-f", "json").output)[0]["result"] is False
    assert run("sparql", update, "--update", "--kb", kb).exit_code == 0
    assert json.loads(run("sparql", ask, "--kb", kb, "-f", "json").output)[0]["result"] is True


@pytest.mark.parametrize("update", [False, True])
def test_sparql_refuses_a_query_nested_deep_enough_to_crash_the_parser(sample_kb, update):
    deep = "(" * 5000 + "1" + ")" * 5000
    text = (
        f"INSERT {{ <urn:a> <urn:b> {deep} }} WHERE {{}}"
        if update
        else (f"SELECT * WHERE {{ ?s ?p ?o FILTER({deep}) }}")
    )
    args = ["sparql", text, "--kb", str(sample_kb), *(["--update"] if update else [])]
    # its own process: the crash this guards against would take pytest down with it
    res = subprocess.run(
        [sys.executable, "-m", "claimkb.cli", *args], capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 4
    assert re.fullmatch(
        r"error: query nests brackets 500\d deep; claimkb runs at most 200\n", res.stderr
    )


def _claimkb(*args: str, stdout) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "claimkb.cli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )


def test_a_reader_that_stops_early_ends_the_command_quietly(sample_kb):
    read, write = os.pipe()
    os.close(read)  # `claimkb sources | head -0`: nobody reads a byte
    try:
        res = _claimkb("sources", "--kb", str(sample_kb), "-f", "json", stdout=write)
    finally:
        os.close(write)
    assert (res.returncode, res.stderr) == (1, "")


def test_a_full_disk_under_the_output_is_one_line(sample_kb):
    with open("/dev/full", "w") as full:
        res = _claimkb("sources", "--kb", str(sample_kb), "-f", "json", stdout=full)
    assert res.returncode == 74
    assert res.stderr == "error: cannot write the output ([Errno 28] No space left on device)\n"


@pytest.mark.parametrize("given", ["a\nb\r\nc", "x" * 10_000])
def test_an_error_that_echoes_what_was_given_stays_one_short_line(sample_kb, given):
    res = run("show", given, "--kb", str(sample_kb))
    assert res.exit_code == 4
    assert res.output.count("\n") == 1 and len(res.output) <= len("error: ") + 500 + 1
    assert res.output.startswith("error: no statement with id ")
    assert "a⏎b⏎c" in res.output or res.output.endswith("x…\n")


def test_a_skipped_file_whose_name_breaks_the_line_is_still_one_line(tmp_path):
    (tmp_path / "empty\nname.txt").write_text("")
    (tmp_path / "ok.txt").write_text("Jane Roe said the pier will reopen.\n")
    res = run("ingest", str(tmp_path), "--kb", str(tmp_path / "kb"))
    assert res.exit_code == 2
    assert res.output.splitlines()[0] == f"skipped: {tmp_path}/empty⏎name.txt: empty file"


def test_sparql_reads_a_query_file(tmp_path, sample_kb):
    q = tmp_path / "q.rq"
    q.write_text("SELECT (COUNT(DISTINCT ?d) AS ?docs) WHERE { ?d a schema:NewsArticle }")
    res = run("sparql", f"@{q}", "--kb", str(sample_kb), "-f", "csv")
    assert res.output.splitlines() == ["docs", str(N_CORPUS)]


def test_graph_and_stats_commands(tmp_path, sample_kb):
    out = tmp_path / "speakers.graphml"
    res = run("graph", "--view", "citations", "-o", str(out), "--kb", str(sample_kb))
    assert res.exit_code == 0 and "nodes" in res.output
    assert out.read_text().startswith("<?xml")
    res = run("stats", "--kb", str(sample_kb), "-f", "json")
    data = json.loads(res.output)
    assert data["speakers"][0]["speaker"] == "Mara Castell"


def test_validate_passes_on_the_sample_kb(sample_kb):
    res = run("validate", "--kb", str(sample_kb))
    assert res.exit_code == 0
    assert "conforms" in res.output


def test_claims_command_lists_appearances(sample_kb):
    res = run("claims", "--speaker", "Castell", "--kb", str(sample_kb), "-f", "json")
    assert res.exit_code == 0
    rows = json.loads(res.output)
    assert rows and all(r["speaker"] == "Mara Castell" for r in rows)
    assert all(r["appearances"] == len(r["statements"]) for r in rows)
    # scripts get lists, not text to split (a file name may hold a comma)
    assert all(isinstance(r["documents"], list) and r["documents"] for r in rows)
    csv_rows = run("claims", "--speaker", "Castell", "--kb", str(sample_kb), "-f", "csv").output
    assert [", ".join(r["documents"]) for r in rows] == [
        r["documents"] for r in csv.DictReader(io.StringIO(csv_rows))
    ]


def test_export_to_an_unwritable_place_is_one_line(tmp_path, sample_kb):
    target = tmp_path / "no-such-dir" / "kb.ttl"
    res = run("export", "-o", str(target), "--kb", str(sample_kb))
    assert res.exit_code == 2
    assert "cannot write" in res.output and "Traceback" not in res.output
    assert not target.parent.exists()


def test_output_to_a_pipe_stays_a_pipe(tmp_path, sample_kb):
    """-o to a FIFO (or /dev/null) writes into it; it is never renamed over."""
    import os
    import stat
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    res = run("audit", "-f", "html", "-o", str(fifo), "--kb", str(sample_kb))
    reader.join(timeout=30)
    assert res.exit_code == 0, res.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and got[0].startswith(b"<!doctype html>")


def test_extract_of_a_folder_without_text_files_is_an_error(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    res = run("extract", str(tmp_path))
    assert res.exit_code == 2
    assert "files found" in res.output


def test_audit_json_is_a_stable_list_of_findings(sample_kb):
    res = run("audit", "--kb", str(sample_kb), "-f", "json")
    assert res.exit_code == 0
    findings = json.loads(res.output)
    assert findings
    keys = {"check", "severity", "statement", "doc", "start", "text", "reason"}
    assert all(set(f) == keys for f in findings)
    assert findings == json.loads(run("audit", "--kb", str(sample_kb), "-f", "json").output)
    only = json.loads(
        run("audit", "-c", "quote-drift", "--kb", str(sample_kb), "-f", "json").output
    )
    assert only and {f["check"] for f in only} == {"quote-drift"}
    # --limit keeps the most severe first, and the table says how many there were
    first = json.loads(run("audit", "--kb", str(sample_kb), "-f", "json", "-n", "2").output)
    assert first == findings[:2] and len(findings) > 2
    table = run("audit", "--kb", str(sample_kb), "--limit", "2").output
    assert f"audit: 2 of {len(findings)} findings" in table


def test_match_takes_limit_as_other_row_commands_do(sample_kb):
    def found(*limit: str) -> list[dict]:
        args = ["match", "We rebuild stronger", "--kb", str(sample_kb), "-f", "json", *limit]
        return json.loads(run(*args).output)

    every = found()
    assert len(every) > 1
    assert found("-n", "1") == found("--top", "1") == every[:1]


REVIEWS = CORPUS.parent / "reviews"


def test_fact_check_round_trip(tmp_path):
    """Import our ClaimReview files, see the verdict in who-said and show, export
    ClaimReview markup that passes Google's rules, and import that export again."""
    from claimkb.factcheck import google_problems

    kb = str(tmp_path / "kb")
    assert run("ingest", str(CORPUS), "--kb", kb).exit_code == 0
    res = run("import-reviews", str(REVIEWS), "--kb", kb, "-f", "json")
    assert res.exit_code == 0, res.output
    imported = json.loads(res.stdout)
    assert any(r["statements"] for r in imported) and any(not r["statements"] for r in imported)

    rows = json.loads(run("who-said", "Castell", "--kb", kb, "-f", "json").output)
    judged = [r for r in rows if r["verdicts"]]
    assert judged and "reopen" in judged[0]["content"]
    assert {v["by"] for v in judged[0]["verdicts"]} >= {"Harbour Check"}
    table = run("who-said", "Castell", "--kb", kb, "-f", "csv").output
    assert table.splitlines()[0].endswith(",verdict") and "Mostly False (Harbour Check)" in table

    res = run("show", judged[0]["id"], "--kb", kb)
    assert "verdict: mixture" in res.output and "Mostly False" in res.output

    out = tmp_path / "reviews.json"
    res = run("export", "-f", "claimreview", "-o", str(out), "--kb", kb)
    assert res.exit_code == 0, res.output
    exported = json.loads(out.read_text())
    assert len(exported) == len(imported)
    assert all(google_problems(o) == [] for o in exported)

    # our own export is importable, and importing it again adds no duplicates
    res = run("import-reviews", str(out), "--kb", kb)
    assert res.exit_code == 0, res.output
    assert len(json.loads(run("reviews", "--kb", kb, "-f", "json").output)) == len(imported)


def test_review_command_records_a_verdict_with_its_scale(tmp_path):
    kb = str(tmp_path / "kb")
    run("ingest", str(CORPUS), "--kb", kb)
    rows = json.loads(run("who-said", "Ilse Brandt", "--kb", kb, "-f", "json").output)
    sid = rows[0]["id"]
    res = run(
        "review", sid[:8], "--rating", "", "--scale", "1-5", "--value", "1",
        "--by", "Coast Facts", "--url", "https://coastfacts.example/x", "--date", "2026-03-01",
        "--kb", kb,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "false" in res.output
    (v,) = json.loads(run("show", sid, "--kb", kb, "-f", "json").output)[0]["verdicts"]
    assert (v["normalized"], v["value"], v["best"], v["worst"]) == ("false", 1.0, 5.0, 1.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rating", "False", "--by", "X"], "--url"),
        (["--by", "X", "--url", "https://x.example"], "--rating"),
        (["--rating", "False", "--by", "X", "--url", "ftp://x"], "http"),
        (["--value", "2", "--by", "X", "--url", "https://x.example"], "--scale"),
    ],
)
def test_review_refuses_incomplete_verdicts_in_one_line(sample_kb, args, message):
    res = run("review", "0", *args, "--kb", str(sample_kb))
    assert res.exit_code == 2
    assert message in res.output and len(res.output.strip().splitlines()) == 1


def test_malformed_review_files_are_skipped_and_store_nothing(tmp_path):
    kb = str(tmp_path / "kb")
    run("ingest", str(CORPUS), "--kb", kb)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"@type": "ClaimReview", "claimReviewed": "x y z", ')
    res = run("import-reviews", str(bad), "--kb", kb)
    assert res.exit_code == 2
    assert "bad.json: not valid JSON" in res.output and "Traceback" not in res.output
    assert json.loads(run("reviews", "--kb", kb, "-f", "json").output) == []
    # a bad file beside a good one: the good one is imported, the bad one named
    res = run("import-reviews", str(bad), str(REVIEWS / "port-watch.html"), "--kb", kb)
    assert res.exit_code == 2 and "1 file skipped" in res.output
    assert len(json.loads(run("reviews", "--kb", kb, "-f", "json").output)) == 1


HOSTILE = ['"} ; DROP ALL ; #', "x\ny", "Ø∑\u2028", ") || true || (", "?q", "'"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_reach_match_and_review_as_values(tmp_path, sample_kb, text):
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(sample_kb, kb, ignore=shutil.ignore_patterns("*.lock"))
    before = run("sources", "--kb", str(kb), "-f", "json").output
    assert run("match", text, "--kb", str(kb)).exit_code == 0
    res = run(
        "review", text, "-r", "False", "--by", "X", "--url", "https://x.example", "--kb", str(kb)
    )
    assert res.exit_code == 4 and "no statement or claim" in res.output
    # a hostile organisation name and note are stored verbatim, and nothing else changes
    sid = json.loads(run("who-said", "Brandt", "--kb", str(kb), "-f", "json").output)[0]["id"]
    res = run(
        "review", sid, "-r", text, "--by", text, "--note", text,
        "--url", "https://x.example/r", "--kb", str(kb),
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    (v,) = json.loads(run("show", sid, "--kb", str(kb), "-f", "json").output)[0]["verdicts"]
    assert (v["by"], v["label"], v["note"]) == (text.strip(), text.strip(), text.strip())
    assert run("sources", "--kb", str(kb), "-f", "json").output == before


def test_a_column_s_byline_shows_with_its_statements(sample_kb):
    said = json.loads(run("who-said", "Nils Ambrose", "--kb", str(sample_kb), "-f", "json").output)
    assert said and all(r["doc"] == "12-levy-column" for r in said)
    res = run("show", said[0]["id"][:8], "--kb", str(sample_kb))
    assert "(by Nils Ambrose)" in res.output
    assert "resolved by author" in res.output


def test_extract_names_the_byline_only_when_there_is_one():
    with_byline = json.loads(run("extract", str(CORPUS / "12-levy-column.txt")).output)
    without = json.loads(run("extract", str(CORPUS / "01-harbour-reopens.txt")).output)
    assert with_byline["author"] == "Nils Ambrose" and "author" not in without


def test_messages_count_one_thing_in_the_singular():
    from claimkb.output import counted

    assert (counted(1, "finding"), counted(2, "finding"), counted(0, "file")) == (
        "1 finding",
        "2 findings",
        "0 files",
    )
    assert counted(12345, "statement") == "12,345 statements"


def test_documents_and_remove_from_the_command_line(tmp_path, corpus_copy):
    kb = str(tmp_path / "kb")
    run("ingest", str(corpus_copy), "--kb", kb)
    listed = json.loads(run("documents", "--kb", kb, "-f", "json").output)
    assert len(listed) == N_CORPUS
    coast = next(r for r in listed if r["doc"] == "03-coast-guard")
    res = run("remove", "03-coast-guard", "no-such-story", "--kb", kb)
    assert res.exit_code == 4 and "'no-such-story'; nothing removed" in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert len(json.loads(run("documents", "--kb", kb, "-f", "json").output)) == N_CORPUS
    res = run("remove", "03-coast-guard", "--kb", kb)
    assert res.exit_code == 0, res.output
    assert f"1 document removed, {coast['statements']} statements with them" in res.output
    left = json.loads(run("documents", "--kb", kb, "-f", "json").output)
    assert "03-coast-guard" not in {r["doc"] for r in left} and len(left) == N_CORPUS - 1
    # a removed file comes back with the next ingest, as a new document
    res = run("ingest", str(corpus_copy), "--kb", kb)
    assert res.exit_code == 0 and f"1 added, 0 replaced, {N_CORPUS - 1} unchanged" in res.output


@pytest.mark.parametrize(
    "args",
    [
        ["remove", "03-coast-guard"],
        ["review", "ac2831ce", "-r", "False", "--by", "X", "--url", "https://x.example/1"],
    ],
)
def test_changing_a_knowledge_base_that_is_not_there_creates_none(tmp_path, args):
    kb = tmp_path / "typo"
    res = run(*args, "--kb", str(kb))
    assert res.exit_code == 3 and "no knowledge base here yet" in res.output
    assert not kb.exists()


def test_show_gives_a_dated_documents_day(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "pier", "date": "2026-03-06", "text": "Ada Vance said the pier shut."})
        + "\n"
    )
    kb = str(tmp_path / "kb")
    run("ingest", str(feed), "--kb", kb)
    (row,) = json.loads(run("who-said", "Vance", "--kb", kb, "-f", "json").output)
    assert row["date"] == "2026-03-06"
    assert "document: pier (2026-03-06)" in run("show", row["id"][:8], "--kb", kb).output


def test_a_bad_since_is_one_line(sample_kb):
    res = run("who-said", "Brandt", "--since", "03/02/2026", "--kb", str(sample_kb))
    assert res.exit_code == 4
    assert res.output.strip() == (
        "error: --since takes a day like 2026-03-01 (or a month, 2026-03), not '03/02/2026'"
    )
    res = run("about", "ferry", "--until", "2026-03-02", "--kb", str(sample_kb), "-f", "json")
    assert res.exit_code == 0 and json.loads(res.output) == []  # the sample is undated


@pytest.mark.parametrize(
    "args",
    [["sources"], ["who-said", "Castell"], ["claims", "--min", "2"], ["audit"], ["documents"]],
)
def test_jsonl_is_the_json_rows_a_line_each(sample_kb, args):
    as_json = json.loads(run(*args, "--kb", str(sample_kb), "-f", "json").output)
    lines = run(*args, "--kb", str(sample_kb), "-f", "jsonl").output.splitlines()
    assert as_json and [json.loads(line) for line in lines] == as_json


def test_stats_jsonl_says_which_table_each_row_tops(sample_kb):
    tables = json.loads(run("stats", "--kb", str(sample_kb), "-f", "json").output)
    lines = run("stats", "--kb", str(sample_kb), "-f", "jsonl").output.splitlines()
    rows = [json.loads(line) for line in lines]
    assert {r.pop("top") for r in rows} == set(tables)
    assert rows == [r for t in tables.values() for r in t]
