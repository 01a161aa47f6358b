"""`checker feedback`: one page per clinician on what their notes tend to leave out.

Reports stream through once; per clinician only counts, a few short excerpts and the
fix-it sentences are kept, so any number of notes fits in memory. Only what the clinician
can change is counted (documentation elements and the clinical criteria of payer policies,
see `queries.clinician_can_resolve`); coding and modifier findings stay in the coder queue.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from checker import __version__
from checker.models import Gap, Report
from checker.report.files import PageNames, remove_stale_pages, write_text_atomic
from checker.report.html import render
from checker.report.queries import clinician_can_resolve, rule_check
from checker.report.queue import ACTIONABLE

EXCERPTS_PER_GAP = 3
EXCERPT_CONTEXT_CHARS = 70
TOP_GAPS = 5
NO_PROVIDER = "(provider not named)"
INDEX_HTML = "index.html"
# A trend point needs this many notes: with fewer, one note moves the share by more than
# 10 percentage points, and the line shows chance rather than change.
MIN_NOTES_PER_POINT = 10
# The group's median and best count clinicians with at least this many checked notes.
MIN_NOTES_FOR_GROUP = 5
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RequirementText:
    label: str
    template: str | None = None


@cache
def _suggestions() -> dict:
    raw = resources.files("checker.report").joinpath("suggestions.yaml").read_text("utf-8")
    return yaml.safe_load(raw) or {}


@cache
def requirement_texts() -> dict[str, RequirementText]:
    """Labels and template sentences per documentation element, in display order."""
    return {key: RequirementText(**value) for key, value in _suggestions()["documentation"].items()}


@cache
def criterion_templates() -> dict[str, str]:
    """Sentences to adopt for payer clinical criteria, by the rule's check."""
    criteria = _suggestions().get("payer_criteria") or {}
    return {key: " ".join(value["template"].split()) for key, value in criteria.items()}


@dataclass(frozen=True)
class Excerpt:
    """A few words around a gap's evidence; `hit` is the evidence itself."""

    note_id: str
    before: str = ""
    hit: str = ""
    after: str = ""
    message: str = ""


@dataclass
class RequirementTally:
    missing: int = 0
    excerpts: list[Excerpt] = field(default_factory=list)
    fixes: Counter = field(default_factory=Counter)

    def add(self, gap: Gap, report: Report) -> None:
        self.missing += 1
        if gap.fix:
            self.fixes[gap.fix] += 1
        if len(self.excerpts) < EXCERPTS_PER_GAP:
            self.excerpts.append(excerpt(gap, report))


@dataclass
class MonthTally:
    notes: int = 0
    complete: int = 0
    gaps: int = 0

    @property
    def complete_share(self) -> float:
        return self.complete / self.notes if self.notes else 0.0


@dataclass
class ClinicianTally:
    name: str | None
    notes: int = 0
    not_checked: int = 0
    complete: int = 0
    requirements: dict[str, RequirementTally] = field(default_factory=dict)
    months: dict[str, MonthTally] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None

    def add(self, report: Report) -> None:
        if report.status == "error":
            self.not_checked += 1
            return
        self.notes += 1
        missing: dict[str, Gap] = {}
        for gap in report.gaps:
            if gap.severity not in ACTIONABLE or not clinician_can_resolve(gap.requirement):
                continue
            missing.setdefault(gap.requirement, gap)
        for requirement, gap in missing.items():
            self.requirements.setdefault(requirement, RequirementTally()).add(gap, report)
        self.complete += not missing
        if report.date_of_service:
            day = report.date_of_service
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)
            month = self.months.setdefault(report.date_of_service.strftime("%Y-%m"), MonthTally())
            month.notes += 1
            month.complete += not missing
            month.gaps += len(missing)

    @property
    def display_name(self) -> str:
        return self.name or NO_PROVIDER

    @property
    def complete_share(self) -> float:
        return self.complete / self.notes if self.notes else 0.0

    def completeness(self, requirement: str) -> float:
        tally = self.requirements.get(requirement)
        missing = tally.missing if tally else 0
        return (self.notes - missing) / self.notes if self.notes else 0.0

    def top_gaps(self, limit: int = TOP_GAPS) -> list[tuple[str, RequirementTally]]:
        ranked = sorted(self.requirements.items(), key=lambda item: (-item[1].missing, item[0]))
        return ranked[:limit]


