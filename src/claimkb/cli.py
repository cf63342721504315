"""The ``claimkb`` command: parse options, call the library, render.

This is the only module that prints.  Every ``ClaimKBError`` becomes one
``error: ...`` line on stderr and a non-zero exit code; nothing else leaks a
traceback to the user for input they gave.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from claimkb import __version__
from claimkb.errors import ClaimKBError, InputError
from claimkb.output import RowFormat, console, counted, printable, render_rows
from claimkb.parallel import fewer_collections

if TYPE_CHECKING:
    from claimkb.model import Document, Extraction

app = typer.Typer(
    name="claimkb",
    help=(
        "Who said what, about whom, on whose authority.\n\n"
        "Extract attributed statements from news text, store them as RDF in a "
        "local knowledge base (./kb by default), and query or export them."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# Off a terminal (pipes, files, CI logs) rich would assume 80 columns; tables of
# statements need more to stay readable.
out = console(width=None if sys.stdout.isatty() else 120)
err = console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

KbOption = Annotated[
    Path | None,
    typer.Option(
        "--kb",
        help="Knowledge base home (holds store/). Default: $CLAIMKB_HOME or ./kb.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    RowFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output: table for people; json, jsonl (a row a line) or csv for scripts.",
    ),
]
MethodOption = Annotated[
    str,
    typer.Option(
        "--method",
        help="tagger: the learned tagger shipped with claimkb; rules: dependency rules only; "
        "auto: the tagger if installed, else rules.",
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", min=1, help="Show at most this many rows.")
]
MinConfidenceOption = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Only statements at least this likely to be right (0 to 1): a statement's "
        "confidence is how often ones like it were right on PolNeAR dev.",
    ),
]


WaitOption = Annotated[
    float,
    typer.Option(
        "--wait", min=0.0, help="If another process is writing, wait up to this many seconds."
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Only documents published on or after this day (YYYY-MM-DD, or a month: "
        "YYYY-MM), and their statements; an undated document is left out.",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="Only documents published on or before this day (YYYY-MM-DD, or the last of "
        "a month: YYYY-MM), and their statements.",
        show_default=False,
    ),
]


def _method(value: str) -> str:
    from claimkb.extract import METHODS

    if value not in METHODS:
        raise InputError(f"--method must be one of {', '.join(METHODS)}, not {value!r}")
    return value


#: characters of an error message shown: messages echo what was given, and a
#: 10,000-character id or a pasted page would bury the line
_MESSAGE_WIDTH = 500


def _one_line(message: str) -> str:
    """An error message as one line: line breaks in what it echoes shown as
    ``⏎``, and cut at ``_MESSAGE_WIDTH`` characters."""
    message = re.sub(r"\r\n|[\r\n\u2028\u2029]", "⏎", message)
    return message if len(message) <= _MESSAGE_WIDTH else message[: _MESSAGE_WIDTH - 1] + "…"


def handle_errors(fn: F) -> F:
    """Turn claimkb's own errors into one line and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()  # here, where a failed write still gets its one line
            return result
        except ClaimKBError as exc:
            err.print(
                f"[red]error:[/red] {escape(_one_line(str(exc)))}", markup=True, highlight=False
            )
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # the reader (`| head`) has what it wanted: stop quietly, as rich
            # does for a table (Console.on_broken_pipe) and click for itself
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except OSError as exc:
            # claimkb's own reads and writes raise ClaimKBErrors; what is left
            # is mostly the output itself (no file name): a full disk, a
            # terminal gone
            what = (
                f"{exc.filename}: {exc.strerror}"
                if exc.filename
                else f"cannot write the output ({exc})"
            )
            err.print(f"[red]error:[/red] {escape(_one_line(what))}", markup=True, highlight=False)
            raise typer.Exit(74) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug of ours: still one line, full detail on request
            if os.environ.get("CLAIMKB_DEBUG"):
                raise
            first = (str(exc).splitlines() or [""])[0]
            err.print(
                f"[red]error:[/red] internal error ({type(exc).__name__}: "
                f"{escape(_one_line(first))}); "
                "set CLAIMKB_DEBUG=1 for the traceback",
                markup=True,
                highlight=False,
            )
            raise typer.Exit(70) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        out.print(f"claimkb {__version__}")
        raise typer.Exit()


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="A SPARQL 1.1 endpoint to use instead of the embedded store, e.g. "
            "http://localhost:7878/query (default: $CLAIMKB_STORE, else ./kb).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Who said what, about whom, on whose authority."""
    thresholds = fewer_collections()
    ctx.call_on_close(lambda: gc.set_threshold(*thresholds))
    if store:
        # open_store reads it; restored afterwards so that in-process callers
        # (tests, notebooks) do not inherit it
        before = os.environ.get("CLAIMKB_STORE")
        os.environ["CLAIMKB_STORE"] = store
        ctx.call_on_close(lambda: _restore_env("CLAIMKB_STORE", before))


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


