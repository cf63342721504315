"""The HTML audit report: escaped, self-contained, and rendered by a real browser.

The browser test runs Debian's chromium headless (``make test`` installs it when
it is missing); it dumps the DOM after the page's script ran and takes a
screenshot, and checks both show the findings.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html import unescape
from pathlib import Path

from claimkb.audit import CHECKS, audit
from claimkb.report import marked_paragraph, render
from claimkb.store import open_store
from tests.conftest import make_kb

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
    return found


def sample_report(sample_kb: Path) -> tuple[str, list]:
    with open_store(sample_kb) as store:
        findings = audit(store)
        return render(store, findings), findings


def test_spans_are_marked_and_text_is_escaped():
    text = "Intro.\n\nThe <b>mayor</b> said “the pier & the dock are safe”.\n\nEnd."
    s = text.index("The")
    cue = text.index("said")
    content = text.index("the pier")
    html = marked_paragraph(
        text,
        [
            ("source", s, s + 16),
            ("cue", cue, cue + 4),
            ("content", content, content + len("the pier & the dock are safe")),
        ],
    )
    assert html.startswith('<mark class="source">The &lt;b&gt;mayor&lt;/b&gt;</mark>')
    assert '<mark class="cue">said</mark>' in html
    assert '<mark class="content">the pier &amp; the dock are safe</mark>' in html
    assert "Intro" not in html and "End." not in html  # only the statement's paragraph


def test_report_is_self_contained_with_a_summary_row_per_check(sample_kb):
    page, findings = sample_report(sample_kb)
    assert findings
    assert "http://" not in page and "https://" not in page  # nothing fetched from anywhere
    for check in CHECKS:
        assert f"<td><b>{check}</b>" in page
    assert page.count('<article class="finding') == len(findings)


def test_hostile_article_text_cannot_inject_markup(tmp_path):
    kb = make_kb(
        tmp_path,
        {"a.txt": "Sources said <script>alert(1)</script> the pier would close.\n"},
    )
    with open_store(kb) as store:
        page = render(store, audit(store))
    assert "<script>alert" not in page and page.count("<script>") == 1  # ours only
    shown = unescape(re.sub(r"</?mark[^>]*>", "", page))
    assert "Sources said <script>alert(1)</script> the pier would close." in shown


def _png_pixels(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_report_renders_in_headless_chromium(sample_kb, tmp_path):
    page, findings = sample_report(sample_kb)
    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    url = html.as_uri()
    common = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]

    dom = subprocess.run(
        [*common, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert 'data-rendered="yes"' in dom  # the page's script ran in the browser
    buttons = dom.count('class="filter')
    assert buttons == 1 + len({f.check for f in findings})  # "all" + one per check found
    text = unescape(dom)
    for f in findings:
        assert f.reason in text

    shot = tmp_path / "report.png"
    subprocess.run(
        [*common, "--window-size=1200,2400", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    width, height, pixels = _png_pixels(shot)
    assert (width, height) == (1200, 2400)
    # a rendered page, not a blank one: many distinct byte values in the image
    assert len(set(pixels[: 1200 * 3 * 800])) > 50
