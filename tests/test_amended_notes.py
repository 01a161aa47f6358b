"""Amended and queried notes: a corrected report printed with the version it supersedes, and
a coder's query thread appended below the note. Only the current text documents today's
procedure; a superseded version or a query's choices must never add a level."""

import pytest

from checker.pipeline.struck import struck_text


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


R = "right"
TODAY = (
    "PROCEDURE: Right cervical medial branch blocks, C4 and C5 medial branches.\n"
    "Under fluoroscopy 22g needles were placed at the right C4 and C5 articular pillars;\n"
    "1% lidocaine 0.5 mL was injected at each nerve.\n\n"
)


@pytest.mark.parametrize(
    "banner",
    [
        "---- ORIGINAL REPORT (superseded - retained for record) ----\n",
        "SUPERSEDED VERSION 03/02/2025 09:10\n",
        "Previous version (replaced by the corrected text above)\n",
    ],
)
def test_a_superseded_version_below_a_corrected_report_adds_no_level(check, banner):
    report = check(
        "*** CORRECTED REPORT ***\n"
        + TODAY
        + banner
        + "PROCEDURE: Right C4, C5, C6 and C7 medial branch blocks.\n"
        "Needles were advanced to the right C4, C5, C6 and C7 targets; 0.5 mL at each.\n"
    )
    assert levels(report) == {(R, "C4-C5")}
    assert not report.codes.supports_64492


@pytest.mark.parametrize(
    "query",
    [
        "PHYSICIAN QUERY #Q-1 opened 03/03/2025 by coding\n",
        "-- Query 03/03/2025 (coding) --\n",
        "Coder query: please clarify\n",
    ],
)
def test_a_coders_query_listing_levels_adds_no_level(check, query):
    report = check(
        TODAY
        + query
        + "The header lists right C4-5, C5-6 and C6-7. Please state which were injected:\n"
        "( ) right C4-5, C5-6, C6-7   ( ) right C4-5 only   (right / left / bilateral)\n"
        "Status: no response.\n"
    )
    assert levels(report) == {(R, "C4-C5")}
    assert not report.codes.supports_64492


MESSAGES = (
    "03/02/2025 09:10  Coder -> Dr. Okafor\n"
    "Please confirm the side for the 3/1 block; the note never says which side.\n\n"
    "03/02/2025 11:02  Dr. Okafor -> Coder\n"
    "Right side, all of it. I have addended the note.\n\n"
)
ATTACHED_NOTE = (
    "Prone. Betadine prep. Consent signed. Under fluoroscopy 22g needles at the C4 and C5\n"
    "articular pillars; 0.5 mL 0.5% bupivacaine with 0.1 mL Omnipaque 300 at each.\n"
    "Pre-procedure pain 7/10, post-procedure pain 2/10.\n"
)


@pytest.mark.parametrize(
    "marker",
    [
        "Original note (attached to message by sender):\n",
        "Original note text (DOS 03/01/2025), attached by sender:\n",
    ],
)
def test_the_original_note_attached_to_a_message_thread_is_the_record(check, marker):
    report = check(MESSAGES + marker + ATTACHED_NOTE)
    assert report.extraction.response.pre_pain == 7
    assert report.extraction.contrast.used is True
    assert report.extraction.workflow.consent
    assert "bupivacaine" in {m.name for m in report.extraction.medications}


def test_an_original_version_below_a_corrected_report_stays_superseded_unless_sent(check):
    report = check(
        "*** CORRECTED REPORT ***\n" + TODAY + "Original note (superseded, kept for record):\n"
        "Needles were advanced to the right C4, C5, C6 and C7 targets; 0.5 mL at each.\n"
    )
    assert levels(report) == {(R, "C4-C5")}


def test_a_corrected_report_without_an_older_version_keeps_its_levels(check):
    report = check("*** CORRECTED REPORT ***\n" + TODAY)
    assert levels(report) == {(R, "C4-C5")}