STATEMENT_WIDTHS = {"speaker": 22, "kind": 12, "cue": 12, "content": 70, "doc": 20, "id": 8}


@app.command()
@handle_errors
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Text, Markdown or HTML files, JSON Lines files of articles (.jsonl or "
            '.jsonl.gz, one object a line: {"id", "text", "title", "url", "date", "author"}), '
            "directories searched for them, or - for standard input."
        ),
    ],
    fmt: Annotated[
        ExtractFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl: one JSON object per document (the scorer's contract); "
            "json: the same objects in one array; table: a readable listing.",
        ),
    ] = ExtractFormat.jsonl,
    output: OutputOption = None,
    method: MethodOption = "auto",
) -> None:
    """Extract attributed statements from text files, without storing them.

    Each statement has a source (who), a cue ("said", "according to"), the
    content, its kind (direct, indirect, mixed, unattributed), the resolved
    speaker, exact character offsets into the file, and a confidence: how
    likely such a statement is right (calibrated on PolNeAR dev).  With - the
    text is read from standard input as one document named "stdin".
    """
    from claimkb.extract import extract_many
    from claimkb.ingest import STDIN, count_documents, iter_documents

    skipped: list[str] = []
    from_stdin = any(str(p) == STDIN for p in paths)
    named = [p for p in paths if str(p) != STDIN]
    files = _input_files(named) if named or not from_stdin else []

    def docs():
        items = iter_documents(files)
        if from_stdin:
            items = chain([(Path(STDIN), _stdin_document())], items)
        for _path, item in items:
            if isinstance(item, InputError):
                skipped.append(str(item))
                err.print(f"skipped: {_one_line(str(item))}", highlight=False)
                continue
            yield item

    # a bar on the terminal the results are printed to would tear through them
    def bar_total() -> int:
        return count_documents(files) + from_stdin if output or not out.is_terminal else 0

    with _output_stream(output) as sink:
        if fmt is ExtractFormat.json:
            sink.write("[")
        with _progress(bar_total, "extracting") as advance:
            extractions = extract_many(docs(), method=_method(method))
            for n, ex in enumerate(extractions):
                advance()
                _write_extraction(ex, n, fmt, sink, output)
        if fmt is ExtractFormat.json:
            sink.write("\n]\n")
    if skipped:
        raise typer.Exit(2)


@contextlib.contextmanager
def _output_stream(output: Path | None, binary: bool = False) -> Iterator[Any]:
    """Standard output, or a file written as ``_emit`` writes one, but
    streamed (text, or bytes): a stopped run leaves no half-written file, and
    a path that cannot be written to is a one-line error before any work
    starts."""
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    target, direct = _write_target(output)
    try:
        fh = target.open("wb") if binary else target.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror})") from None
    try:
        with fh:
            yield fh
        if not direct:
            target.replace(output)
    except BaseException:
        if not direct:
            target.unlink(missing_ok=True)
        raise


def _write_extraction(
    ex: Extraction, n: int, fmt: ExtractFormat, sink: TextIO, output: Path | None
) -> None:
    """One document's statements, the ``n``-th written, in the chosen format."""
    from claimkb.records import extraction_dict

    if fmt is not ExtractFormat.table:
        record = json.dumps(extraction_dict(ex), ensure_ascii=False)
        if fmt is ExtractFormat.json:  # an array, streamed: no document is held back
            record = ("," if n else "") + "\n" + record
        else:
            record += "\n"
        sink.write(record)
        return
    rows = [
        {
            "speaker": s.speaker.name if s.speaker else "",
            "kind": s.kind,
            "cue": s.cue.text if s.cue else "",
            "content": s.content_text,
            "doc": ex.document.id,
            "id": s.id[:8],
        }
        for s in ex.statements
    ]
    sink_console = console(file=sink) if output else out
    render_rows(
        rows,
        RowFormat.table,
        ["speaker", "kind", "cue", "content", "id"],
        sink_console,
        title=ex.document.id,
        widths=STATEMENT_WIDTHS,
    )


def _stdin_document() -> Document | InputError:
    """Standard input as a document, or the input error that refused it."""
    from claimkb.ingest import read_stdin

    try:
        return read_stdin(sys.stdin.buffer)
    except InputError as exc:
        return exc


