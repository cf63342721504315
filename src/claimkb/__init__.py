"""claimkb: who said what, about whom, on whose authority.

The Python API is the CLI's: ``extract`` a document, ``open_store`` a knowledge
base, ``ingest`` files into it, and ask it questions with ``claimkb.query``.

The API's names load on first use: ``extract`` brings in spaCy, over half a
second of imports that ``claimkb --help`` and the read commands (``who-said``,
``sources``, ``about``) never need.
"""

from __future__ import annotations

import importlib
import sys
import types
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("claimkb")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

if TYPE_CHECKING:
    from claimkb.extract import extract, extract_many
    from claimkb.ingest import document_from_text, read_document, read_jsonl
    from claimkb.pipeline import ingest
    from claimkb.store import open_store

_API = {
    "document_from_text": "claimkb.ingest",
    "extract": "claimkb.extract",
    "extract_many": "claimkb.extract",
    "ingest": "claimkb.pipeline",
    "open_store": "claimkb.store",
    "read_document": "claimkb.ingest",
    "read_jsonl": "claimkb.ingest",
}

__all__ = [
    "__version__",
    "document_from_text",
    "extract",
    "extract_many",
    "ingest",
    "open_store",
    "read_document",
    "read_jsonl",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """Keeps ``claimkb.extract`` and ``claimkb.ingest`` the functions the API
    promises: Python binds a subpackage to its parent's attribute when it
    first loads, and two of ours share a name with an API function."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
