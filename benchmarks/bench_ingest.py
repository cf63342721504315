"""End-to-end ingest: wall time, words/s and peak memory, by corpus size and --jobs.

    python benchmarks/bench_ingest.py [--runs 2000:1 2000:2 10000:2]
                                      [--json out/bench-ingest.json]

Each run is DOCUMENTS:JOBS.  The defaults measure the --jobs speed-up on 2,000
documents and memory at 2,000 vs 10,000 documents (flat when streaming works).

Articles are generated from sentence templates we wrote (quotes, reported
speech, pronouns, outlet-voice figures; no copied text).  Each run is a fresh
``claimkb ingest DIR --kb TMP`` process; its peak resident memory (and its
workers') is read from ``getrusage`` of the children: the peak of the largest
single process, so with --jobs N the machine holds about N+1 times that.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

PEOPLE = [
    ("Mara Castell", "she", "the president"),
    ("Jonah Pike", "he", "the harbour master"),
    ("Ilse Brandt", "she", "the commandant"),
    ("Samuel Okafor", "he", "the opposition leader"),
    ("Lena Hart", "she", "the economist"),
    ("Tomas Reyes", "he", "the press secretary"),
]
PLACES = ["Port Amberly", "the north coast", "Skell", "the outer islands", "Veloria"]
TOPICS = ["the harbour", "the ferry service", "the fish market", "the new bridge", "the budget"]
SENTENCES = [
    "{name}, {title}, said on {day} that {topic} would reopen within {n} days.",
    '"We will not leave {place} behind," {pronoun} told reporters.',
    "According to {name}, repairs to {topic} will cost {n} million crowns.",
    '"The damage is serious," {title} said. "But it is not permanent."',
    "{Topic} has been closed since the storm, with {n} boats still tied up.",
    "{name} denied that {topic} had been sold, calling the report false.",
    "Officials said {n} people had been moved from {place} overnight.",
    "{Pronoun} added that the plan had the support of {n} councillors.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(rnd: random.Random) -> str:
    name, pronoun, title = rnd.choice(PEOPLE)
    topic = rnd.choice(TOPICS)
    head = f"{topic.capitalize()} in the news"
    paras = []
    for template in rnd.sample(SENTENCES, 6):
        paras.append(
            template.format(
                name=name,
                pronoun=pronoun,
                Pronoun=pronoun.capitalize(),
                title=title,
                topic=topic,
                Topic=topic.capitalize(),
                place=rnd.choice(PLACES),
                day=rnd.choice(DAYS),
                n=rnd.randint(2, 400),
            )
        )
    return head + "\n\n" + "\n\n".join(paras) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 5) -> int:
    rnd = random.Random(seed)
    words = 0
    for i in range(n):
        text = article(rnd)
        words += len(text.split())
        (folder / f"art-{i:06d}.txt").write_text(text, encoding="utf-8")
    return words


_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(rc, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run_ingest(corpus: Path, kb: Path, jobs: int) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one ``claimkb ingest`` process and its workers."""
    claimkb = Path(sys.executable).parent / "claimkb"
    cmd = [str(claimkb), "ingest", str(corpus), "--kb", str(kb), "--jobs", str(jobs)]
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=True
    ).stdout.split()
    rc, secs, rss_kb = int(out[0]), float(out[1]), int(out[2])
    assert rc == 0, f"ingest failed with exit code {rc}"
    return secs, rss_kb // 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", nargs="+", default=["2000:1", "2000:2", "10000:2"])
    ap.add_argument("--json", type=Path, default=Path("out") / "bench-ingest.json")
    args = ap.parse_args()
    results = []
    print(
        f"{'documents':>10} {'words':>10} {'jobs':>5} {'seconds':>8} {'words/s':>9} {'peak MB':>8}"
    )
    runs = [tuple(int(x) for x in r.split(":")) for r in args.runs]
    with tempfile.TemporaryDirectory() as tmp:
        corpora: dict[int, tuple[Path, int]] = {}
        for n, jobs in runs:
            if n not in corpora:
                folder = Path(tmp) / f"corpus-{n}"
                folder.mkdir()
                corpora[n] = (folder, write_corpus(folder, n))
            corpus, words = corpora[n]
            secs, peak = run_ingest(corpus, Path(tmp) / f"kb-{n}-{jobs}", jobs)
            results.append(
                {"documents": n, "words": words, "jobs": jobs, "seconds": round(secs, 1),
                 "words_per_s": round(words / secs), "peak_mb": peak}
            )  # fmt: skip
            print(f"{n:>10,} {words:>10,} {jobs:>5} {secs:>8.1f} {words / secs:>9,.0f} {peak:>8}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
