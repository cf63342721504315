"""The audit as one self-contained HTML page: counts per check, then every
finding with its paragraph and the source, cue and content marked.

One file, no external CSS, fonts or scripts, so it can be mailed to an editor
or archived with a story.  Every piece of text from the knowledge base goes
through ``html.escape``: an article quoting ``<script>`` shows it, never runs
it.  The small inline script only adds the per-check filter buttons; without
it the page still shows everything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from html import escape
from importlib import resources

from claimkb.audit import CHECKS, SEVERITIES, Finding
from claimkb.query import document_texts, paragraph_around, select_rows
from claimkb.store import Store

#: What each check means, for the report's summary table.
CHECK_HELP = {
    "unattributed": "figures or casualties in the outlet's own voice, with no source",
    "vague-source": "anonymous or vague sources: “sources said”, “experts”",
    "unresolved": "a pronoun or title source that names nobody",
    "headline-source": "a source taken from a headline or caption",
    "single-source": "a claim several documents carry on one speaker's word alone",
    "quote-drift": "one speaker's quotation worded differently in two documents",
    "conflicting-figures": "the same statement with different figures from different sources",
    "circular-sourcing": "sources that cite each other in a loop",
}

_SPANS = """
SELECT DISTINCT ?id ?role ?s ?e WHERE {
    VALUES (?rel ?role) { (ckb:contentSelector "content") (ckb:sourceSelector "source")
                          (ckb:cueSelector "cue") }
    ?st schema:identifier ?id ; ?rel ?sel . ?sel oa:start ?s ; oa:end ?e .
}
"""


def _asset(name: str) -> str:
    """The report's stylesheet or script, inlined so the page stands alone."""
    return resources.files("claimkb.data").joinpath(name).read_text("utf-8")


def _spans(store: Store) -> dict[str, list[tuple[str, int, int]]]:
    """Each statement's spans in text order (sorted here: Oxigraph's ORDER BY
    is the slow part of sorting every span of a large store)."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for r in select_rows(store, _SPANS):
        out.setdefault(r["id"], []).append((r["role"], r["s"], r["e"]))
    for spans in out.values():
        spans.sort(key=lambda span: (span[1], span[2], span[0]))
    return out


def marked_paragraph(text: str, spans: list[tuple[str, int, int]]) -> str:
    """The paragraph around the spans, escaped, each span in a ``<mark>`` of its role."""
    if not spans:
        return ""
    start, end = paragraph_around(text, min(s for _, s, _ in spans), max(e for _, _, e in spans))
    # Spans never overlap within a statement (PolNeAR is univocal); sort and weave.
    pieces, at = [], start
    for role, s, e in sorted(spans, key=lambda x: x[1]):
        if s < at:
            continue
        pieces.append(escape(text[at:s]))
        pieces.append(f'<mark class="{role}">{escape(text[s:e])}</mark>')
        at = e
    pieces.append(escape(text[at:end]))
    return "".join(pieces)


def render(store: Store, findings: list[Finding], title: str = "claimkb audit") -> str:
    """The report page for these findings."""
    texts = document_texts(store)
    spans = _spans(store)
    n_statements = len(spans)
    counts = Counter((f.check, f.severity) for f in findings)
    rows = []
    for check in CHECKS:
        cells = "".join(f'<td class="n">{counts[check, s]}</td>' for s in SEVERITIES)
        total = sum(counts[check, s] for s in SEVERITIES)
        rows.append(
            f"<tr><td><b>{check}</b><br><small>{escape(CHECK_HELP.get(check, ''))}</small></td>"
            f'{cells}<td class="n"><b>{total}</b></td></tr>'
        )
    items = []
    for f in findings:
        para = marked_paragraph(texts.get(f.doc, ""), spans.get(f.statement, []))
        items.append(
            f'<article class="finding sev-{f.severity}" data-check="{escape(f.check)}" '
            f'data-statement="{escape(f.statement)}">'
            f'<h3><span class="badge">{f.severity}</span>{escape(f.check)}</h3>'
            f'<div class="where">document <b>{escape(f.doc)}</b> · statement '
            f"<code>{escape(f.statement)}</code>"
            + (f" · offset {f.start}" if f.start is not None else "")
            + "</div>"
            f'<p class="reason">{escape(f.reason)}</p>'
            + (f"<blockquote>{para}</blockquote>" if para else "")
            + "</article>"
        )
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    heads = "".join(f"<th>{s}</th>" for s in SEVERITIES)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{_asset("report.css")}</style></head>
<body>
<h1>{escape(title)}</h1>
<p class="meta">{len(texts)} documents · {n_statements} statements ·
<b id="total">{len(findings)}</b> findings · generated {when} by claimkb</p>
<table id="summary"><tr><th>check</th>{heads}<th>total</th></tr>{"".join(rows)}</table>
<p class="legend"><mark class="source">source</mark> <mark class="cue">cue</mark>
<mark class="content">content</mark></p>
<div id="filters"></div>
<main id="findings">{"".join(items) or "<p>No findings.</p>"}</main>
<script>{_asset("report.js")}</script>
</body></html>
"""
