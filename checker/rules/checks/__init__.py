"""The checks requirements refer to by name (`check:` in the data files).

A check looks at one note's facts and returns findings: which of its declared outcomes
happened, the values its messages may quote, and the evidence. Severity, wording, fix
and source live in the data, so a requirement can reuse a check with other parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from pydantic import BaseModel, ConfigDict

from checker.models import Evidence
from checker.rules.facts import NoteFacts


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass
class Finding:
    outcome: str
    values: dict[str, str] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


P = TypeVar("P", bound=BaseModel)

# A check takes the note's facts and its requirement's parameters, validated by the
# check's own parameter model; the registry pairs each function with that model.
CheckFunction = Callable[[NoteFacts, P], list[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    function: CheckFunction[Any]  # called only with an instance of `params`
    params: type[BaseModel]
    outcomes: dict[str, tuple[str, ...]]  # outcome -> the values its messages may use
    summary: str
    # outcome -> the outcome whose wording it takes when a requirement gives it none
    fallbacks: dict[str, str] = field(default_factory=dict)

    def outcome_chain(self, outcome: str) -> list[str]:
        chain = [outcome]
        while chain[-1] in self.fallbacks:
            chain.append(self.fallbacks[chain[-1]])
        return chain


CHECKS: dict[str, CheckSpec] = {}

# Values every message may use, whatever the check.
COMMON_VALUES = ("supported", "billed", "levels", "payer", "procedure", "intent")


@overload
def check(
    name: str,
    outcomes: dict[str, tuple[str, ...]],
    *,
    fallbacks: dict[str, str] | None = None,
) -> Callable[[CheckFunction[NoParams]], CheckFunction[NoParams]]: ...


@overload
def check(
    name: str,
    outcomes: dict[str, tuple[str, ...]],
    params: type[P],
    fallbacks: dict[str, str] | None = None,
) -> Callable[[CheckFunction[P]], CheckFunction[P]]: ...


def check(
    name: str,
    outcomes: dict[str, tuple[str, ...]],
    params: type[BaseModel] = NoParams,
    fallbacks: dict[str, str] | None = None,
) -> Callable[[CheckFunction[Any]], CheckFunction[Any]]:
    def register(function: CheckFunction[Any]) -> CheckFunction[Any]:
        summary = (function.__doc__ or "").strip().split("\n")[0]
        CHECKS[name] = CheckSpec(name, function, params, outcomes, summary, fallbacks or {})
        return function

    return register


def common_values(facts: NoteFacts) -> dict[str, str]:
    return {
        "supported": facts.supported_text,
        "billed": facts.billing.labels() or "no codes",
        "levels": facts.level_text(),
        "payer": facts.payer or "none named",
        "procedure": facts.procedure.replace("_", " "),
        "intent": facts.intent,
    }


# Register the checks (modules add themselves to CHECKS on import).
from checker.rules.checks import coding, documentation, payer  # noqa: E402, F401