@app.command()
@handle_errors
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Text, Markdown or HTML files, JSON Lines files of articles (.jsonl or "
            '.jsonl.gz, one object a line: {"id", "text", "title", "url", "date", "author"}), '
            "or directories searched for them."
        ),
    ],
    kb: KbOption = None,
    method: MethodOption = "auto",
    wait: WaitOption = 0.0,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=1, help="Extract with this many processes (one writer stores)."
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Extract on a Dask cluster, e.g. tcp://host:8786 (its workers need claimkb).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Extract statements from files and store them in the knowledge base.

    Each document (a file, or an article of a JSON Lines file) becomes one
    graph, written in one transaction. Re-ingesting an unchanged document
    does nothing; a changed one replaces its graph. Unreadable files and
    lines are reported and skipped; the rest are stored.
    """
    from claimkb.entities import load_aliases
    from claimkb.ingest import count_documents
    from claimkb.pipeline import ingest as run_ingest
    from claimkb.store import kb_home, open_store

    files = _input_files(paths)
    aliases = load_aliases(kb_home(kb))
    store = open_store(kb, write=True, wait=wait)
    try:
        with _progress(lambda: count_documents(files)) as advance:
            report = run_ingest(
                store,
                files,
                lambda _p: advance(),
                method=_method(method),
                aliases=aliases,
                jobs=jobs,
                scheduler=scheduler,
            )
    finally:
        store.close()
    for _path, reason in report.skipped:
        err.print(f"skipped: {_one_line(reason)}", highlight=False)
    parts = [
        f"{len(report.added)} added",
        f"{len(report.replaced)} replaced",
        f"{len(report.unchanged)} unchanged",
        f"{len(report.skipped)} skipped",
    ]
    stored = counted(report.statements, "statement")
    relinked = f"; {counted(report.relinked, 'review')} relinked" if report.relinked else ""
    err.print(f"{', '.join(parts)}; {stored} stored{relinked}", highlight=False)
    if report.skipped:
        raise typer.Exit(2)


@app.command()
@handle_errors
def remove(
    doc_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="DOC",
            help="Ids of stored documents, as `claimkb documents` lists them.",
            show_default=False,
        ),
    ],
    kb: KbOption = None,
    wait: WaitOption = 0.0,
) -> None:
    """Take documents and their statements out of the knowledge base.

    For a retracted story or a file ingested by mistake. Every id is checked
    first: one that is not stored removes nothing. Fact-check verdicts on the
    removed statements are kept, matched again to statements elsewhere that
    make the same claim, or else kept as a claim of their own.
    """
    from claimkb.pipeline import remove as run_remove
    from claimkb.store import open_store

    with open_store(kb, write=True, create=False, wait=wait) as store:
        report = run_remove(store, doc_ids)
    relinked = f"; {counted(report.relinked, 'review')} relinked" if report.relinked else ""
    err.print(
        f"{counted(len(report.removed), 'document')} removed, "
        f"{counted(report.statements, 'statement')} with them{relinked}",
        highlight=False,
    )


@contextlib.contextmanager
def _progress(count: Callable[[], int], doing: str = "ingesting") -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for work on several documents; silent
    otherwise.  ``count`` says how many, asked only for a terminal (it reads
    JSON Lines files through to count their articles).

    (rich writes a stray newline even for a disabled bar, so none is made.)
    """
    total = count() if err.is_terminal else 0
    if total < 2:
        yield lambda: None
        return
    columns = (TextColumn(doing), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(doing, total=total)
        yield lambda: progress.advance(task)


def _input_files(paths: list[Path], suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """The files a command will read (text files unless ``suffixes`` says
    otherwise), or a clear error when there are none."""
    from claimkb.ingest import STDIN, TEXT_SUFFIXES, expand_paths

    suffixes = suffixes or TEXT_SUFFIXES
    if any(str(p) == STDIN for p in paths):
        raise InputError("- (standard input) is read by extract only; save the text to a file")
    files = list(expand_paths(paths, suffixes))
    if not files:
        raise InputError(f"no {'/'.join(suffixes)} files found in " + ", ".join(map(str, paths)))
    return files


def _emit(data: bytes, output: Path | None, what: str) -> None:
    """Write to stdout, or to a file via a temporary name: never a half-written file."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target, direct = _write_target(output)
    try:
        target.write_bytes(data)
        if not direct:
            target.replace(output)
    except OSError as exc:
        if not direct:
            target.unlink(missing_ok=True)
        raise InputError(f"{output}: cannot write ({exc.strerror})") from None
    err.print(f"wrote {what} to {output}", highlight=False)


def _write_target(output: Path) -> tuple[Path, bool]:
    """Where to write ``output``: a temporary name beside it, renamed over it
    when complete; or, for /dev/null, a FIFO or a terminal, the device itself
    (``True``), which renaming would replace with a regular file."""
    if output.is_dir():
        raise InputError(f"{output}: is a directory")
    if output.exists() and not output.is_file():
        return output, True
    return output.with_name(output.name + ".partial"), False


def _with_verdicts(store: Any, rows: list[dict]) -> list[dict]:
    """Rows with the fact-check verdicts on each statement (``verdicts``: a list)."""
    from claimkb.factcheck import verdicts

    found = verdicts(store, [r["id"] for r in rows if r.get("id")])
    return [{**r, "verdicts": found.get(r.get("id") or "", [])} for r in rows]


def _statement_table(rows: list[dict], fmt: RowFormat, title: str) -> None:
    from claimkb.factcheck import verdict_label

    columns = ["speaker", "kind", "cue", "content", "doc", "id"]
    if any(r.get("verdicts") for r in rows) and not fmt.structured:
        # people and spreadsheets get one readable cell; scripts get the list
        rows = [
            {
                **{k: v for k, v in r.items() if k != "verdicts"},
                "verdict": verdict_label(r["verdicts"]),
            }
            for r in rows
        ]
        columns.insert(4, "verdict")
    if fmt is RowFormat.table:
        rows = [{**r, "id": (r.get("id") or "")[:8]} for r in rows]
    render_rows(rows, fmt, columns, out, title=title, widths={**STATEMENT_WIDTHS, "verdict": 24})


@app.command("who-said")
@handle_errors
def who_said(
    name: Annotated[
        str | None,
        typer.Argument(help="Speaker: full name, surname or alias. Omit with --all."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="List every attributed statement.")] = False,
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
    limit: LimitOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    since: SinceOption = None,
    until: UntilOption = None,
    about: Annotated[
        str | None,
        typer.Option(
            "--about",
            help="Only statements that mention this person, place, organisation or word "
            "(as `claimkb about` finds them): who said what about whom.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Statements by a speaker, matched on full name, surname or any alias.

    Case, accents and curly apostrophes do not matter: ramirez finds José
    Ramírez, o'malley finds O’Malley. The people the name names come first,
    then speakers it only touches (an alias, a word of a body's name: Trump
    finds "Citizens for Trump" after Donald Trump).
    """
    from claimkb import query
    from claimkb.store import open_store

    if name is None and not all_:
        raise InputError("give a speaker NAME, or --all for every statement")
    with open_store(kb) as store:
        found = query.who_said(
            store,
            None if all_ else name,
            limit,
            min_confidence,
            since=since,
            until=until,
            about=about,
        )
        rows = _with_verdicts(store, found)
    title = "who said what" if all_ or name is None else f"said by {name}"
    _statement_table(rows, fmt, f"{title} about {about}" if about is not None else title)


@app.command()
@handle_errors
def about(
    entity: Annotated[str, typer.Argument(help="A person, place, organisation or word.")],
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
    limit: LimitOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Statements that mention an entity, by anyone (including the outlet itself)."""
    from claimkb import query
    from claimkb.store import open_store

    with open_store(kb) as store:
        found = query.said_about(store, entity, limit, min_confidence, since=since, until=until)
        rows = _with_verdicts(store, found)
    _statement_table(rows, fmt, f"said about {entity}")


@app.command()
@handle_errors
def sources(
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
    limit: LimitOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Speakers with how many statements and documents each, busiest first."""
    from claimkb import query
    from claimkb.store import open_store

    with open_store(kb) as store:
        rows = query.sources(store, limit, since=since, until=until)
    render_rows(
        rows, fmt, ["speaker", "speaker_type", "statements", "documents"], out, title="sources"
    )


@app.command()
@handle_errors
def documents(
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
    limit: LimitOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Stored documents by id, with headline, date and how many statements each.

    The ids are what `claimkb remove` takes; the formats for scripts add
    each document's URL and the file it was read from.
    """
    from claimkb import query
    from claimkb.store import open_store

    with open_store(kb) as store:
        rows = query.documents(store, limit, since=since, until=until)
    if fmt is RowFormat.table:  # the URL and path are long; scripts get them
        columns = ["doc", "date", "statements", "headline"]
        rows = [{c: r[c] for c in columns} for r in rows]
        render_rows(rows, fmt, columns, out, title="documents", widths={"headline": 60})
        return
    render_rows(rows, fmt, query.DOCUMENT_COLUMNS, out, title="documents")


@app.command()
@handle_errors
def show(
    statement_id: Annotated[str, typer.Argument(help="Statement id, or a unique prefix of it.")],
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
) -> None:
    """One statement: its paragraph with source, cue and content highlighted."""
    from claimkb import query
    from claimkb.factcheck import verdicts
    from claimkb.store import open_store

    with open_store(kb) as store:
        d = query.show(store, statement_id)
        found = verdicts(store, [d.row["id"]]).get(d.row["id"], [])
    if fmt is not RowFormat.table:
        row = {
            **d.row,
            "spans": d.spans,
            "entities": d.entities,
            "headline": d.headline,
            "authors": d.authors,
            "verdicts": found,
        }
        render_rows([row], fmt, list(row), out)
        return
    r = d.row
    out.print(
        f"[bold]{escape(r['id'])}[/bold]  ({escape(r['kind'])}, confidence {r['confidence']:.2f})",
        markup=True,
    )
    byline = f" (by {' and '.join(d.authors)})" if d.authors else ""
    out.print(
        f"document: {r['doc']}"
        + (f" ({r['date']})" if r.get("date") else "")
        + (f" — {d.headline}" if d.headline else "")
        + byline,
        highlight=False,
    )
    who = r.get("speaker") or "(outlet's own voice)"
    how = f", resolved by {r['resolved_by']} from “{r['source']}”" if r.get("source") else ""
    out.print(f"speaker: {who}{how}", highlight=False)
    if d.entities:
        out.print("mentions: " + "; ".join(d.entities), highlight=False)
    for v in found:
        when = f", {v['date']}" if v.get("date") else ""
        out.print(
            f"verdict: [bold]{escape(v['normalized'])}[/bold] "
            + escape(f"(“{v['label']}” by {v['by']}{when}) {v['url']}"),
            markup=True,
            highlight=False,
        )
        if v.get("note"):
            out.print(f"  {v['note']}", highlight=False)
    out.print()
    out.print(_highlight(d.document_text, d.spans))
    out.print(
        "\n[yellow]content[/yellow]  [cyan]source[/cyan]  [magenta]cue[/magenta]", markup=True
    )


def _highlight(text: str, spans: dict[str, list[tuple[int, int]]]) -> Text:
    """The paragraph(s) around the spans, with each role in its colour."""
    from claimkb.query import paragraph_around

    every = [se for v in spans.values() for se in v]
    start, end = paragraph_around(text, min(s for s, _ in every), max(e for _, e in every))
    t = Text(printable(text[start:end]))
    styles = {"content": "yellow", "source": "bold cyan", "cue": "bold magenta"}
    for role, ranges in spans.items():
        for s, e in ranges:
            t.stylize(styles[role], s - start, e - start)
    return t


@app.command()
@handle_errors
def sparql(
    query_text: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="A SPARQL query, or @FILE to read it from a file. Prefixes schema:, oa:, "
            "prov:, rdf:, rdfs:, xsd:, ckb: are declared for you.",
        ),
    ],
    update: Annotated[
        bool, typer.Option("--update", help="Allow INSERT/DELETE/DROP…: changes the store.")
    ] = False,
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
) -> None:
    """Run your own SPARQL over the knowledge base (read-only unless --update).

    All document graphs are queried together as the default graph; GRAPH ?g { }
    still sees each document's own graph. Facts about a speaker repeat in every
    document graph that mentions them, so count with DISTINCT. Example:

      claimkb sparql 'SELECT ?name (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s schema:author ?p .
      ?p rdfs:label ?name } GROUP BY ?name ORDER BY DESC(?n)'
    """
    from claimkb import query
    from claimkb.store import open_store

    text = query_text
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{text[1:]}: cannot read query ({exc})") from None
    if update:
        with open_store(kb, write=True) as store:
            query.sparql_update(store, text)
        err.print("update applied", highlight=False)
        return
    with open_store(kb) as store:
        res = query.sparql(store, text)
    if isinstance(res, bool):
        render_rows([{"result": res}], fmt, ["result"], out)
    elif isinstance(res, tuple):
        cols, rows = res
        render_rows(rows, fmt, cols, out)
    else:
        rows = [{"subject": s, "predicate": p, "object": o} for s, p, o in res]
        render_rows(rows, fmt, ["subject", "predicate", "object"], out)


class GraphView(StrEnum):
    speakers = "speakers"
    citations = "citations"
    entities = "entities"


class GraphFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"


@app.command()
@handle_errors
def graph(
    view: Annotated[
        GraphView,
        typer.Option(
            "--view",
            help="speakers: who talks about whom; citations: document -> speaker; "
            "entities: entities mentioned together.",
        ),
    ] = GraphView.speakers,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="graphml/gexf for Gephi, json for D3.")
    ] = GraphFormat.graphml,
    output: OutputOption = None,
    kb: KbOption = None,
) -> None:
    """Export a network view of the knowledge base (Gephi, Cytoscape, D3)."""
    from claimkb import graph as graphs
    from claimkb.store import open_store

    with open_store(kb) as store:
        g = graphs.build(store, view.value)
    _emit(
        graphs.serialise(g, fmt.value).encode("utf-8"),
        output,
        f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges",
    )


@app.command()
@handle_errors
def stats(
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
    top: Annotated[int, typer.Option("--top", min=1, help="How many of each to show.")] = 10,
) -> None:
    """Top speakers, top entities, and the most central names (betweenness)."""
    from claimkb import graph as graphs
    from claimkb.store import open_store

    with open_store(kb) as store:
        result = graphs.stats(store, top)
    if fmt is RowFormat.json:
        out.file.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is RowFormat.jsonl:  # one stream: each row says which table it tops
        render_rows([{"top": t, **r} for t, rows in result.items() for r in rows], fmt, [], out)
        return
    for title, rows in result.items():
        cols = list(rows[0]) if rows else ["name"]
        render_rows(rows, fmt, cols, out, title=f"top {title}")


@app.command()
@handle_errors
def validate(kb: KbOption = None) -> None:
    """Check the knowledge base against claimkb's SHACL shapes (exit 1 if it does not conform)."""
    from claimkb.store import open_store
    from claimkb.validate import validate_store

    with open_store(kb) as store:
        report = validate_store(store)
    if report.conforms:
        out.print("conforms to claimkb's SHACL shapes", highlight=False)
        return
    out.print(report.text, highlight=False)
    err.print(f"{report.violations} violations", highlight=False)
    raise typer.Exit(1)


@app.command()
@handle_errors
def claims(
    speaker: Annotated[
        str | None,
        typer.Option("--speaker", "-s", help="Only this speaker (full name, surname or alias)."),
    ] = None,
    min_appearances: Annotated[
        int, typer.Option("--min", min=1, help="Only claims made at least this many times.")
    ] = 1,
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
    limit: LimitOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Claims across documents: one speaker's same words, counted once with every appearance.

    Statements group when their normalised text is the same or nearly so, and
    never when they differ in a number or a negation.
    """
    from claimkb import claims as claim_groups
    from claimkb.store import open_store

    with open_store(kb) as store:
        found = claim_groups.claims(store, speaker, since=since, until=until)
    found = [c for c in found if len(c.appearances) >= min_appearances][: limit or None]
    rows = [
        {
            "speaker": c.speaker,
            "appearances": len(c.appearances),
            "documents": c.documents if fmt.structured else ", ".join(c.documents),
            "claim": c.text,
            "id": c.id if fmt is not RowFormat.table else c.id[:8],
            "statements": [a["id"] for a in c.appearances],
        }
        for c in found
    ]
    if fmt is RowFormat.csv:
        rows = [{**r, "statements": " ".join(r["statements"])} for r in rows]
    render_rows(
        rows,
        fmt,
        ["speaker", "appearances", "documents", "claim", "id"],
        out,
        title="claims",
        widths={"claim": 70, "documents": 30},
    )


class AuditFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


@app.command()
@handle_errors
def audit(
    check: Annotated[
        list[str] | None,
        typer.Option(
            "--check",
            "-c",
            help="Run only these checks (repeatable): unattributed, unsourced-quote, "
            "vague-source, unresolved, headline-source, single-source, quote-drift, "
            "conflicting-figures, circular-sourcing.",
        ),
    ] = None,
    kb: KbOption = None,
    fmt: Annotated[
        AuditFormat,
        typer.Option(
            "--format",
            "-f",
            help="table for people; json, jsonl or csv for scripts; html for a "
            "self-contained report.",
        ),
    ] = AuditFormat.table,
    output: OutputOption = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            help="Show at most this many findings, most severe first (the html report "
            "holds them all).",
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Find the claims a reader should not trust: unsourced figures and quotes,
    vague or unresolved sources, single-source stories, drifting quotes,
    conflicting figures, circular sourcing.

    Each finding names the check, its severity, the statement, the document and
    the reason. Exit code 0 whether or not there are findings.
    """
    from claimkb import audit as auditing
    from claimkb.store import open_store

    with open_store(kb) as store:
        findings = auditing.audit(store, check or None, since=since, until=until)
        if fmt is AuditFormat.html:
            from claimkb.report import render

            page = render(store, findings)
            what = f"audit report ({counted(len(findings), 'finding')})"
            _emit(page.encode("utf-8"), output, what)
            return
    rows = [f.as_dict() for f in findings[:limit]]
    shown = counted(len(findings), "finding")
    if len(rows) < len(findings):
        shown = f"{len(rows):,} of {shown}"
    if fmt not in (AuditFormat.json, AuditFormat.jsonl):
        rows = [
            {**r, "statement": r["statement"][:8]} if fmt is AuditFormat.table else r for r in rows
        ]
    import io

    sink_console = console(file=io.StringIO(), width=120) if output else out
    render_rows(
        rows,
        RowFormat(fmt.value),
        ["severity", "check", "doc", "text", "reason", "statement"],
        sink_console,
        title=f"audit: {shown}",
        widths={"text": 45, "reason": 50, "doc": 20, "check": 19},
    )
    if output:
        text = sink_console.file.getvalue()  # type: ignore[attr-defined]
        _emit(text.encode("utf-8"), output, shown)


REVIEW_COLUMNS = ["normalized", "label", "by", "claim", "statements", "date", "url", "review"]


def _review_rows(rows: list[dict], fmt: RowFormat) -> list[dict]:
    if fmt.structured:
        return rows
    short = fmt is RowFormat.table
    return [
        {
            **r,
            "statements": " ".join(s[:8] if short else s for s in r["statements"])
            or f"(own claim{', ' + r['claimant'] if r.get('claimant') else ''})",
            "review": r["review"][:8] if short else r["review"],
        }
        for r in rows
    ]


_REVIEW_WIDTHS = {"claim": 50, "statements": 20, "label": 14}


def _review_columns(fmt: RowFormat) -> list[str]:
    """Tables leave out the long URL and date; json/csv keep every field."""
    if fmt is RowFormat.table:
        return [c for c in REVIEW_COLUMNS if c not in ("url", "date")]
    return REVIEW_COLUMNS


@app.command()
@handle_errors
def review(
    statement_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A statement id (or unique prefix), or a claim id from `claimkb claims` "
            "(reviews every statement of that claim).",
        ),
    ],
    rating: Annotated[
        str,
        typer.Option(
            "--rating",
            "-r",
            help='The verdict as published: "False", "Half True", "Pants on Fire"…',
        ),
    ] = "",
    by: Annotated[
        str, typer.Option("--by", help="The fact-checking organisation.", show_default=False)
    ] = "",
    url: Annotated[
        str, typer.Option("--url", help="The fact-check's web page.", show_default=False)
    ] = "",
    scale: Annotated[
        str | None, typer.Option("--scale", help="A numeric rating scale, worst-best: 1-5.")
    ] = None,
    value: Annotated[
        float | None, typer.Option("--value", help="The rating on --scale, e.g. 1.")
    ] = None,
    date: Annotated[str, typer.Option("--date", help="Publication date, YYYY-MM-DD.")] = "",
    note: Annotated[str, typer.Option("--note", help="A short summary of the verdict.")] = "",
    kb: KbOption = None,
) -> None:
    """Record a fact-check verdict (schema.org ClaimReview) on a stored claim.

    The rating is kept as published and normalised to true / false / mixture /
    other. Several reviews of one claim are all kept, even when they disagree;
    recording the same organisation's review of the same page again replaces it.
    """
    from claimkb import factcheck
    from claimkb.store import open_store

    if not rating and value is None:
        raise InputError("give --rating LABEL, or --value on a --scale")
    if value is not None and scale is None:
        raise InputError("--value needs --scale, e.g. --scale 1-5 --value 1")
    if not by or not url:
        raise InputError("give the fact-checker with --by and its page with --url")
    parsed_scale = factcheck.parse_scale(scale) if scale else None
    factcheck.make_review("(checked first)", rating, by, url, value=value, scale=parsed_scale,
                          date=date)  # fmt: skip
    with open_store(kb, write=True, create=False) as store:
        ids, text = factcheck.statement_ids(store, statement_id)
        r = factcheck.make_review(
            text,
            rating,
            by,
            url,
            value=value,
            scale=parsed_scale,
            date=date,
            note=note,
            statements=ids,
        )
        factcheck.record(store, [r])
    n = len(ids)
    err.print(
        f"recorded review {r.id[:8]}: {r.normalized} (“{r.rating}” by {r.author}) "
        f"on {n} statement{'s' if n != 1 else ''}",
        highlight=False,
    )


@app.command("import-reviews")
@handle_errors
def import_reviews(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="ClaimReview files: JSON-LD (.json/.jsonld), web pages with ld+json (.html), "
            "or RDF as ClaimsKG publishes it (.ttl/.nt/.rdf…)."
        ),
    ],
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
) -> None:
    """Import fact-check verdicts and match each to the stored statements it judges.

    A review that matches no stored statement is kept with a claim of its own
    and its claimant. A file with a malformed review is skipped whole (nothing
    from it is stored) and named; the other files are imported.
    """
    from claimkb import factcheck
    from claimkb.factcheck import REVIEW_SUFFIXES
    from claimkb.store import open_store

    files = _input_files(paths, REVIEW_SUFFIXES)
    parsed: list = []
    skipped = 0
    for path in files:
        try:
            parsed.extend(factcheck.read_reviews(path))
        except InputError as exc:
            err.print(f"skipped: {_one_line(str(exc))}", highlight=False)
            skipped += 1
    if parsed:
        with open_store(kb, write=True) as store:
            factcheck.attach(store, parsed)
            factcheck.record(store, parsed)
    rows = [
        {
            "normalized": r.normalized,
            "label": r.rating,
            "by": r.author,
            "claim": r.claim_reviewed,
            "statements": r.statements,
            "claimant": r.claimant,
            "date": r.date_published,
            "url": r.url,
            "review": r.id,
        }
        for r in parsed
    ]
    render_rows(
        _review_rows(rows, fmt),
        fmt,
        _review_columns(fmt),
        out,
        title="imported reviews",
        widths=_REVIEW_WIDTHS,
    )
    matched = sum(1 for r in parsed if r.statements)
    err.print(
        f"{counted(len(parsed), 'review')} imported ({matched} matched to stored statements, "
        f"{len(parsed) - matched} kept as claims of their own); {counted(skipped, 'file')} skipped",
        highlight=False,
    )
    if skipped:
        raise typer.Exit(2)


