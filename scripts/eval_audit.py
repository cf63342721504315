"""Check-level precision and recall of ``claimkb audit`` on our audit test set.

    python scripts/eval_audit.py

A case counts as *fired* when its check reports at least one finding.  Recall:
cases where the check must fire and did; precision: of the cases where it
fired, how many it had to.  The cases live in tests/audit_cases.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.audit_cases import CASES, Case  # noqa: E402
from tests.conftest import make_kb  # noqa: E402

from claimkb.audit import audit  # noqa: E402
from claimkb.store import open_store  # noqa: E402


def fires(check: str, case: Case) -> bool:
    with tempfile.TemporaryDirectory() as tmp, open_store(make_kb(Path(tmp), case)) as store:
        return bool(audit(store, [check]))


def scores(check: str) -> tuple[float, float, list[int], list[int]]:
    """Precision, recall, and the indexes of missed cases and false alarms."""
    must, must_not = CASES[check]
    missed = [i for i, c in enumerate(must) if not fires(check, c)]
    false = [i for i, c in enumerate(must_not) if fires(check, c)]
    tp = len(must) - len(missed)
    return tp / max(tp + len(false), 1), tp / len(must), missed, false


def main() -> None:
    print(f"{'check':<22} {'fire':>4} {'quiet':>5} {'P':>6} {'R':>6}  missed / false alarms")
    for check in CASES:
        p, r, missed, false = scores(check)
        must, must_not = CASES[check]
        print(
            f"{check:<22} {len(must):>4} {len(must_not):>5} {p:>6.2f} {r:>6.2f}  {missed} / {false}"
        )


if __name__ == "__main__":
    main()
