"""Requirements and payer profiles (filled in by the rules engine)."""

from __future__ import annotations

from checker.models import Codes, Extraction, Gap


class RuleSet:
    def evaluate(self, extraction: Extraction, codes: Codes, payer: str | None) -> list[Gap]:
        return []


def load_ruleset(extra_files: list[str] | None = None) -> RuleSet:
    return RuleSet()
