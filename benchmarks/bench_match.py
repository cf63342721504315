"""Claim matching speed over many stored statements.

    python benchmarks/bench_match.py [--sizes 10000 100000] [--json out/bench-match.json]

Statements are generated from templates we wrote (no copied text).  Matching
keys every candidate in Python, then runs rapidfuzz's C++ ``extract`` over all
keys and scores only the shortlist exactly.  The figures say when that stops
being enough and a persistent MinHash/LSH index would pay for itself.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from claimkb.matching import best_matches

SUBJECTS = [
    "the harbour",
    "food prices",
    "the ferry service",
    "the council",
    "exports of fish",
    "the new bridge",
    "unemployment",
    "the coast guard",
    "rents",
    "the school budget",
]
VERBS = [
    "will rise by",
    "fell by",
    "will reopen within",
    "cost",
    "grew by",
    "was cut by",
    "doubled in",
    "reached",
    "will close for",
    "lost",
]
UNITS = ["percent", "days", "million crowns", "weeks", "people", "boats", "homes", "cars"]
PLACES = [
    "in Port Amberly",
    "on the north coast",
    "this winter",
    "since the storm",
    "last year",
    "in the capital",
    "before the vote",
    "",
]


def statements(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        text = (
            f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.randint(2, 900)} "
            f"{rnd.choice(UNITS)} {rnd.choice(PLACES)}"
        )
        rows.append(
            {"id": f"s{i}", "content": text, "speaker": f"Speaker {i % 500}", "doc": f"d{i}"}
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        rows = statements(n)
        query = rows[n // 2]["content"].replace("percent", "%")
        t0 = time.perf_counter()
        found = best_matches(query, rows, top=5)
        secs = time.perf_counter() - t0
        assert (found and found[0].row["id"] == rows[n // 2]["id"]) or found[0].score == 100
        results.append({"statements": n, "seconds": round(secs, 3)})
        print(f"match over {n:>9,} statements: {secs:6.2f} s  ({n / secs:,.0f} statements/s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
