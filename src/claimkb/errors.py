"""One exception family per kind of failure; the CLI turns each into one line.

Every message names what failed (a file, a store, a query) and why, so that a
user can act on it without a traceback.
"""


class ClaimKBError(Exception):
    """Base of every error claimkb raises on purpose."""

    exit_code = 1


class InputError(ClaimKBError):
    """A file or string we were given cannot be read as news text."""

    exit_code = 2


class StoreError(ClaimKBError):
    """The knowledge base cannot be opened, read or written."""

    exit_code = 3


class StoreBusyError(StoreError):
    """Another process is writing to the knowledge base."""


class QueryError(ClaimKBError):
    """A query could not be run or matched nothing that must exist."""

    exit_code = 4
