"""Tests that need a system package (Chromium, a Java runtime) skip on a developer's machine
without it, and fail under CI (`CI` set by .ci/run), where a skip would hide a broken setup."""

from __future__ import annotations

import os

import pytest


def skip_or_fail(reason: str, what: str) -> None:
    """Skip with REASON locally; under CI fail, naming WHAT must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so {what} must run", pytrace=False)
    pytest.skip(reason)
