"""Checks cervical/thoracic facet injection notes (CPT 64490-64492) for billing completeness.

>>> from checker import check_text
>>> report = check_text(note_text, payer="medicare", billed_codes=["64490-RT"])
>>> report.status, report.codes.supported
"""

from checker.engine import Checker, check_paths, check_text
from checker.models import Report

__all__ = ["Checker", "Report", "check_paths", "check_text"]
__version__ = "0.1.0"
