"""Regenerate the README's CLI tour from real runs, so it cannot drift.

    .venv/bin/python scripts/readme_tour.py

Runs each command against the sample corpus (in a throwaway knowledge base)
and rewrites the README between ``<!-- tour:start -->`` and ``<!-- tour:end -->``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent / "claimkb"


def run(args: list[str], env: dict[str, str], head: int | None = None) -> str:
    res = subprocess.run(
        [str(BIN), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    out = (res.stdout + res.stderr).rstrip()
    lines = out.splitlines()
    if head and len(lines) > head:
        lines = [*lines[:head], "…"]
    return "\n".join(lines)


def block(cmd: str, output: str) -> str:
    return f"```console\n$ {cmd}\n{output}\n```\n"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CLAIMKB_HOME": tmp, "COLUMNS": "120"}
        steps = [
            ("claimkb ingest kb/corpus", ["ingest", "kb/corpus"], None),
            ("claimkb sources", ["sources"], None),
            ("claimkb who-said Brandt", ["who-said", "Brandt"], None),
            (
                'claimkb who-said "the president" --format csv',
                ["who-said", "the president", "--format", "csv"],
                None,
            ),
            ('claimkb about "Northern Star"', ["about", "Northern Star"], None),
            (
                "claimkb who-said Castell --about harbour   # who said what about whom",
                ["who-said", "Castell", "--about", "harbour"],
                None,
            ),
            ("claimkb claims --min 2", ["claims", "--min", "2"], None),
            ("claimkb audit", ["audit"], None),
            (
                "claimkb audit --format html -o report.html",
                ["audit", "--format", "html", "-o", f"{tmp}/report.html"],
                None,
            ),
            ("claimkb import-reviews kb/reviews", ["import-reviews", "kb/reviews"], None),
            (
                'claimkb match "food prices could rise 10%"',
                ["match", "food prices could rise 10%"],
                None,
            ),
            ("claimkb who-said Castell --limit 2", ["who-said", "Castell", "--limit", "2"], None),
            (
                "claimkb about flour --min-confidence 0.9",
                ["about", "flour", "--min-confidence", "0.9"],
                None,
            ),
            (
                "claimkb export --format claimreview | head -n 24",
                ["export", "--format", "claimreview"],
                24,
            ),
            ("claimkb stats --top 3", ["stats", "--top", "3"], None),
            ("claimkb validate", ["validate"], None),
            (
                "claimkb sparql 'SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) "
                "WHERE { ?s ckb:kind ?kind } GROUP BY ?kind ORDER BY ?kind'",
                [
                    "sparql",
                    "SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ckb:kind ?kind } "
                    "GROUP BY ?kind ORDER BY ?kind",
                ],
                None,
            ),
            ("claimkb sparql 'DROP ALL'", ["sparql", "DROP ALL"], None),
            ("claimkb about Atlantis", ["about", "Atlantis"], None),
        ]
        parts = [
            block(cmd, run(args, env, head).replace(tmp + "/", "")) for cmd, args, head in steps
        ]
        import json

        rows = json.loads(run(["who-said", "Pike", "--format", "json"], env))
        sid = rows[0]["id"][:8]
        parts.append(block(f"claimkb show {sid}", run(["show", sid], env)))
        extract = run(["extract", "kb/corpus/03-coast-guard.txt"], env)
        first = json.loads(extract.splitlines()[0])
        first["statements"] = first["statements"][:1]
        parts.append(
            block(
                "claimkb extract kb/corpus/03-coast-guard.txt   # first statement shown",
                json.dumps(first, indent=1, ensure_ascii=False),
            )
        )
        parts.append(
            block(
                "claimkb export --format turtle | head -n 12",
                run(["export", "--format", "turtle"], env, head=12),
            )
        )
        bad = Path(tmp) / "notes-latin1.txt"
        bad.write_bytes("Caf\xe9 notes".encode("latin-1"))
        png = Path(tmp) / "photo.txt"
        png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
        parts.append(
            block(
                "claimkb extract notes-latin1.txt photo.txt; echo exit=$?",
                run(["extract", str(bad), str(png)], env).replace(tmp + "/", "") + "\nexit=2",
            )
        )
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text(
            json.dumps(
                {
                    "id": "winter-timetable",
                    "title": "Ferries move to the winter timetable",
                    "date": "2026-11-02",
                    "text": "Harbour master Jonah Pike said the winter timetable starts Monday.",
                }
            )
            + '\n{"id": "fares", "text": "Fares rose by a tenth, the port office said."}\n'
            + '{"id": "broken", "text": "the line ends here\n',
            encoding="utf-8",
        )
        parts.append(
            block(
                "claimkb ingest feed.jsonl; echo exit=$?   # JSON Lines: one article a line",
                run(["ingest", str(feed)], env).replace(tmp + "/", "") + "\nexit=2",
            )
        )
        parts.append(
            block(
                "claimkb who-said Pike --since 2026-11-01   # only the dated article is as new",
                run(["who-said", "Pike", "--since", "2026-11-01"], env),
            )
        )
        parts.append(block("claimkb documents", run(["documents"], env)))
        parts.append(block("claimkb remove fares", run(["remove", "fares"], env)))
        parts.append(
            block(
                "claimkb who-said Roe --kb nowhere",
                run(["who-said", "Roe", "--kb", "nowhere"], env),
            )
        )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = "\n".join(parts)
    new = re.sub(
        r"(<!-- tour:start -->\n).*?(<!-- tour:end -->)",
        lambda m: m.group(1) + tour + m.group(2),
        readme,
        flags=re.S,
    )
    (ROOT / "README.md").write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
