"""Checks cervical/thoracic facet injection notes (CPT 64490-64492) for billing completeness.

>>> from checker import check_text
>>> report = check_text(note_text, payer="medicare", billed_codes=["64490-RT"])
>>> report.status, report.codes.supported
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.engine import Checker, check_paths, check_text
    from checker.models import Report

__all__ = ["Checker", "Report", "check_paths", "check_text"]
__version__ = "0.1.0"

# Imported on first use, so `import checker.models` (or the command line's help) does not
# load spaCy and the pipeline code.
_LAZY = {
    "Checker": "checker.engine",
    "check_paths": "checker.engine",
    "check_text": "checker.engine",
    "Report": "checker.models",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
