"""Reports built by hand for the report-writer tests: gaps, hostile text, awkward ids.

Gaps are written out here (not produced by the rules) so the writers can be tested with
every severity, with evidence that overlaps extracted facts, and with markup in every
field a note or its front matter can fill.
"""

from __future__ import annotations

import datetime as dt

from checker.models import Codes, Evidence, Extraction, Gap, LevelFact, Report, ResponseFact

HOSTILE_BODY = (
    "PROCEDURE: Right C5-6 facet injection under fluoroscopy.\n"
    "<script>window.__pwned = 'script';</script>\n"
    '<img src="x" onerror="window.__pwned = \'img\'"> & <b>bold</b>\n'
    "Pain 6/10 before.\n"
)


def span(body: str, words: str, occurrence: int = 0) -> Evidence:
    """Evidence for the `occurrence`-th appearance of `words` in `body`."""
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(words, start + 1)
    return Evidence(start=start, end=start + len(words), text=words)


def gap(requirement: str, severity: str, message: str, *evidence: Evidence, **extra) -> Gap:
    return Gap(
        requirement=requirement,
        severity=severity,
        message=message,
        evidence=list(evidence),
        **extra,
    )


def hostile_report() -> Report:
    """Markup in the body, the id, the provider, the payer and a gap; overlapping evidence."""
    body = HOSTILE_BODY
    right = span(body, "Right")
    level = span(body, "C5-6")
    return Report(
        note_id='<img src=x onerror="alert(1)">/../../etc/passwd',
        source="notes/<script>.txt",
        status="fail",
        provider="<b>Dr Evil</b> onerror=alert(2)",
        payer='"><script>alert(3)</script>',
        date_of_service=dt.date(2026, 2, 3),
        extraction=Extraction(
            levels=[LevelFact(level="C5-C6", side="right", evidence=[right, level])],
            response=ResponseFact(pre_pain=6, evidence=[span(body, "6/10")]),
        ),
        codes=Codes(billed=["64490-RT", "64491-RT"], supported=["64490-RT"]),
        gaps=[
            gap(
                "response",
                "blocking",
                "No post-procedure pain score <script>alert(4)</script>",
                span(body, "Pain 6/10"),
                fix="Record the pain score after the procedure on the same scale.",
                source="Noridian JF Q&A",
            ),
            # Overlaps the level evidence "Right C5-6" on purpose.
            gap("laterality", "warning", "Side named once only", span(body, "Right C5-6")),
        ],
        text=body,
    )


def plain_report(note_id: str, status: str = "pass", gaps: list[Gap] | None = None, **kw) -> Report:
    body = kw.pop("text", f"PROCEDURE: Right C5-6 facet injection. Note {note_id}.\n")
    return Report(
        note_id=note_id, source=f"{note_id}.txt", status=status, gaps=gaps or [], text=body, **kw
    )


def with_gaps(report: Report, gaps: list[Gap]) -> Report:
    """A copy of a real report with hand-written gaps added and its status to match."""
    severities = {g.severity for g in [*report.gaps, *gaps]}
    if report.status == "error":
        status = "error"
    elif "blocking" in severities:
        status = "fail"
    elif "warning" in severities:
        status = "needs_review"
    else:
        status = "pass"
    return report.model_copy(update={"gaps": [*report.gaps, *gaps], "status": status})


def queue_rows(index_html: str) -> list[dict]:
    """The rows the queue page carries for its script, worst first."""
    import json
    import re

    block = re.search(
        r'<script type="application/json" id="queue-data">(.*?)</script>', index_html, re.S
    )
    return json.loads(block.group(1))["rows"]
