"""Shared fixtures: one pipeline and one checker per test session (building them is slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import Checker
from checker.models import Report
from checker.pipeline import build_pipeline
from checker.reader import build_note

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()


@pytest.fixture(scope="session")
def check(checker):
    """Check a note given as text (with optional front-matter metadata)."""

    def run(text: str, **metadata) -> Report:
        note = build_note(text, metadata, source="<test>", default_id="test")
        return next(checker.check_notes([note]))

    return run
