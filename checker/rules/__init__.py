"""Requirements and payer profiles: data files in, gaps out.

The requirements live in versioned YAML (`checker/rules/data/`), validated when loaded;
each names a check (code in `checker/rules/checks/`) and says, per outcome of that check,
how severe the gap is, what to tell the reviewer, what the clinician should fix, and the
source. `load_ruleset(["my_rules.yaml"])` adds or overrides requirements and payer
profiles; a bad file raises `checker.resources.DataFileError` naming the file and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from checker.coding import Billing, Support
from checker.models import Codes, Extraction, Gap
from checker.resources import DataFileError
from checker.rules.checks import CHECKS, CheckSpec, Finding, common_values
from checker.rules.facts import Claim, NoteFacts
from checker.rules.loader import RulesState, load_state, validate_requirement
from checker.rules.ncci import NcciTables
from checker.rules.payers import normalise_payer
from checker.rules.schema import CodingTables, Outcome, PayerProfile, Requirement

__all__ = ["Claim", "DataFileError", "RuleSet", "load_ruleset", "normalise_payer"]

UNVERIFIED_NOTE = (
    " Unverified: the primary policy or CPT text for this rule could not be read (secondary "
    "sources only); confirm it before acting on it."
)


class _Values(dict):
    """Message values; the common ones are worked out only when a message asks for them."""

    def __init__(self, facts: NoteFacts, finding: Finding) -> None:
        super().__init__(finding.values)
        self.facts = facts

    def __missing__(self, key: str) -> str:
        self.update({k: v for k, v in common_values(self.facts).items() if k not in self})
        return self.get(key, "")


@dataclass(frozen=True)
class CompiledRequirement:
    requirement: Requirement
    spec: CheckSpec
    params: BaseModel
    procedures: frozenset[str] | None
    intents: frozenset[str] | None
    payers: frozenset[str] | None

    @classmethod
    def build(cls, requirement: Requirement, params: BaseModel) -> CompiledRequirement:
        applies = requirement.applies

        def frozen(values: Iterable[str] | None) -> frozenset[str] | None:
            return None if values is None else frozenset(values)

        return cls(
            requirement,
            CHECKS[requirement.check],
            params,
            frozen(applies.procedures),
            frozen(applies.intents),
            frozen(applies.payers),
        )

    def applies_to(self, profile: str | None, procedure: str, intent: str) -> bool:
        return (
            (self.procedures is None or procedure in self.procedures)
            and (self.intents is None or intent in self.intents)
            and (self.payers is None or profile in self.payers)
        )

    def gap(self, finding: Finding, facts: NoteFacts) -> Gap:
        requirement = self.requirement
        outcome = next(
            (
                requirement.outcomes[name]
                for name in self.spec.outcome_chain(finding.outcome)
                if name in requirement.outcomes
            ),
            Outcome(),
        )
        values = _Values(facts, finding)
        message = (outcome.message or requirement.message or "").format_map(values)
        verified = requirement.verified if outcome.verified is None else outcome.verified
        if not verified and "unverified" not in message.lower():
            message += UNVERIFIED_NOTE
        return Gap(
            requirement=requirement.id,
            severity=outcome.severity or requirement.severity,
            message=" ".join(message.split()),
            fix=" ".join((outcome.fix or requirement.fix).format_map(values).split()),
            source=outcome.source or requirement.source,
            verified=verified,
            evidence=finding.evidence,
        )


class RuleSet:
    """Validated requirements and payer profiles, ready to evaluate notes (build once)."""

    def __init__(self, state: RulesState) -> None:
        assert state.tables is not None
        self.tables: CodingTables = state.tables
        self.ncci: NcciTables = state.ncci
        self.profiles: dict[str, PayerProfile] = dict(state.profiles)
        self.requirements: dict[str, Requirement] = dict(state.requirements)
        self._general: list[CompiledRequirement] = []
        self._by_profile: dict[str, list[CompiledRequirement]] = {}
        for requirement in state.requirements.values():
            params = validate_requirement(requirement, state.origins[requirement.id])
            if not requirement.enabled:
                continue
            compiled = CompiledRequirement.build(requirement, params)
            profile = _profile_of(requirement.id)
            if profile is None:
                self._general.append(compiled)
            else:
                self._by_profile.setdefault(profile, []).append(compiled)
        self._aliases = self._alias_table(state)
        self._applicable_to: dict[tuple, list[CompiledRequirement]] = {}

    @staticmethod
    def _alias_table(state: RulesState) -> dict[str, str]:
        table: dict[str, str] = {}
        for name, profile in state.profiles.items():
            for alias in (name, *profile.aliases):
                key = normalise_payer(alias)
                other = table.get(key)
                if other is not None and other != name:
                    raise DataFileError(
                        f"payer alias {alias!r} belongs to both {other!r} and {name!r}"
                    )
                table[key] = name
        return table

    def resolve_payer(self, payer: str | None) -> str | None:
        """The profile a front-matter or `--payer` name selects, or None."""
        if not payer:
            return None
        return self._aliases.get(normalise_payer(str(payer)))

    def requirement_ids(self, checks: frozenset[str]) -> frozenset[str]:
        """The ids of the requirements that use any of these checks."""
        return frozenset(rid for rid, r in self.requirements.items() if r.check in checks)

    def evaluate(
        self,
        extraction: Extraction,
        codes: Codes,
        payer: str | None,
        claim: Claim | None = None,
        checks: frozenset[str] | None = None,
        support: Support | None = None,
    ) -> list[Gap]:
        """The gaps of one note; `checks` limits the run to requirements using those checks
        (the history pass runs only the frequency checks); `support` is
        `checker.coding.supported(extraction)` when the caller has it already."""
        profile = self.resolve_payer(payer)
        facts = NoteFacts(
            extraction=extraction,
            codes=codes,
            tables=self.tables,
            ncci=self.ncci,
            payer=str(payer) if payer else None,
            profile=profile,
            billing=Billing.parse(codes.billed),
            claim=claim or Claim(),
            known_support=support,
        )
        gaps: list[Gap] = []
        for compiled in self._applicable(profile, facts.procedure, facts.intent, checks):
            findings = compiled.spec.function(facts, compiled.params)
            if findings:  # most requirements find nothing
                gaps += [compiled.gap(finding, facts) for finding in merge_findings(findings)]
        return gaps

    def _applicable(
        self, profile: str | None, procedure: str, intent: str, checks: frozenset[str] | None
    ) -> list[CompiledRequirement]:
        """The requirements that apply to a payer profile, procedure and intent, in order:
        worked out once per combination, not per note."""
        key = (profile, procedure, intent, checks)
        found = self._applicable_to.get(key)
        if found is None:
            found = self._applicable_to[key] = [
                compiled
                for compiled in (*self._general, *self._by_profile.get(profile or "", ()))
                if (checks is None or compiled.requirement.check in checks)
                and compiled.applies_to(profile, procedure, intent)
            ]
        return found


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per outcome: several (one per code line) become one gap naming them all."""
    merged: dict[str, Finding] = {}
    for finding in findings:
        first = merged.get(finding.outcome)
        if first is None:
            merged[finding.outcome] = Finding(
                finding.outcome, dict(finding.values), list(finding.evidence)
            )
            continue
        for key, value in finding.values.items():
            parts = first.values.get(key, "").split("; ")
            if value not in parts:
                first.values[key] = "; ".join(p for p in [*parts, value] if p)
        first.evidence += [e for e in finding.evidence if e not in first.evidence]
    return list(merged.values())


def _profile_of(requirement_id: str) -> str | None:
    parts = requirement_id.split(".")
    return parts[1] if parts[0] == "payer" and len(parts) > 2 else None


@cache
def _default_ruleset() -> RuleSet:
    return RuleSet(load_state([]))


def load_ruleset(extra_files: list[str] | list[Path] | None = None) -> RuleSet:
    """The built-in rules plus any user rules files, validated once."""
    if not extra_files:
        return _default_ruleset()
    return RuleSet(load_state(list(extra_files)))
