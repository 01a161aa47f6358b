"""Physician queries for the gaps only the clinician can resolve, as the note page shows them.

A query follows the AHIMA/ACDIS practice brief "Guidelines for Achieving a Compliant Query
Practice" (2022 update): it quotes the clinical indicators found in this note, then asks an
open-ended question or offers clinically reasonable choices plus "Other (please specify)"
and "Clinically undetermined". It never names codes, payers or payment and never says which
answer is wanted. The query texts are data (queries.yaml); this module picks and fills them.

The same data says which gaps the clinician can change (documentation elements and the
clinical criteria of payer policies), so the clinician feedback pages leave out the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from checker.models import Evidence, Report

OTHER = "Other (please specify): ____________"
UNDETERMINED = "Clinically undetermined"
QUOTE_MAX_CHARS = 220
WORKFLOW_STEPS = ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation")
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n")


@dataclass(frozen=True)
class QueryText:
    topic: str
    question: str
    options: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryBook:
    guideline: str
    response_line: str
    documentation: dict[str, QueryText]
    payer_criteria: dict[str, QueryText]


def _texts(raw: dict) -> dict[str, QueryText]:
    return {
        key: QueryText(
            topic=value["topic"],
            question=" ".join(value["question"].split()),
            options=tuple(value.get("options", ())),
            indicators=tuple(value.get("indicators", ())),
        )
        for key, value in raw.items()
    }


@cache
def query_book() -> QueryBook:
    raw = resources.files("checker.report").joinpath("queries.yaml").read_text("utf-8")
    loaded = yaml.safe_load(raw)
    return QueryBook(
        guideline=" ".join(loaded["guideline"].split()),
        response_line=" ".join(loaded["response_line"].split()),
        documentation=_texts(loaded["documentation"]),
        payer_criteria=_texts(loaded["payer_criteria"]),
    )


@cache
def _rule_checks() -> dict[str, str]:
    """Requirement id -> the name of the check behind it, for the shipped rules."""
    from checker.rules import load_ruleset

    requirements = getattr(load_ruleset(), "requirements", {})
    return {key: getattr(rule, "check", "") for key, rule in requirements.items()}


def rule_check(requirement: str) -> str:
    """The check behind a shipped requirement, "" for an unknown one."""
    return _rule_checks().get(requirement, "")


def query_text(requirement: str) -> QueryText | None:
    """The query for a requirement the clinician can resolve; None for coding findings."""
    book = query_book()
    if requirement in book.documentation:
        return book.documentation[requirement]
    if requirement.startswith("payer."):
        return book.payer_criteria.get(rule_check(requirement))
    return None


def clinician_can_resolve(requirement: str) -> bool:
    """Documentation elements and payer clinical criteria; never codes, modifiers, limits."""
    return query_text(requirement) is not None


@dataclass(frozen=True)
class PhysicianQuery:
    requirement: str
    topic: str
    indicators: tuple[str, ...]
    question: str
    options: tuple[str, ...]
    header: tuple[str, ...]
    response_line: str
    guideline: str

    @property
    def open_ended(self) -> bool:
        return not self.options

    @property
    def text(self) -> str:
        """The query as plain text, ready to paste into an EHR inbox message."""
        lines = [f"Documentation query: {self.topic}", *self.header, ""]
        lines.append("Clinical indicators in the procedure note:")
        lines += [f"- {indicator}" for indicator in self.indicators]
        lines += ["", f"Question: {self.question}"]
        if self.options:
            lines.append("Please choose one:")
            lines += [f"[ ] {option}" for option in self.options]
        else:
            lines.append("Answer: ____________")
        lines += ["", self.response_line, f"Query format: {self.guideline}."]
        return "\n".join(lines)


def _quote(body: str, evidence: Evidence) -> str | None:
    """The sentence around the evidence, on one line, quoted; None outside the text."""
    if not 0 <= evidence.start < evidence.end <= len(body):
        return None
    starts = [m.end() for m in _SENTENCE_END.finditer(body, 0, evidence.start)]
    start = starts[-1] if starts else 0
    after = _SENTENCE_END.search(body, evidence.end)
    end = after.start() if after else len(body)
    sentence = _WHITESPACE.sub(" ", body[start:end]).strip()
    if len(sentence) > QUOTE_MAX_CHARS:
        sentence = _WHITESPACE.sub(" ", body[evidence.start : evidence.end]).strip()
    return f"“{sentence}”"


def _fact_evidence(report: Report, indicator: str) -> list[Evidence]:
    extraction = report.extraction
    if indicator == "procedure":
        return list(extraction.procedure_evidence)
    if indicator == "level":
        found = [e for level in extraction.levels for e in level.evidence]
        return found + list(extraction.levels_unsided_evidence)
    if indicator == "guidance":
        return list(extraction.guidance_evidence)
    if indicator == "contrast":
        return list(extraction.contrast.evidence)
    if indicator == "medication":
        return [e for med in extraction.medications for e in med.evidence]
    if indicator == "response":
        return list(extraction.response.evidence)
    if indicator == "history":
        return [e for evidence in extraction.history.values() for e in evidence]
    if indicator in WORKFLOW_STEPS:
        return list(extraction.workflow.evidence.get(indicator, []))
    return []


def _indicators(report: Report, evidence: list[Evidence], text: QueryText) -> tuple[str, ...]:
    body = report.text or ""
    found = list(evidence)
    for indicator in text.indicators:
        found += _fact_evidence(report, indicator)
    quotes = dict.fromkeys(
        quote for item in sorted(found, key=lambda e: e.start) if (quote := _quote(body, item))
    )
    if quotes:
        return tuple(quotes)
    return (f"The procedure note does not document the {text.topic.lower()}.",)


def _header(report: Report) -> tuple[str, ...]:
    parts = []
    if report.patient_id:
        parts.append(f"Patient: {report.patient_id}")
    if report.encounter_id:
        parts.append(f"Encounter: {report.encounter_id}")
    if report.date_of_service:
        parts.append(f"Date of service: {report.date_of_service.isoformat()}")
    parts.append(f"Procedure note: {report.note_id}")
    lines = [" · ".join(parts)]
    if report.provider:
        lines.append(f"To: {report.provider}")
    return tuple(lines)


def physician_queries(report: Report) -> list[PhysicianQuery]:
    """One query per requirement the clinician must resolve, in the order of the gaps."""
    book = query_book()
    wanted: dict[str, tuple[QueryText, list[Evidence]]] = {}
    for gap in report.gaps:
        text = query_text(gap.requirement)
        if text is not None:
            wanted.setdefault(gap.requirement, (text, []))[1].extend(gap.evidence)
    queries = []
    for requirement, (text, evidence) in wanted.items():
        options = (*text.options, OTHER, UNDETERMINED) if text.options else ()
        queries.append(
            PhysicianQuery(
                requirement=requirement,
                topic=text.topic,
                indicators=_indicators(report, evidence, text),
                question=text.question,
                options=options,
                header=_header(report),
                response_line=book.response_line,
                guideline=book.guideline,
            )
        )
    return queries
