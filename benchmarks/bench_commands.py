"""The read commands on a knowledge base the size of a real archive.

    python benchmarks/bench_commands.py [--split train] [--json out/bench-commands.json]

Ingests every article of a PolNeAR split (read from ``../shared``, never
copied) into a throwaway knowledge base, then times each command a user runs
on it, each in its own process as a user would.  The
sample corpus is too small to show a command that is quadratic in the
statements or that multiplies rows over the union of the documents' graphs:
session 46 found three (audit, stats, export --format claimreview), which
took minutes, or all the memory there is, on PolNeAR train.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
BIN = Path(sys.executable).parent / "claimkb"

COMMANDS = [
    ["sources", "--format", "json"],
    ["who-said", "Trump", "--format", "json"],
    ["about", "Putin", "--format", "json"],
    ["claims", "--min", "2", "--format", "json"],
    ["audit", "--format", "json"],
    ["stats", "--format", "json"],
    ["match", "the wall will be paid for by Mexico", "--format", "json"],
    ["export", "--format", "nt", "-o", "{out}/kb.nt"],
    ["export", "--format", "csv", "-o", "{out}/kb.csv"],
    ["export", "--format", "graphml", "-o", "{out}/kb.graphml"],
    ["export", "--format", "claimreview", "-o", "{out}/kb.json"],
    ["validate"],
]


def timed(args: list[str]) -> float:
    """Wall seconds of one command."""
    t = time.perf_counter()
    subprocess.run([str(BIN), *args], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train", choices=["train", "dev"])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    text = POLNEAR / args.split / "text"
    with tempfile.TemporaryDirectory() as tmp:
        kb = Path(tmp) / "kb"
        seconds = timed(["ingest", str(text), "--kb", str(kb)])
        rows = [{"command": f"ingest {args.split}", "seconds": round(seconds, 1)}]
        print(f"{'command':<40} {'seconds':>8}")
        print(f"{rows[0]['command']:<40} {seconds:>8.1f}")
        for cmd in COMMANDS:
            line = [a.format(out=tmp) for a in cmd]
            seconds = timed([*line, "--kb", str(kb)])
            name = " ".join(a for a in line if not a.startswith(tmp))
            rows.append({"command": name, "seconds": round(seconds, 2)})
            print(f"{name:<40} {seconds:>8.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
