"""The report set for `checker check --out`: files, order, escaping, names, streaming."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import HOSTILE_BODY, gap, hostile_report, plain_report, queue_rows, span
from rich.console import Console

from checker.models import Evidence, Extraction, LevelFact, Report
from checker.report import write_report_set
from checker.report.highlight import collect_highlights, segments
from checker.report.queue import QueueRow, markdown_summary

PAGE_NAME = re.compile(r"^[a-z0-9-]+\.html$")


def mixed_reports() -> list[Report]:
    """One of each status, in an order that is not worst first."""
    return [
        plain_report("ok-1"),
        plain_report("review-1", "needs_review", [gap("timeout", "warning", "No time-out")]),
        hostile_report(),
        plain_report(
            "fail-2",
            "fail",
            [
                gap("response", "blocking", "No pain score after"),
                gap("guidance", "blocking", "No imaging guidance named"),
            ],
        ),
        Report(note_id="broken", source="broken.txt", status="error", error="cannot read"),
    ]


class NoteBodyText(HTMLParser):
    """The text a reader sees inside #note-body, without the small fact labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_tag_label = 0
        self.text: list[str] = []
        self.labels: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "note-body":
            self.depth = 1
            return
        if not self.depth:
            return
        self.depth += 1
        if tag == "mark":
            self.marks += 1
        if "tag" in (attrs.get("class") or "").split():
            self.in_tag_label = self.depth

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if self.in_tag_label == self.depth:
            self.in_tag_label = 0
        self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            return
        (self.labels if self.in_tag_label else self.text).append(data)


def read_body(page: str) -> NoteBodyText:
    parser = NoteBodyText()
    parser.feed(page)
    return parser


def note_page_for(out: Path, note_id: str) -> str:
    rows = list(csv.DictReader((out / "worklist.csv").open(encoding="utf-8", newline="")))
    (row,) = [r for r in rows if r["note_id"] == note_id]
    return (out / row["page"]).read_text(encoding="utf-8")


def test_report_set_writes_every_file_and_counts_statuses(tmp_path):
    reports = mixed_reports()
    summary = write_report_set(iter(reports), tmp_path)

    for name in ("index.html", "results.jsonl", "worklist.csv", "summary.md"):
        assert (tmp_path / name).is_file(), name
    assert summary.notes == 5
    assert summary.statuses == {"pass": 1, "needs_review": 1, "fail": 2, "error": 1}
    assert summary.should_hold("blocking")
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == [report.to_json_line() for report in reports]
    assert [json.loads(line)["note_id"] for line in lines] == [r.note_id for r in reports]
    assert len(list((tmp_path / "notes").glob("*.html"))) == 5
    assert not list(tmp_path.rglob("*.partial"))