def excerpt(gap: Gap, report: Report) -> Excerpt:
    """The gap's first evidence with some words either side, on one line; else its message."""
    body = report.text or ""
    evidence = [e for e in gap.evidence if 0 <= e.start < e.end <= len(body)]
    if not evidence:
        return Excerpt(report.note_id, message=gap.message)
    first = min(evidence, key=lambda e: e.start)
    window_start = max(0, first.start - EXCERPT_CONTEXT_CHARS)
    window_end = min(len(body), first.end + EXCERPT_CONTEXT_CHARS)
    before, after = body[window_start : first.start], body[first.end : window_end]
    cut_before = window_start > 0 and "\n" not in before
    cut_after = window_end < len(body) and "\n" not in after
    before, after = before.split("\n")[-1], after.split("\n")[0]
    return Excerpt(
        report.note_id,
        ("…" if cut_before else "") + _one_line(before).lstrip(),
        _one_line(body[first.start : first.end]),
        _one_line(after).rstrip() + ("…" if cut_after else ""),
        gap.message,
    )


def _one_line(text: str) -> str:
    """Runs of whitespace as one space, keeping whether the text began or ended with one."""
    return _WHITESPACE.sub(" ", text)


def suggestion(requirement: str, tally: RequirementTally) -> str:
    """The fix-it sentence the rules gave most often, else the template sentence."""
    if tally.fixes:
        return tally.fixes.most_common(1)[0][0]
    return template_sentence(requirement) or "Add this element to the procedure note."


def template_sentence(requirement: str) -> str | None:
    """A sentence to adopt in the note, for a documentation element or a payer criterion."""
    text = requirement_texts().get(requirement)
    if text:
        return " ".join((text.template or "").split()) or None
    return criterion_templates().get(rule_check(requirement))


@cache
def rule_titles() -> dict[str, str]:
    """Titles the built-in requirements and payer profiles give their ids."""
    from checker.rules import load_ruleset

    requirements = getattr(load_ruleset(), "requirements", {})
    titles = {key: getattr(rule, "title", None) for key, rule in requirements.items()}
    return {key: title for key, title in titles.items() if title}


def requirement_label(requirement: str) -> str:
    """Our wording for the documentation elements, else the rule's own title, else the id."""
    text = requirement_texts().get(requirement)
    if text:
        return text.label
    return rule_titles().get(requirement, requirement)


def completeness_rows(
    tally: ClinicianTally, requirements: list[str]
) -> list[tuple[str, str, float, int]]:
    """(id, label, share complete, notes missing it) per requirement, in display order."""
    rows = []
    for requirement in requirements:
        missing = tally.requirements.get(requirement)
        count = missing.missing if missing else 0
        rows.append(
            (requirement, requirement_label(requirement), tally.completeness(requirement), count)
        )
    return rows


def requirement_order(tally: ClinicianTally) -> list[str]:
    """The documentation elements always; other requirements where this clinician has gaps."""
    documentation = list(requirement_texts())
    others = sorted(set(tally.requirements) - set(documentation))
    return documentation + others


@dataclass(frozen=True)
class GroupFigure:
    """A requirement across the group: each clinician's share counts once."""

    median: float
    best: float
    clinicians: int


COMPLETE_NOTES = "complete notes"


def group_figures(tallies: list[ClinicianTally]) -> dict[str, GroupFigure]:
    """Median and best share per requirement (and of complete notes) over the clinicians
    with at least MIN_NOTES_FOR_GROUP checked notes (all with any, when none has that many):
    a clinician with one note would make the best 0% or 100% by chance."""
    checked = [tally for tally in tallies if tally.notes >= MIN_NOTES_FOR_GROUP]
    checked = checked or [tally for tally in tallies if tally.notes]
    if not checked:
        return {}
    requirements = set(requirement_texts()) | {r for t in checked for r in t.requirements}
    shares = {req: [tally.completeness(req) for tally in checked] for req in requirements}
    shares[COMPLETE_NOTES] = [tally.complete_share for tally in checked]
    return {
        key: GroupFigure(statistics.median(values), max(values), len(values))
        for key, values in shares.items()
    }


def period(first: dt.date | None, last: dt.date | None) -> str | None:
    if first is None or last is None:
        return None
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def write_feedback(reports: Iterable[Report], out: Path) -> int:
    """Write one page per clinician and an index into `out`; return the number of clinicians."""
    tallies: dict[str | None, ClinicianTally] = {}
    for report in reports:
        tallies.setdefault(report.provider, ClinicianTally(report.provider)).add(report)
    out.mkdir(parents=True, exist_ok=True)
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    names = PageNames()
    ordered = sorted(tallies.values(), key=lambda t: (t.name is None, t.display_name.lower()))
    group = group_figures(ordered)
    pages = []
    for tally in ordered:
        page = names.name(tally.display_name, tally.name or "")
        write_text_atomic(out / page, clinician_page(tally, generated, group))
        pages.append((tally, page))
    write_text_atomic(out / INDEX_HTML, index_page(pages, generated, group))
    remove_stale_pages(out, names.used)
    return len(pages)