@app.command()
@handle_errors
def reviews(kb: KbOption = None, fmt: FormatOption = RowFormat.table) -> None:
    """Every stored fact-check verdict, with the statements it judges."""
    from claimkb import factcheck
    from claimkb.store import open_store

    with open_store(kb) as store:
        rows = factcheck.reviews(store)
    render_rows(
        _review_rows(rows, fmt),
        fmt,
        _review_columns(fmt),
        out,
        title="reviews",
        widths=_REVIEW_WIDTHS,
    )


@app.command()
@handle_errors
def match(
    text: Annotated[str, typer.Argument(help="A claim, in any wording.")],
    top: Annotated[
        int,
        typer.Option(
            "--top", "-k", "--limit", "-n", min=1, help="Show at most this many, best first."
        ),
    ] = 5,
    claimant: Annotated[
        str, typer.Option("--claimant", help="Only statements this person may have made.")
    ] = "",
    kb: KbOption = None,
    fmt: FormatOption = RowFormat.table,
) -> None:
    """Find stored statements that make the same claim as TEXT.

    Robust to word order, quote marks and how numbers are written ("ten
    percent" = "10%"); never matches a different number or the opposite
    polarity ("will not reopen"). Scores are 0-100.
    """
    from claimkb import matching
    from claimkb.store import open_store

    if not text.strip():
        raise InputError("give the claim text to match")
    with open_store(kb) as store:
        found = matching.match(store, text, top=top, claimant=claimant)
        rows = _with_verdicts(store, [{"score": m.score, **m.row} for m in found])
    if not fmt.structured:
        from claimkb.factcheck import verdict_label

        rows = [{**r, "verdicts": verdict_label(r["verdicts"])} for r in rows]
    if fmt is RowFormat.table:
        rows = [{**r, "id": r["id"][:8]} for r in rows]
    render_rows(
        rows,
        fmt,
        ["score", "speaker", "content", "doc", "verdicts", "id"],
        out,
        title=f"matches for “{text}”",
        widths={"content": 60, "speaker": 20, "verdicts": 24},
    )


class ExportFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"
    claimreview = "claimreview"
    csv = "csv"
    graphml = "graphml"


@app.command()
@handle_errors
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="An RDF serialisation, claimreview (verdicts), csv (statements) or "
            "graphml (who talks about whom).",
        ),
    ] = ExportFormat.turtle,
    output: OutputOption = None,
    kb: KbOption = None,
) -> None:
    """Export the whole knowledge base as RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD),
    its fact-check verdicts as ClaimReview JSON-LD, its statements as CSV, or
    its speaker network as GraphML.

    Turtle and N-Triples hold the union of all documents; TriG, N-Quads and
    JSON-LD keep one named graph per document (and per review). claimreview is
    the markup search engines read: one ClaimReview object per verdict. csv has
    one row per statement with its offsets; graphml opens in Gephi (see also
    `claimkb graph` for other views).
    """
    from claimkb.export import write_export
    from claimkb.store import open_store

    # streamed from the store to the file: a large knowledge base is never
    # held in memory as a whole (nor a half-written file left if stopped)
    with open_store(kb) as store, _output_stream(output, binary=True) as sink:
        write_export(store, fmt.value, sink)
    if output is not None:
        what = f"{output.stat().st_size:,} bytes" if output.is_file() else fmt.value
        err.print(f"wrote {what} to {output}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
