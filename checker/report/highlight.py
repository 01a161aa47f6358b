"""Turn a report's evidence offsets into labelled facts and non-overlapping text segments.

Evidence spans may overlap (one "right" supports three levels; a gap may point into a
medication). The note body is cut at every span boundary, and each piece carries the
marks that cover it; the templates escape every piece, so no note text is ever trusted.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from checker.models import Evidence, Extraction, NotCounted, Report

# Evidence words of one fact closer than this share the label shown before the first.
TAG_GAP_CHARS = 40
# Why a fact counted or did not, in the words the facts table shows.
COUNTED_LEVEL = "counted: read as treated in today's procedure"
UNSIDED_LEVEL = "not counted for codes: no side stated for this level"
SKIN_LOCAL = "not counted as an injected medication: skin local anesthetic"
UNCONFIRMED_STEP = "not counted: mentioned without saying it was done"
HISTORY = "not counted as today's procedure: history"
# Words for the sections and contexts that keep a mention out of today's procedure.
SECTION_WORDS = {"imaging": "imaging findings", "post_procedure": "post-procedure"}
CONTEXT_WORDS = {
    "NEGATED": "negated",
    "HISTORICAL": "about an earlier procedure or the history",
    "HYPOTHETICAL": "planned or conditional",
    "IMAGING": "an imaging finding",
    "GENERIC": "a general statement, not about this patient",
    "UNSELECTED": "an option not checked",
    "ALLERGY": "an allergy",
}


@dataclass(frozen=True)
class Mark:
    """One labelled evidence span: `kind` picks the colour, `label` says it in words."""

    anchor: str
    kind: str
    label: str
    start: int
    end: int
    group: int = 0
    tagged: bool = True


@dataclass
class Fact:
    """A row of the facts table: what was found, and the marks that show where."""

    kind: str
    name: str
    value: str
    marks: list[Mark] = field(default_factory=list)
    reason: str = ""  # why it counted or did not, when the report says so


@dataclass
class Segment:
    """A stretch of body text; `starts` are the marks that begin here (for anchors and tags)."""

    text: str
    marks: list[Mark]
    starts: list[Mark]

    @property
    def kinds(self) -> list[str]:
        return sorted({mark.kind for mark in self.marks})

    @property
    def title(self) -> str:
        return "; ".join(mark.label for mark in self.marks)


class _MarkBook:
    """Numbers marks in the order they are added and clips them to the body."""

    def __init__(self, body_length: int) -> None:
        self.body_length = body_length
        self.marks: list[Mark] = []
        self.groups = 0

    def add(self, kind: str, label: str, evidence: list[Evidence]) -> list[Mark]:
        """Marks for one fact; only the first of each cluster of nearby words shows its label."""
        self.groups += 1
        spans = sorted(
            (max(0, min(item.start, self.body_length)), max(0, min(item.end, self.body_length)))
            for item in evidence
        )
        added: list[Mark] = []
        for start, end in spans:
            if end <= start:
                continue
            tagged = not added or start - added[-1].end > TAG_GAP_CHARS
            anchor = f"ev-{len(self.marks) + 1}"
            mark = Mark(anchor, kind, label, start, end, self.groups, tagged)
            self.marks.append(mark)
            added.append(mark)
        return added


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _medication_value(med) -> str:
    parts = [med.name, med.concentration or ""]
    if med.volume_ml_per_level is not None:
        parts.append(f"{_number(med.volume_ml_per_level)} mL per level")
    if med.volume_ml_total is not None:
        parts.append(f"{_number(med.volume_ml_total)} mL total")
    if med.dose_mg is not None:
        parts.append(f"{_number(med.dose_mg)} mg")
    parts.append(f"({med.role.replace('_', ' ')})")
    return " ".join(part for part in parts if part)


def _response_value(extraction: Extraction) -> str:
    return ", ".join(extraction.response.summary()) or "not found"


def not_counted_reason(item: NotCounted) -> str:
    """ "not counted: in the imaging findings section; planned or conditional"."""
    parts = []
    if not item.counted_sections:
        section = SECTION_WORDS.get(item.section, item.section.replace("_", " "))
        parts.append(f"in the {section} section")
    parts += [_context_words(context, item.cues.get(context)) for context in item.context]
    return "not counted: " + ("; ".join(parts) or "outside today's procedure")


def _context_words(context: str, cue: str | None) -> str:
    """ "negated by 'no'", "planned or conditional ('will consider')": the words that did it."""
    words = CONTEXT_WORDS.get(context, context.lower())
    if not cue:
        return words
    return f"{words} by '{cue}'" if context == "NEGATED" else f"{words} ('{cue}')"


def _contrast_reason(extraction: Extraction) -> str:
    contrast = extraction.contrast
    if contrast.used is False and contrast.evidence:
        if contrast.negated_by:
            return f"counted as not used: negated by '{contrast.negated_by}'"
        return "counted as not used: the note says contrast was not given"
    if contrast.used and not contrast.placement_confirmed:
        return "used; the note does not say it confirmed needle placement"
    return ""


def _contrast_value(extraction: Extraction) -> str:
    contrast = extraction.contrast
    if contrast.used is None:
        return "not mentioned"
    if not contrast.used:
        reason = f" ({contrast.omission_reason})" if contrast.omission_reason else ""
        return f"not used{reason}"
    return f"used, {contrast.agent}" if contrast.agent else "used"


@dataclass
class Highlights:
    """Everything a note page shows about evidence: facts, all marks, and each gap's marks."""

    facts: list[Fact]
    marks: list[Mark]
    gap_marks: list[list[Mark]]