def test_levels_only_in_a_header_taken_from_the_order_do_not_count(check):
    report = check(
        "PROCEDURE(S) (from order): LEFT C4-5, C5-6, C6-7 FACET JOINT INJECTIONS\n"
        "Prone. Fluoroscopy, oblique view.\n"
        " - L C4-5: 25g needle into joint, 0.5 mL 0.25% bupivacaine.\n"
        " - L C5-6: same technique, 0.5 mL 0.25% bupivacaine.\n"
    )
    assert levels(report) == {("left", "C4-C5"), ("left", "C5-C6")}
    assert not report.codes.supports_64492


def test_a_late_entry_saying_nothing_was_blocked_leaves_no_code_supported(check):
    report = check(
        "PROCEDURE: Right C4, C5, C6, C7 medial branch blocks under fluoroscopy.\n"
        "Bupivacaine 0.5%, 0.5 mL per level, at the right C4-C7 medial branches.\n"
        "Patient became diaphoretic and pale. Procedure stopped.\n\n"
        "LATE ENTRY ADDENDUM: the bupivacaine line above is template text.\n"
        "No medial branches were blocked.\n"
    )
    assert report.status == "needs_review"
    assert not report.codes.supported
    assert not report.codes.supports_64492


STRUCK_TODAY = (
    "PROCEDURE: Right cervical medial branch blocks under fluoroscopy.\n"
    "Needles were placed at the right {levels} medial branches;\n"
    "1% lidocaine 0.5 mL was injected at each nerve.\n"
)


@pytest.mark.parametrize(
    "written",
    [
        "~~right C3 and~~ C4 and C5",
        "[deleted: C3,] C4 and C5",
        "[deleted: right C3, C4 and\nC5] C4 and C5",
        "<del>right C3 and</del> C4 and C5",
        "<s>right C3, </s>C4 and C5",
        "~~right C3 and C4~~ -> C4 and C5",
        "C4 and C5 [removed: and C6]",
        "C3 (struck), C4 and C5",
    ],
)
def test_struck_text_of_a_revision_adds_no_level(check, written):
    report = check(STRUCK_TODAY.format(levels=written))
    assert levels(report) == {(R, "C4-C5")}


def test_evidence_of_a_level_after_struck_text_quotes_the_note_as_written(check):
    text = STRUCK_TODAY.format(levels="~~right C5 and C6~~ -> C4 and C5")
    report = check(text)
    (level,) = report.extraction.levels
    for evidence in level.evidence:
        assert text[evidence.start : evidence.end] == evidence.text
        assert "~" not in evidence.text


@pytest.mark.parametrize(
    "text",
    [
        "Right C4-5 facet injection.\n~~~~~~~~~~~~~~~~~~~~\nAddendum: none.",
        "Deleted from the problem list: none. Struck by a car in 2019.",
        "Plain note without any revision marks: right C4-5.",
    ],
)
def test_text_without_a_struck_stretch_reads_as_written(text):
    assert struck_text(text) == []


def test_a_late_entry_withdrawing_a_templated_drug_removes_it_and_the_levels(check):
    report = check(
        "Scheduled procedure: Right C4, C5, C6, C7 medial branch blocks, fluoro\n"
        "Time-out completed. Prep: ChloraPrep, sterile drape.\n"
        "Skin local: 1% lidocaine 2 mL infiltrated at the first entry point.\n"
        "Bupivacaine 0.5%, 0.5 mL per level, at C4-C7 medial branches.\n"
        "Pt became diaphoretic, pale. Procedure stopped.\n\n"
        "LATE ENTRY ADDENDUM\n"
        "The bupivacaine line above is template text and is incorrect: no block needle was "
        "advanced to any target and NO bupivacaine was injected.\n"
    )
    assert {m.name for m in report.extraction.medications} == {"lidocaine"}
    assert levels(report) == set()
    assert report.status != "pass"
    assert any("bupivacaine" in gap.message for gap in report.gaps)
    assert not report.codes.supported


def test_a_drug_not_given_at_one_level_stays_listed_without_a_correction(check):
    report = check(
        "PROCEDURE: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Bupivacaine 0.5% 0.5 mL was injected into the right C4-5 joint.\n"
        "The right C5-6 joint could not be entered and no bupivacaine was injected there.\n"
    )
    assert "bupivacaine" in {m.name for m in report.extraction.medications}


