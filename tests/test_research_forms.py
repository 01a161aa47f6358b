"""Research forms and registry exports: coded answers read through the note's own codebook,
the codebook's option lists never read as facts, and only today's event counted."""

from __future__ import annotations

import datetime as dt

from checker.engine import check_text
from checker.extract.dated import earlier_dated_lines
from checker.pipeline.normalize import normalize

RECORD_VIEW = """\
REDCap | Cervical Facet Registry
[proc_header]
  proc_date ............... 2024-01-23
  consent_obtained ........ 1 (Yes)
  timeout_yn .............. 1
  technique ............... 2
  side .................... 2
  guidance ................ 1
  la_agent ................ 1
  la_conc ................. 0.5
  la_vol_ml ............... 0.5
[level_detail] instance 1
  joint_level ............. 3
  injected ................ 1 (Yes)
[level_detail] instance 2
  joint_level ............. 4
  injected ................ 1 (Yes)
[level_detail] instance 3
  joint_level ............. 5
  injected ................ 0 (No)
  reason_not_injected ..... vascular uptake; abandoned

[post_proc]
  complication_yn ......... 0

----- CODEBOOK -----
technique       1=Medial branch block  2=Intra-articular
side            1=Right  2=Left  3=Bilateral
guidance        1=Fluoroscopy  2=CT  3=Ultrasound  4=None
la_agent        1=Bupivacaine  2=Ropivacaine  3=Lidocaine
steroid         0=None  1=Dexamethasone  2=Triamcinolone
joint_level     1=C2-3  2=C3-4  3=C4-5  4=C5-6  5=C6-7  6=C7-T1
"""


def _sides(report) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for fact in report.extraction.levels:
        found.setdefault(fact.side, []).append(fact.level)
    return found


def test_coded_answers_read_through_the_codebook() -> None:
    report = check_text(RECORD_VIEW)
    extraction = report.extraction
    assert _sides(report) == {"left": ["C4-C5", "C5-C6"]}  # instance 3 was not injected
    assert extraction.guidance == "fluoroscopy"
    assert extraction.workflow.consent is True
    assert extraction.workflow.timeout is True
    assert extraction.workflow.complications == "none"
    drugs = {(m.name, m.concentration) for m in extraction.medications}
    assert drugs == {("bupivacaine", "0.5%")}  # the codebook's other drugs are options only
    assert extraction.region == "cervical"  # C7-T1 is only an option of the codebook
    assert report.codes.supported == ["64490-LT", "64491-LT"]


def test_codebook_lines_are_not_read_and_answers_spelled_out() -> None:
    text = normalize(RECORD_VIEW).text
    assert "Ropivacaine" not in text and "Triamcinolone" not in text
    assert "side: Left" in text and "joint level: C4-5" in text
    assert "C6-7" not in text  # the abandoned instance is no level of today's


CSV_EXPORT = """\
# Exported 2024-04-09 11:52
record_id,redcap_event_name,proc_date,side,guidance,nrs_pre,notes
1042,screening_arm_1,2024-03-18,,,8,"L C4-C6 pillars seen"
1042,procedure_arm_1,2024-04-09,1,1,7,"R C3,C4,C5,C6 MB under fluoroscopy"
# side : 1, Right | 2, Left | 3, Bilateral
# guidance : 1, Fluoroscopy | 2, CT | 3, Ultrasound
"""


def test_csv_export_reads_only_the_row_of_the_export_date() -> None:
    report = check_text(CSV_EXPORT)
    assert _sides(report) == {"right": ["C3-C4", "C4-C5", "C5-C6"]}
    assert report.extraction.guidance == "fluoroscopy"
    assert report.extraction.response.pre_pain == 7


def test_a_note_without_a_codebook_is_not_rewritten() -> None:
    text = "Side: 2\nguidance_mode: 1\nRight C4-5 medial branch block, 2 = sharp.\n"
    assert normalize(text).text == text


LOG = """\
Prior blocks
03/01/2024  Right C4-5, C5-6, C6-7 medial branch block under fluoroscopy

PROCEDURE: Left C3-4 medial branch block under fluoroscopy. Consent signed. Time-out done.
"""


def test_the_date_of_service_from_the_metadata_dates_the_rows() -> None:
    # the text names no date of service: without the metadata no row is called earlier
    assert earlier_dated_lines(LOG) == []
    spans = earlier_dated_lines(LOG, dt.date(2024, 4, 12))
    assert [LOG[start:end][:10] for start, end in spans] == ["03/01/2024"]
    report = check_text(LOG, date_of_service="2024-04-12")
    assert _sides(report) == {"left": ["C3-C4"]}


WIDE_REPORT = """\
Report by event, run 2024-09-19: chart abstraction of today's procedure (2024-09-19)

variable    | baseline_arm_1 | mbb_1_arm_1 | mbb_2_arm_1 | rf_1_arm_1
proc_date   |                | 2024-08-29  | 2024-09-19  |
procedure   |                | R C3-4, C4-5 MBB | L C5-6 MBB | R C3-4 RF
guidance    |                | 1           | 1           |
la_agent    |                | 3           | 1           |
nrs_pre     | 7              | 8           | 5           |
nrs_post    |                | 1           | 0           |

Codebook: guidance 1=Fluoroscopy 2=CT
la_agent 1=Bupivacaine 2=Ropivacaine 3=Lidocaine
"""


def test_a_wide_report_counts_only_the_column_dated_today() -> None:
    report = check_text(WIDE_REPORT)
    extraction = report.extraction
    assert _sides(report) == {"left": ["C5-C6"]}
    assert {m.name for m in extraction.medications} == {"bupivacaine"}
    assert (extraction.response.pre_pain, extraction.response.post_pain) == (5, 0)


SERIES_LOG = """\
Facet procedure log. LOG PRINTED 2024-07-11 (today's entry flagged *)

-- 2023-04-12 | DX MBB #1 | BILAT | C4, C5, C6, C7 MB (C4-5, C5-6, C6-7)
   lidocaine 2% 0.5 ml/nerve | fluoro | NRS 7->1
* 2024-07-11 | DX MBB | RIGHT | C5, C6 MB (C5-6) under fluoroscopy
   bupivacaine 0.75% 0.5 ml/nerve | fluoro | NRS 6->2
"""


def test_an_earlier_entry_s_indented_lines_are_that_entry_s() -> None:
    report = check_text(SERIES_LOG)
    assert _sides(report) == {"right": ["C5-C6"]}
    assert {m.name for m in report.extraction.medications} == {"bupivacaine"}


def test_a_field_s_own_legend_reads_its_coded_answer() -> None:
    text = normalize(
        "Imaging modality (1 fluoro, 2 CT, 3 US): 1\n"
        "Contrast (0 none, 1 Omnipaque, 2 Isovue-M): 2     vol: 0.2 mL per target\n"
        "Consent obtained today (0=No 1=Yes) ........ 1\n"
        "Contrast used (0/1) ........ 0\n"
        "Pain now (0-10) ........ 8\n"
    ).text
    assert "Imaging modality: fluoro\n" in text
    assert "Contrast: Isovue-M     vol" in text and "Omnipaque" not in text
    assert "Consent obtained today: Yes\n" in text
    assert "Contrast used: No\n" in text
    assert "Pain now (0-10) ........ 8" in text  # a scale's range is no legend
