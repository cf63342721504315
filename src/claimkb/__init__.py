"""claimkb: who said what, about whom, on whose authority.

The Python API is the CLI's: ``extract`` a document, ``open_store`` a knowledge
base, ``ingest`` files into it, and ask it questions with ``claimkb.query``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimkb")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from claimkb.extract import extract, extract_many
from claimkb.ingest import document_from_text, read_document
from claimkb.pipeline import ingest
from claimkb.store import open_store

__all__ = [
    "__version__",
    "document_from_text",
    "extract",
    "extract_many",
    "ingest",
    "open_store",
    "read_document",
]
