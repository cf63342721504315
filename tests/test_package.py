"""The package's own names: the documented API, loaded on first use."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import claimkb


def run_python(code: str) -> str:
    """A fresh interpreter: which modules an import pulls in, and how a name
    binds when a subpackage loads first, depend on what this process already
    imported."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("extract", "claimkb.extract"),
        ("extract_many", "claimkb.extract"),
        ("document_from_text", "claimkb.ingest"),
        ("read_document", "claimkb.ingest"),
        ("read_jsonl", "claimkb.ingest"),
        ("ingest", "claimkb.pipeline"),
        ("open_store", "claimkb.store"),
    ],
)
def test_api_names_are_the_functions_of_their_modules(name: str, module: str) -> None:
    assert getattr(claimkb, name) is getattr(importlib.import_module(module), name)
    assert name in claimkb.__all__


def test_all_lists_the_api_and_the_version_only() -> None:
    assert sorted(claimkb.__all__) == sorted(["__version__", *claimkb._API])


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'extrakt'"):
        claimkb.extrakt  # noqa: B018


def test_the_cli_and_read_commands_load_without_spacy() -> None:
    code = (
        "import sys, claimkb.cli, claimkb.query, claimkb.store, claimkb.export; "
        "print('spacy' in sys.modules)"
    )
    assert run_python(code) == "False"


def test_subpackages_loaded_first_leave_the_api_functions_in_place() -> None:
    code = (
        "import claimkb.extract.rules, claimkb.ingest, claimkb; "
        "from claimkb import extract, ingest; "
        "print(callable(claimkb.extract), callable(claimkb.ingest), "
        "extract.__module__, ingest.__module__)"
    )
    assert run_python(code) == "True True claimkb.extract claimkb.pipeline"