def test_queue_lists_notes_worst_first(tmp_path):
    write_report_set(iter(mixed_reports()), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    rows = queue_rows(index)
    assert [row["st"] for row in rows] == ["fail", "fail", "error", "needs_review", "pass"]
    # Of the two failing notes, the one with two blocking gaps comes first.
    assert rows[0]["id"] == "fail-2"
    assert (tmp_path / rows[0]["page"]).is_file()
    assert all((tmp_path / row["page"]).is_file() for row in rows)


def test_queue_has_filters_with_labels_and_counts(tmp_path):
    write_report_set(iter(mixed_reports()), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for control in ("f-status", "f-provider", "f-payer", "f-requirement", "f-text"):
        assert f'<label for="{control}">' in index
        assert f'id="{control}"' in index
    assert '<option value="response">response</option>' in index
    assert 'Fail (hold): <span class="n">2</span>' in index
    assert re.findall(r'<th scope="col"', index)


def test_every_page_is_self_contained(tmp_path):
    write_report_set(iter(mixed_reports()), tmp_path)
    for page in [tmp_path / "index.html", *(tmp_path / "notes").glob("*.html")]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', html), page
        assert "Content-Security-Policy" in html
        assert "default-src 'none'" in unescape(html)


def test_hostile_text_is_escaped_on_the_note_page_and_in_the_queue(tmp_path):
    write_report_set(iter(mixed_reports()), tmp_path)
    page = note_page_for(tmp_path, hostile_report().note_id)
    assert page.count("<script") == 1  # the page's own script, under the CSP's hash
    assert "<img" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;window.__pwned" in page
    assert "&lt;b&gt;Dr Evil&lt;/b&gt;" in page
    assert "alert(4)&lt;/script&gt;" in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    # The queue's own script and its rows as JSON, whose markup characters are escaped.
    assert index.count("<script") == 2
    assert "<img" not in index and "<b>" not in index
    assert "&lt;b&gt;Dr Evil&lt;/b&gt; onerror=alert(2)" in index  # the provider filter
    assert "\\u003cb\\u003eDr Evil" in index
    hostile = next(row for row in queue_rows(index) if row["id"] == hostile_report().note_id)
    assert hostile["prov"] == "<b>Dr Evil</b> onerror=alert(2)"


def test_note_text_shows_exactly_once_with_every_fact_labelled(tmp_path):
    report = hostile_report()
    write_report_set(iter([report]), tmp_path)
    body = read_body(note_page_for(tmp_path, report.note_id))
    assert "".join(body.text) == HOSTILE_BODY
    labels = " ".join(body.labels)
    assert "level C5-C6 right" in labels
    assert "response: pre-procedure 6/10" in labels
    assert "gap: response" in labels
    assert "gap: laterality" in labels
    assert body.marks >= 4


def test_overlapping_evidence_is_cut_into_segments_carrying_both_marks():
    report = hostile_report()
    highlights = collect_highlights(report)
    pieces = list(segments(report.text, highlights.marks))
    assert "".join(piece.text for piece in pieces) == report.text
    right = next(piece for piece in pieces if piece.text == "Right")
    assert set(right.kinds) == {"level", "gap"}
    c56 = next(piece for piece in pieces if piece.text == "C5-6")
    assert set(c56.kinds) == {"level", "gap"}
    assert [len(marks) for marks in highlights.gap_marks] == [1, 1]


def test_evidence_outside_the_text_is_dropped_not_fatal(tmp_path):
    body = "Right C5-6 facet injection.\n"
    bad = [Evidence(start=500, end=520, text="x"), Evidence(start=8, end=3, text="y")]
    report = plain_report(
        "odd",
        text=body,
        extraction=Extraction(
            levels=[LevelFact(level="C5-C6", side="right", evidence=[*bad, span(body, "C5-6")])]
        ),
    )
    write_report_set(iter([report]), tmp_path)
    parsed = read_body(note_page_for(tmp_path, "odd"))
    assert "".join(parsed.text) == body
    assert parsed.marks == 1


def test_page_names_are_safe_and_unique_for_any_note_id(tmp_path):
    ids = ["../../etc/passwd", "a/b\\c", "CON", " ", "名前", "x" * 300, "same", "same"]
    reports = [plain_report(note_id) for note_id in ids]
    reports.append(plain_report("same"))  # same id and same source again
    write_report_set(iter(reports), tmp_path)
    pages = sorted(p.name for p in (tmp_path / "notes").iterdir())
    assert len(pages) == len(reports)
    assert all(PAGE_NAME.match(name) and len(name) < 80 for name in pages)
    assert not [
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and "notes" not in p.parts and p.suffix == ".html" and p.name != "index.html"
    ]
    rows = list(csv.DictReader((tmp_path / "worklist.csv").open(encoding="utf-8", newline="")))
    assert len({row["page"] for row in rows}) == len(reports)


def test_csv_work_list_has_one_row_per_note_and_defuses_formulas(tmp_path):
    formula = plain_report("f-1", provider='=HYPERLINK("http://x")', payer="medicare")
    write_report_set(iter([*mixed_reports(), formula]), tmp_path)
    rows = list(csv.DictReader((tmp_path / "worklist.csv").open(encoding="utf-8", newline="")))
    assert [row["note_id"] for row in rows][:2] == ["ok-1", "review-1"]
    by_id = {row["note_id"]: row for row in rows}
    assert by_id["f-1"]["provider"].startswith("'=")
    hostile = by_id[hostile_report().note_id]
    assert hostile["billed_not_supported"] == "64491-RT"
    assert hostile["top_gap_requirement"] == "response"
    assert hostile["top_gap_severity"] == "blocking"
    assert hostile["gap_requirements"] == "laterality response"
    assert by_id["broken"]["error"] == "cannot read"
    assert by_id["fail-2"]["blocking"] == "2"


def test_markdown_summary_counts_and_lists_held_notes(tmp_path):
    write_report_set(iter(mixed_reports()), tmp_path)
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "5 notes checked." in text
    assert "| Fail (hold) | 2 |" in text
    assert "[fail-2](notes/" in text
    assert "| broken" not in text  # held notes link their id
    assert "cannot read" in text


def test_markdown_cells_escape_pipes():
    row = QueueRow.from_report(plain_report("a|b", "error", error="bad | worse"), 0, "notes/a.html")
    assert "a\\|b" in markdown_summary([row])
    assert "bad \\| worse" in markdown_summary([row])


def test_an_interrupted_run_leaves_complete_lines_and_says_so(tmp_path):
    def stream():
        yield plain_report("one")
        yield plain_report("two", "fail", [gap("response", "blocking", "No pain score after")])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_report_set(stream(), tmp_path)
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    assert [json.loads(line)["note_id"] for line in lines[:-1]] == ["one", "two"]
    assert len((tmp_path / "worklist.csv").read_text(encoding="utf-8").splitlines()) == 3
    assert "Incomplete run" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert not list(tmp_path.rglob("*.partial"))


def test_a_failure_before_the_first_report_writes_nothing(tmp_path):
    def broken():
        raise ValueError("rules file is malformed")
        yield  # pragma: no cover

    with pytest.raises(ValueError):
        write_report_set(broken(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_pages_of_notes_gone_since_the_last_run_are_removed(tmp_path):
    write_report_set(iter([plain_report("old-note")]), tmp_path)
    write_report_set(iter([plain_report("new-note")]), tmp_path)
    pages = [p.name for p in (tmp_path / "notes").glob("*.html")]
    assert len(pages) == 1
    assert pages[0].startswith("new-note-")


def test_terminal_summary_shows_counts_and_no_progress_bar_off_a_terminal(tmp_path):
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=100)
    write_report_set(iter(mixed_reports()), tmp_path, console=console)
    shown = buffer.getvalue()
    assert re.search(r"Fail \(hold\)\s*│\s*2", shown)
    assert re.search(r"Pass\s*│\s*1", shown)
    assert "2 notes held for billing" in shown
    assert "checking notes" not in shown
    assert str(tmp_path / "index.html") in shown.replace("\n", "")


def test_note_page_shows_codes_side_by_side_and_links_back(tmp_path):
    write_report_set(iter([hostile_report()]), tmp_path)
    page = note_page_for(tmp_path, hostile_report().note_id)
    assert '<a href="../index.html" id="back-to-queue">← Back to the queue</a>' in page
    row_64491 = re.search(r"64491-RT</th>(.*?)</tr>", page, re.S).group(1)
    assert "✔ yes" in row_64491 and "— no" in row_64491 and "billed, not supported" in row_64491
    assert "Record the pain score after the procedure on the same scale." in page
    assert "Noridian JF Q&amp;A" in page
    assert "✖ blocking" in page and "▲ warning" in page


def test_info_gaps_are_shown_but_not_counted_as_frequent_gaps(tmp_path):
    info = gap("payer.unknown", "info", "No payer profile matched")
    reports = [
        plain_report("a", "pass", [info]),
        plain_report("b", "pass", [info]),
        plain_report("c", "needs_review", [info, gap("timeout", "warning", "No time-out")]),
    ]
    buffer = io.StringIO()
    write_report_set(iter(reports), tmp_path, console=Console(file=buffer, width=100))
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "| timeout | 1 |" in summary
    assert "payer.unknown" not in summary
    assert "payer.unknown" not in buffer.getvalue()
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<option value="payer.unknown">payer.unknown</option>' in index


def test_only_pages_the_checker_wrote_are_ever_removed(tmp_path):
    from checker.report.feedback import write_feedback

    mine = tmp_path / "notes" / "my-own-page.html"
    mine.parent.mkdir()
    mine.write_text("keep", encoding="utf-8")
    write_report_set(iter([plain_report("a")]), tmp_path)
    write_report_set(iter([plain_report("b")]), tmp_path)
    assert mine.read_text(encoding="utf-8") == "keep"

    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "holiday.html").write_text("keep", encoding="utf-8")
    write_feedback(iter([plain_report("a", provider="Ann Lee, MD")]), desk)
    write_feedback(iter([plain_report("b", provider="Bo Ng, MD")]), desk)
    assert (desk / "holiday.html").read_text(encoding="utf-8") == "keep"
    assert [p.name.startswith("ann-lee") for p in desk.glob("*.html")].count(True) == 0


def test_page_names_do_not_depend_on_the_path_the_notes_were_given_by(tmp_path):
    names = set()
    for folder in ("notes", "./notes", "/srv/clinic/notes", "C:\\clinic\\notes"):
        out = tmp_path / str(len(names))
        report = plain_report("n-7").model_copy(update={"source": f"{folder}/n-7.txt"})
        write_report_set(iter([report]), out)
        names.add(queue_rows((out / "index.html").read_text(encoding="utf-8"))[0]["page"])
    assert len(names) == 1


def test_words_not_counted_for_today_say_why_on_the_note_page(check, tmp_path):
    text = (
        "IMAGING FINDINGS: MRI shows C4-5 facet arthropathy.\n"
        "PROCEDURE: Right C5-6 facet injection under fluoroscopy. No contrast was used.\n"
        "PLAN: consider C6-7 next time.\n"
    )
    report = check(text, note_id="why-1")
    uncounted = {(item.fact, item.value): item for item in report.extraction.not_counted}
    assert ("level", "C4-5") in uncounted and ("level", "C6-7") in uncounted
    assert ("level", "C5-6") not in uncounted  # today's level counts
    assert all(item.fact != "contrast" for item in report.extraction.not_counted)  # "no" counts
    write_report_set(iter([report]), tmp_path)
    page = note_page_for(tmp_path, "why-1")
    facts = page[page.index('id="facts"') :]
    c45 = re.search(r"Not counted: level</th>\s*<td>C4-5<br><span class=\"why\">([^<]+)<", facts)
    assert c45.group(1).startswith("not counted: in the imaging findings section")
    c67 = re.search(r"Not counted: level</th>\s*<td>C6-7<br><span class=\"why\">([^<]+)<", facts)
    assert c67.group(1).startswith("not counted: in the plan section; planned or conditional (")
    contrast = re.search(r"Contrast</th>\s*<td>not used<br><span class=\"why\">([^<]+)<", facts)
    assert contrast.group(1) == "counted as not used: negated by &#39;No&#39;"


def test_a_negated_mention_quotes_the_words_that_negate_it(check, tmp_path):
    text = (
        "PROCEDURE: Right C5-6 facet injection under fluoroscopy. Omnipaque 240 confirmed "
        "placement. C6-7 was not injected.\n"
    )
    report = check(text, note_id="why-2")
    [c67] = [item for item in report.extraction.not_counted if item.value == "C6-7"]
    assert c67.context == ["NEGATED"] and c67.cues == {"NEGATED": "was not injected"}
    write_report_set(iter([report]), tmp_path)
    page = note_page_for(tmp_path, "why-2")
    assert "not counted: negated by &#39;was not injected&#39;" in page