def collect_highlights(report: Report) -> Highlights:
    """Facts in reading order (procedure, levels, guidance ... workflow, history), then gaps."""
    extraction = report.extraction
    book = _MarkBook(len(report.text or ""))
    facts: list[Fact] = []

    def fact(
        kind: str, name: str, value: str, label: str, evidence: list[Evidence], reason: str = ""
    ) -> None:
        facts.append(Fact(kind, name, value, book.add(kind, label, evidence), reason))

    if extraction.procedure or extraction.procedure_evidence:
        value = (extraction.procedure or "unknown").replace("_", " ")
        fact("procedure", "Procedure", value, f"procedure: {value}", extraction.procedure_evidence)
    for level in extraction.levels:
        value = f"{level.level} {level.side}"
        fact("level", "Level and side", value, f"level {value}", level.evidence, COUNTED_LEVEL)
    if extraction.levels_unsided:
        value = ", ".join(extraction.levels_unsided) + " (side not stated)"
        evidence = extraction.levels_unsided_evidence
        fact("level", "Level, no side", value, f"level {value}", evidence, UNSIDED_LEVEL)
    if extraction.guidance or extraction.guidance_evidence:
        value = extraction.guidance or "unclear"
        fact("guidance", "Guidance", value, f"guidance: {value}", extraction.guidance_evidence)
    value = _contrast_value(extraction)
    reason = _contrast_reason(extraction)
    fact("contrast", "Contrast", value, f"contrast: {value}", extraction.contrast.evidence, reason)
    for med in extraction.medications:
        value = _medication_value(med)
        reason = SKIN_LOCAL if med.role == "skin_local" else ""
        fact("medication", "Medication", value, f"medication: {value}", med.evidence, reason)
    value = _response_value(extraction)
    fact("response", "Response", value, f"response: {value}", extraction.response.evidence)
    workflow = extraction.workflow
    for step in ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation"):
        evidence = workflow.evidence.get(step, [])
        name = step.replace("_", " ")
        reason = ""
        if getattr(workflow, step):
            value = "documented"
        else:
            value = "mentioned, not confirmed" if evidence else "not found"
            reason = UNCONFIRMED_STEP if evidence else ""
        fact("workflow", f"Workflow: {name}", value, name, evidence, reason)
    for extra in ("complications", "sedation"):
        text = getattr(workflow, extra)
        if text or workflow.evidence.get(extra):
            fact(
                "workflow",
                extra.capitalize(),
                text or "mentioned",
                extra,
                workflow.evidence.get(extra, []),
            )
    for topic, evidence in extraction.history.items():
        name = topic.replace("_", " ")
        fact("history", f"History: {name}", "mentioned", f"history: {name}", evidence, HISTORY)
    for item in extraction.not_counted:
        reason = not_counted_reason(item)
        label = f"not counted: {item.fact}"
        words = " ".join(evidence.text for evidence in item.evidence) or item.value
        fact("uncounted", f"Not counted: {item.fact}", words, label, item.evidence, reason)
    per_gap = [book.add("gap", f"gap: {gap.requirement}", gap.evidence) for gap in report.gaps]
    return Highlights(facts, book.marks, per_gap)


def segments(body: str, marks: list[Mark]) -> Iterator[Segment]:
    """Cut `body` at every mark boundary; the segments joined give back `body` exactly."""
    cuts = sorted({0, len(body), *(m.start for m in marks), *(m.end for m in marks)})
    by_start: dict[int, list[Mark]] = {}
    for mark in marks:
        by_start.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    for start, end in itertools.pairwise(cuts):
        starting = by_start.get(start, [])
        active = [m for m in active if m.end > start] + starting
        yield Segment(body[start:end], list(active), starting)
