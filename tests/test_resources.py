"""Data files read at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.resources import load_yaml

CHECKER = Path(__file__).resolve().parent.parent / "checker"
BOOKS = sorted(CHECKER.glob("rules/data/**/*.yaml")) + sorted(CHECKER.glob("report/*.yaml"))


@pytest.mark.parametrize("path", BOOKS, ids=lambda path: path.name)
def test_books_read_as_the_safe_loader_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_yaml_values_keep_their_types() -> None:
    text = "date: 2026-01-08\nflag: yes\ncount: 07\nratio: 1e3\nname: 'on'\n"
    assert load_yaml(text) == yaml.safe_load(text)
