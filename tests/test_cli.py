"""The CLI driven like a user: exit codes, one-line errors, real output."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimkb.cli import app
from tests.conftest import CORPUS, N_CORPUS

runner = CliRunner()
COMMANDS = [
    "extract",
    "ingest",
    "who-said",
    "about",
    "sources",
    "show",
    "export",
    "sparql",
    "graph",
    "stats",
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


def test_extract_table_shows_speakers():
    res = run("extract", str(CORPUS / "03-coast-guard.txt"), "--format", "table")
    assert res.exit_code == 0
    assert "Ilse Brandt" in res.output


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


def test_export_to_an_unwritable_place_is_one_line(tmp_path, sample_kb):
    target = tmp_path / "no-such-dir" / "kb.ttl"
    res = run("export", "-o", str(target), "--kb", str(sample_kb))
    assert res.exit_code == 2
    assert "cannot write" in res.output and "Traceback" not in res.output
    assert not target.parent.exists()


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