def clinician_page(
    tally: ClinicianTally, generated: str | None, group: dict[str, GroupFigure] | None = None
) -> str:
    group = group if group is not None else group_figures([tally])
    rows = completeness_rows(tally, requirement_order(tally))
    months = sorted(tally.months.items())
    points = trend_points(months)
    return render(
        "feedback_clinician.html.j2",
        script=None,
        version=__version__,
        generated=generated,
        tally=tally,
        period=period(tally.first, tally.last),
        chart=bar_chart(rows),
        group=group,
        complete_group=group.get(COMPLETE_NOTES),
        top_gaps=[
            (req, requirement_label(req), gap, suggestion(req, gap), template_sentence(req))
            for req, gap in tally.top_gaps()
        ],
        months=months,
        trend_unit=points[0] if points else None,
        trend=trend_chart(points[1]) if points else None,
        min_notes=MIN_NOTES_PER_POINT,
        min_group_notes=MIN_NOTES_FOR_GROUP,
    )


def index_page(
    pages: list[tuple[ClinicianTally, str]],
    generated: str | None,
    group: dict[str, GroupFigure] | None = None,
) -> str:
    tallies = [tally for tally, _ in pages]
    firsts = [t.first for t in tallies if t.first]
    lasts = [t.last for t in tallies if t.last]
    return render(
        "feedback_index.html.j2",
        script=None,
        version=__version__,
        generated=generated,
        pages=[
            (tally, page, requirement_label(tally.top_gaps(1)[0][0]) if tally.requirements else "")
            for tally, page in pages
        ],
        period=period(min(firsts, default=None), max(lasts, default=None)),
        complete_group=(group or {}).get(COMPLETE_NOTES),
        notes=sum(tally.notes for tally in tallies),
        not_checked=sum(tally.not_checked for tally in tallies),
    )


def _quarter(month: str) -> str:
    year, number = month.split("-")
    return f"{year} Q{(int(number) - 1) // 3 + 1}"


def trend_points(
    months: list[tuple[str, MonthTally]],
) -> tuple[str, list[tuple[str, MonthTally]]] | None:
    """Points by month, else by quarter, where every point has MIN_NOTES_PER_POINT notes and
    there are at least two; None when neither grouping has enough notes."""
    quarters: dict[str, MonthTally] = {}
    for month, tally in months:
        merged = quarters.setdefault(_quarter(month), MonthTally())
        merged.notes += tally.notes
        merged.complete += tally.complete
        merged.gaps += tally.gaps
    for unit, points in (("month", months), ("quarter", sorted(quarters.items()))):
        if len(points) >= 2 and all(t.notes >= MIN_NOTES_PER_POINT for _, t in points):
            return unit, points
    return None


# Chart geometry (SVG user units).
BAR_WIDTH = 240
BAR_HEIGHT = 14
LOW_SHARE = 0.8


def bar_chart(rows: list[tuple[str, str, float, int]]) -> dict:
    """One small bar per requirement, drawn in the completeness table beside its number."""
    bars = [
        {
            "requirement": requirement,
            "label": label,
            "share": share,
            "missing": missing,
            "width": round(share * BAR_WIDTH, 1),
            "low": share < LOW_SHARE,
        }
        for requirement, label, share, missing in rows
    ]
    return {"bars": bars, "bar_width": BAR_WIDTH, "bar_height": BAR_HEIGHT}


TREND_WIDTH = 560
TREND_HEIGHT = 160
TREND_PAD = 30
TREND_LEFT = 48
TREND_MAX_LABELS = 8


def trend_chart(months: list[tuple[str, MonthTally]]) -> dict | None:
    """Points for a line of the share of complete notes per month; None without dates."""
    if not months:
        return None
    inner_w = TREND_WIDTH - TREND_LEFT - TREND_PAD
    inner_h = TREND_HEIGHT - 2 * TREND_PAD
    step = inner_w / max(1, len(months) - 1)
    label_every = math.ceil(len(months) / TREND_MAX_LABELS)
    points = []
    for index, (month, tally) in enumerate(months):
        x = TREND_LEFT + (index * step if len(months) > 1 else inner_w / 2)
        y = TREND_PAD + (1 - tally.complete_share) * inner_h
        label = index % label_every == 0
        points.append({"x": round(x, 1), "y": round(y, 1), "month": month, "label": label})
    return {
        "points": points,
        "path": " ".join(f"{p['x']},{p['y']}" for p in points),
        "width": TREND_WIDTH,
        "height": TREND_HEIGHT,
        "top": TREND_PAD,
        "bottom": TREND_HEIGHT - TREND_PAD,
        "left": TREND_LEFT,
        "right": TREND_WIDTH - TREND_PAD,
    }