def test_a_side_named_in_an_open_query_does_not_doubt_the_sided_levels(check):
    report = check(
        "Procedure: Time-out performed. Written consent. Prepped with Betadine and draped.\n"
        "Under fluoroscopic guidance the right C3-4 and right C4-5 facet joints were entered; "
        "each joint was injected with 1% lidocaine 0.5 mL.\n\n"
        "Addendum: C5-6 facet was also injected; same technique and medication.\n\n"
        "-- Query 06/12/2025 (coding) --\n"
        "The addendum adds a C5-6 facet injection but does not state the side. History "
        "mentions left-sided lower neck pain. Please state the side.\n"
        "Status: no response.\n"
    )
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5")}
    assert report.codes.supported == ["64490-RT", "64491-RT"]
    assert report.extraction.levels_unsided == ["C5-C6"]
    assert report.status != "pass"


@pytest.mark.parametrize(
    "history",
    [
        "Indication: right upper cervical facet pain; prior right\n"
        "TON/C3 MBB 02/2025 with >80% short-term relief.\n",
        "Diagnosis: right cervical facet pain confirmed by two diagnostic MBBs\n"
        "(03/2025: 90% relief; 04/2025: 85% relief with bupivacaine).\n",
    ],
)
def test_a_relief_or_drug_dated_by_month_and_year_is_an_earlier_blocks(check, history):
    report = check(history + "\n" + TODAY + "Pre 7/10, post 3/10.\n")
    assert report.extraction.response.percent_relief is None
    assert {m.name for m in report.extraction.medications} == {"lidocaine"}


@pytest.mark.parametrize(
    ("thread", "opening"),
    [
        ("==== Coding Query Log ====\n", "--- Note excerpt (DOS 05/02/2025) ---\n"),
        (
            "PHYSICIAN DOCUMENTATION QUERY / RESPONSE (kept in the record)\n\n"
            "Query date: 05/03/2025   Query #: 77\n",
            "Procedure note (05/02/2025), text as signed:\n",
        ),
    ],
)
def test_the_note_a_query_thread_asks_about_is_the_record(check, thread, opening):
    """A coder's query thread first, then the note it asks about: the thread's choices are
    no levels, and the note below it is today's procedure."""
    note = (
        f"{thread}"
        "Question: the order lists right C3-C6, 64490-64492. Which levels were injected?\n"
        "  [ ] C3-4   [ ] C4-5   [ ] C5-6\n"
        "Coder note: billing the documented joints only.\n\n"
        f"{opening}"
        "Procedure: Right C4-5 and C5-6 facet joint injections under fluoroscopy.\n"
        "Each joint: 0.5 mL 0.25% bupivacaine + 0.5 mL Kenalog-40. Consent signed.\n"
    )
    report = check(note)
    assert report.extraction.procedure == "facet_injection"
    assert {(f.side, f.level) for f in report.extraction.levels} == {
        ("right", "C4-C5"),
        ("right", "C5-C6"),
    }
    assert report.extraction.guidance == "fluoroscopy"


@pytest.mark.parametrize(
    "said",
    [
        "The C3-C4 level was carried forward from the procedure template and was not done; "
        "two needles were used.",
        "The left C3-C4 joint was carried forward from the prior visit note.",
    ],
)
def test_an_addendum_level_carried_forward_from_a_template_is_not_treated(check, said):
    report = check(
        "Procedure: LEFT C3-C4, C4-C5, C5-C6 intra-articular facet joint injections, "
        "fluoroscopy.\nConsent signed. Time-out performed.\n"
        "Injectate per joint: 0.5 mL 0.5% bupivacaine.\nPain 6/10 pre, 2/10 post.\n"
        "Codes: 64490-LT, 64491-LT, 64492-LT\n\n"
        "ADDENDUM 04/02/2025 07:40 - A. Smith, MD\n"
        "Correction to the procedure section above: levels injected were LEFT C4-C5 and "
        f"C5-C6 only.\n{said}\nCodes corrected to 64490-LT, 64491-LT.\n"
    )
    assert levels(report) == {("left", "C4-C5"), ("left", "C5-C6")}
    assert not report.codes.supports_64492
