"""Plain-dict views of the model: the JSON contract of ``claimkb extract``.

One place decides field names and order, so the JSONL the scorer reads, the
``--format json`` of every command and the CSV columns cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from claimkb.model import Extraction, Span, Speaker, Statement


def span_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def content_dict(frags: list[Span], text: str) -> dict[str, Any]:
    start, end = frags[0].start, frags[-1].end
    out: dict[str, Any] = {"start": start, "end": end, "text": text[start:end]}
    if len(frags) > 1:
        out["spans"] = [[f.start, f.end] for f in frags]
    return out


def speaker_dict(sp: Speaker | None) -> dict[str, Any] | None:
    """A group's ``members`` are listed only where there are any, so every
    other speaker reads as the design's contract has it."""
    if sp is None:
        return None
    out: dict[str, Any] = {"name": sp.name, "type": sp.type, "resolved_by": sp.resolved_by}
    if sp.members:
        out["members"] = [{"name": m.name, "type": m.type} for m in sp.members]
    return out


def statement_dict(st: Statement, text: str) -> dict[str, Any]:
    return {
        "id": st.id,
        "kind": st.kind,
        "source": span_dict(st.source),
        "speaker": speaker_dict(st.speaker),
        "cue": span_dict(st.cue),
        "content": content_dict(st.content, text),
        "entities": list(st.entities),
        "confidence": st.confidence,
        "occurrences": [[[f.start, f.end] for f in occ] for occ in st.occurrences],
    }


def extraction_dict(ex: Extraction) -> dict[str, Any]:
    text = ex.document.text
    out: dict[str, Any] = {"doc": ex.document.id}
    if ex.document.author:
        out["author"] = ex.document.author  # the byline, when the input gives one
    out["statements"] = [statement_dict(s, text) for s in ex.statements]
    return out
