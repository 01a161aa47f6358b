"""Levels documented by reference: one level described in full and the others "likewise",
"the same was repeated at ...", "as previously described". The levels repeated are done as
the one described (its side, and as nerves of the same run); a comparison with an earlier
visit's side names no side for today."""

from __future__ import annotations

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


def test_likewise_at_joints_takes_the_side_of_the_joint_described(check):
    note = (
        "PROCEDURE: Cervical facet joint injections\n"
        "Consent signed. Time-out done. Pre pain 7/10.\n"
        "Technique: prone, chlorhexidine prep. Under fluoroscopy the right C3-4 facet joint\n"
        "was entered with a 25-gauge needle and 0.5 mL of 0.25% bupivacaine was injected.\n"
        "\n"
        "Likewise at C4-5 and C5-6: same needle, same injectate.\n"
        "Post pain 2/10. Observed 20 minutes. No complications.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C3-C4"), (R, "C4-C5"), (R, "C5-C6")}
    assert not report.extraction.levels_unsided


def test_likewise_at_nerves_continues_the_run_of_the_nerve_described(check):
    note = (
        "Procedure: left medial branch blocks\n"
        "Consent signed. Time-out done. Pre pain 6/10.\n"
        "\n"
        "Left C4 medial branch: under fluoroscopy a 25-gauge needle to the waist of the\n"
        "pillar, 0.5 mL 0.5% bupivacaine.\n"
        "\n"
        "Likewise at C5 and C6.\n"
        "Post pain 1/10. Observed 15 minutes. No complications.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-LT", "64491-LT"]


def test_the_same_repeated_at_nerves_joins_the_pillar_described_before(check):
    note = (
        "Procedure: right medial branch blocks under fluoroscopy\n"
        "Consent signed. Time-out done. Pre pain 6/10.\n"
        "The waist of the right C4 articular pillar was identified on a lateral view. A needle\n"
        "was placed there and 0.5 mL of 0.5% bupivacaine was injected.\n"
        "The same was repeated at the right C5 and C6 medial branches.\n"
        "Post pain 1/10. Observed 15 minutes. No complications.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (R, "C5-C6")}


def test_likewise_beside_transverse_processes_adds_no_nerve(check):
    # the thoracic landmarks are the vertebrae below the nerves: no nerve is read from them
    # (T5, T6 and T7 medial branches block T6-T7 and T7-T8)
    note = (
        "Procedure: Right T5, T6, T7 medial branch blocks\n"
        "Consent signed. Time-out done. Pre pain 6/10.\n"
        "Right T5 medial branch: under fluoroscopy a needle to the T6 transverse process,\n"
        "0.5 mL 2% lidocaine.\n"
        "Likewise at T6 and T7 (needles to the T7 and T8 transverse processes).\n"
        "Post pain 2/10. Observed 20 minutes. No complications.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "T6-T7"), (R, "T7-T8")}
    assert not report.codes.supports_64492


def test_blocked_as_previously_described_is_todays_work(check):
    note = (
        "PROCEDURES PERFORMED: Right C4 and C5 and left C5 and C6 medial branch blocks\n"
        "Consent signed. Time-out done. Pre pain 8/10.\n"
        "\n"
        "Right C4 and C5 medial branches: under fluoroscopy a 22-gauge needle to the waist\n"
        "of each pillar, contrast without vascular uptake, 0.5 mL 0.5% bupivacaine each.\n"
        "\n"
        "Left C5 and C6 medial branches: blocked as previously described, 0.5 mL each.\n"
        "Post pain 2/10. Observed 30 minutes. No complications.\n"
    )
    report = check(note)
    assert levels(report) == {(R, "C4-C5"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-50"]


def test_same_technique_as_an_earlier_visits_other_side_copies_no_level(check):
    note = (
        "Procedure: Left cervical medial branch blocks C4-5 and C5-6\n"
        "History: right-sided blocks in March helped the right side.\n"
        "Consent signed. Time-out done. Pre pain 5/10.\n"
        "Procedure: Same technique as her March right-sided blocks. Under fluoroscopy a\n"
        "needle was placed at the medial branches of the left C4-5 and C5-6 joints, 0.5 mL\n"
        "2% lidocaine at each.\n"
        "Post pain 1/10. Observed 15 minutes. No complications.\n"
    )
    report = check(note)
    assert levels(report) == {(L, "C4-C5"), (L, "C5-C6")}
    assert report.codes.supported == ["64490-LT", "64491-LT"]
