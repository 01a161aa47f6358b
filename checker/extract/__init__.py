"""NoteReading (the pipeline's typed hand-off) -> typed Extraction (contract `extraction`),
each fact with its evidence."""

from __future__ import annotations

import datetime as dt

from checker.extract.history import extract_history
from checker.extract.legends import doubt_levels_a_legend_leaves_unmarked
from checker.extract.levels import (
    SUMMARY_SCOPE,
    LevelExtractor,
    region_of,
    side_only_in_the_diagnosis,
)
from checker.extract.medications import MedicationExtractor, split_sedation
from checker.extract.mentions import Mention, NoteMentions
from checker.extract.not_counted import not_counted
from checker.extract.response import ResponseExtractor
from checker.extract.simple import (
    aborted_statements,
    extract_contrast,
    extract_guidance,
    extract_intent,
    extract_procedure,
    extract_workflow,
    no_procedure_statements,
    rf_of_a_non_facet_target,
    steps_denied,
)
from checker.models import (
    PROCEDURES,
    Extraction,
    LevelFact,
    MedicationFact,
    Procedure,
    ReadingWarning,
    ResponseFact,
    WorkflowFact,
    one_of,
)
from checker.pipeline.reading import NoteReading

_NERVE_PROCEDURES = frozenset({"medial_branch_block", "rf_ablation"})
_FACET_PROCEDURES = frozenset({"facet_injection", "medial_branch_block", "rf_ablation"})
# Procedures that treat no facet joint: an epidural's single space, and another procedure
# (trigger points, an occipital or SI-joint block) whose levels name muscles or other targets.
_NO_FACET_JOINT = frozenset({"epidural", "other"})
_INJECTATE = frozenset({"anesthetic", "steroid"})


def _facet_procedure(mentions: NoteMentions, least: int = 1, rf: bool = True) -> Procedure | None:
    """The most named facet procedure of today's text, if named at least `least` times;
    without `rf`, RF ablation is not one (it lesioned another target: sacroiliac lateral
    branches)."""
    facet = _FACET_PROCEDURES if rf else _FACET_PROCEDURES - {"rf_ablation"}
    found = [
        m.value for m in mentions.of("PROCEDURE") if m.value in facet and m.is_today("procedure")
    ]
    # a tie goes to the one named first (a set's order would change from run to run)
    best = max(dict.fromkeys(found), key=found.count) if found else None
    if best is None or found.count(best) < least:
        return None
    return one_of(PROCEDURES, best)


def _aborted_before_injection(
    mentions: NoteMentions, medications: list[MedicationFact], levels: list[LevelFact]
) -> ReadingWarning | None:
    """A procedure the note says was stopped before any needle or injection, with no drug
    injected today, treated no level: the levels it names were the plan. Returns what to
    confirm (an aborted procedure is billed, if at all, with its own modifier)."""
    said = aborted_statements(mentions)
    if not said or any(m.role in _INJECTATE for m in medications):
        return None
    named = ", ".join(sorted({f.level for f in levels}))
    message = "The note says the procedure was stopped before any injection"
    message += f", so {named} count as planned, not treated" if named else ""
    message += (
        ": confirm nothing was injected; a discontinued procedure is reported with its "
        "modifier (-53, or -73/-74 for the facility), not as a completed 64490-64492."
    )
    return ReadingWarning(subject="levels", message=message, evidence=[said[0].evidence])


def _doubted_by_a_stop(
    mentions: NoteMentions, levels: list[LevelFact]
) -> tuple[list[LevelFact], ReadingWarning]:
    """Levels of a note that both describes an injection and says nothing was treated ("No
    medial branches were blocked" in a late entry correcting a template line): the two
    sources disagree, so no level is certain until the physician confirms which were done,
    and the note says so (the warning)."""
    stop = aborted_statements(mentions)[0].evidence
    doubt = (
        f'The note says "{stop.text}" but also describes an injection: confirm which levels, '
        "if any, were treated before coding 64490-64492."
    )
    doubted = [f if f.uncertain else f.model_copy(update={"uncertain": doubt}) for f in levels]
    return doubted, ReadingWarning(
        subject="levels", message=doubt, evidence=[stop, *levels[0].evidence[:1]]
    )


# Words that make a later "NO bupivacaine was injected" a correction of an earlier drug line
# rather than a note about one level: the sentence says the earlier text was wrong.
_CORRECTION_WORDS = frozenset(
    {"incorrect", "incorrectly", "error", "erroneously", "template", "void", "corrected"}
    | {"correction", "addendum", "late", "clarifying", "clarify"}
)


def _drugs_a_correction_withdraws(
    mentions: NoteMentions, medications: list[MedicationFact]
) -> tuple[list[MedicationFact], list[ReadingWarning]]:
    """A drug the note lists and later, in a sentence that corrects it ("The bupivacaine
    line is template text and is incorrect: ... NO bupivacaine was injected" in a late
    entry), says was not given: the correction is the final signed word, so the drug is
    not listed, with a warning to confirm. A drug named again after the correction stays."""
    denials = [m for m in mentions.of("DRUG") if m.negated and _in_a_correction(mentions, m)]
    if not denials:
        return medications, []
    kept: list[MedicationFact] = []
    warnings: list[ReadingWarning] = []
    for medication in medications:
        denial = next(
            (
                m
                for m in denials
                if m.value == medication.name
                and all(e.end <= m.start_char for e in medication.evidence)
            ),
            None,
        )
        if denial is None:
            kept.append(medication)
            continue
        # the reading-conflict gap: what was injected decides which levels were treated
        warnings.append(
            ReadingWarning(
                subject="levels",
                message=(
                    f"{medication.name} is listed, but a later correction says it was not "
                    "given: the correction is used, confirm nothing of it was injected."
                ),
                evidence=[*medication.evidence[:1], denial.evidence],
            )
        )
    return kept, warnings


def _in_a_correction(mentions: NoteMentions, mention: Mention) -> bool:
    doc = mentions.doc
    end = mentions.reading.sentence_end(mention.sent)
    return any(token.lower_ in _CORRECTION_WORDS for token in doc[mention.sent : end])


# Steps that show a procedure was at least begun: a visit with them is an attempt (aborted
# or done), never a visit without a procedure.
_STEPS_OF_AN_ATTEMPT = ("timeout", "sterile_prep", "local_anesthesia")
# the no-procedure statement of a case cancelled before its first steps
_CANCELLED_BEFORE = "cancelled_before"


def _visit_without_procedure(
    mentions: NoteMentions, medications: list[MedicationFact], workflow: WorkflowFact
) -> ReadingWarning | None:
    """A visit the note says had no procedure ("No procedure today", "PROCEDURE DEFERRED",
    "None performed today") and that shows none begun: no injectate, no drug given in a
    measured volume, no time-out, prep or skin local, no lesioning, nothing stopped part-way. The
    levels, drugs and steps it names are then the plan's or an earlier visit's (a careful
    coder reads a clinic visit's "right C5-6, C6-7 MBB" in the HPI or plan that way). A
    note that says both is an attempt and keeps its reading."""
    said = no_procedure_statements(mentions)
    if not said:
        return None
    if aborted_statements(mentions) and not _stopped_before_it_began(mentions, said):
        return None  # stopped part-way: an attempt of the procedure it names
    # A case cancelled before its first steps ("cancelled before consent was signed") gave
    # none of the drugs its order lists ("Injectate: bupivacaine 0.5%, 0.5 mL per nerve"):
    # only a time-out, prep or skin local would show it begun after all.
    cancelled_before = any(m.value == _CANCELLED_BEFORE for m in said)
    if cancelled_before:
        workflow = _without_a_listed_skin_local(medications, workflow)
    if _something_begun(mentions, [] if cancelled_before else medications, workflow):
        return None
    return ReadingWarning(
        subject="levels",
        message=(
            "The note says no procedure was done at this visit: the levels and drugs it "
            "names are planned or from an earlier visit, so no 64490-64492 is supported; "
            "confirm no procedure charge is billed for this date."
        ),
        evidence=[said[0].evidence],
    )


def _without_a_listed_skin_local(
    medications: list[MedicationFact], workflow: WorkflowFact
) -> WorkflowFact:
    """The steps of a case cancelled before its first steps, without a skin local that only
    its pre-filled drug list names ("Medications: ... lidocaine 1% skin", no volume): a
    listed drug is the order, not a wheal raised. A skin local described as given (its own
    words, or a measured volume) still shows the case begun."""
    listed = [
        e
        for m in medications
        if m.role == "skin_local" and not (m.volume_ml_per_level or m.volume_ml_total)
        for e in m.evidence
    ]
    evidence = workflow.evidence.get("local_anesthesia", [])
    if not workflow.local_anesthesia or not evidence or not all(e in listed for e in evidence):
        return workflow
    return workflow.model_copy(update={"local_anesthesia": False})


def _stopped_before_it_began(mentions: NoteMentions, said: list[Mention]) -> bool:
    """A stop the note places before the procedure's first steps: "cancelled before consent
    or prep", or the steps denied ("No time-out, no prep"). Such a case is a visit with no
    procedure, not an aborted attempt."""
    if any(m.value == _CANCELLED_BEFORE for m in said):
        return True
    return bool(steps_denied(mentions) & set(_STEPS_OF_AN_ATTEMPT))


def _something_begun(
    mentions: NoteMentions, medications: list[MedicationFact], workflow: WorkflowFact
) -> bool:
    """Whether the note shows a procedure begun today: an injectate or a drug given in a
    measured volume, a time-out, prep or skin local, or lesioning described."""
    if any(m.role in _INJECTATE or m.volume_ml_per_level or m.volume_ml_total for m in medications):
        return True
    if any(getattr(workflow, step) for step in _STEPS_OF_AN_ATTEMPT):
        return True
    # lesioning described ("80 C for 90 s"): RF was done
    return any(m.is_today("procedure") for m in mentions.of("RF_TECHNIQUE"))


def _the_attempt_aborted(
    mentions: NoteMentions, medications: list[MedicationFact], workflow: WorkflowFact
) -> Mention | None:
    """The facet procedure an aborted attempt had begun (time-out, prep or skin wheals done,
    then stopped) when the note names it only as scheduled ("Scheduled: bilateral C4-C7
    medial branch blocks" over "C-arm faulted ... abort"): the attempt keeps that type, with
    no level treated."""
    if not aborted_statements(mentions) or not _something_begun(mentions, medications, workflow):
        return None
    return next(
        (
            m
            for m in mentions.of("PROCEDURE")
            if m.value in _FACET_PROCEDURES - {"rf_ablation"} and m.section != "plan"
        ),
        None,
    )


def _procedures_named_only_for_other_dates(mentions: NoteMentions) -> bool:
    """Whether the note names a procedure, and every one it names is of another date
    (requested, planned, done before) rather than today's."""
    named = mentions.of("PROCEDURE")
    return bool(named) and not any(m.is_today("procedure") for m in named)


def _levels_of_the_summary(
    mentions: NoteMentions, procedure: str, reader: LevelExtractor
) -> tuple[LevelExtractor, list[LevelFact], list[LevelFact]]:
    """The levels an impression says were treated ("Successful right C4-5, C5-6 and C6-7
    medial branch blocks") when the description names none ("needles at the three
    targets"), with a warning: the description does not say which levels it treated."""
    summary = LevelExtractor(mentions, procedure in _NERVE_PROCEDURES, scope=SUMMARY_SCOPE)
    levels, unsided = summary.extract()
    if not levels and not unsided:
        return reader, [], []
    named = ", ".join(sorted({f"{f.side} {f.level}" for f in levels} | {f.level for f in unsided}))
    summary.warnings.append(
        ReadingWarning(
            subject="levels",
            message=(
                f"The levels ({named}) are named only in the impression, not in the "
                "description of the procedure: confirm they were the levels injected."
            ),
            evidence=[e for f in levels + unsided for e in f.evidence[:1]][:3],
        )
    )
    return summary, levels, unsided


def extract(reading: NoteReading, date_of_service: dt.date | None = None) -> Extraction:
    """Facts of one note, from what the pipeline read in it; `date_of_service` is the
    note's own (its input's metadata), which tells today's rows from earlier ones."""
    mentions = NoteMentions(reading, date_of_service)
    procedure, procedure_evidence = extract_procedure(mentions)
    level_reader = LevelExtractor(mentions, procedure in _NERVE_PROCEDURES)
    levels, unsided = level_reader.extract()
    if not levels and not unsided and procedure in _FACET_PROCEDURES:
        level_reader, levels, unsided = _levels_of_the_summary(mentions, procedure, level_reader)
    # beside an epidural, a facet procedure named once is more often its history or an
    # explanation of the difference than a second procedure of the day
    least = 2 if procedure == "epidural" else 1
    facet_work = None
    if procedure in _NO_FACET_JOINT:
        # an RF ablation of a non-facet target is the other procedure, not a facet one
        rf = procedure != "other" or not rf_of_a_non_facet_target(mentions)
        facet_work = _facet_procedure(mentions, least, rf)
    if facet_work is not None:
        # A facet session with a trigger point, occipital block or epidural the same day:
        # the facet part names the joint levels, so it is the procedure checked here.
        facet_reader = LevelExtractor(mentions, facet_work in _NERVE_PROCEDURES)
        facet_levels, facet_unsided = facet_reader.extract()
        if facet_levels or facet_unsided:
            procedure, level_reader = facet_work, facet_reader
            levels, unsided = facet_levels, facet_unsided
            procedure_evidence = [
                m.evidence
                for m in mentions.of("PROCEDURE")
                if m.value == facet_work and m.is_today("procedure")
            ][:3]
    if not levels and procedure in _FACET_PROCEDURES:
        levels, unsided, diagnosis_side = side_only_in_the_diagnosis(mentions, unsided)
        if diagnosis_side is not None:
            level_reader.warnings.append(diagnosis_side)
    guidance, guidance_evidence, guidance_warning = extract_guidance(mentions)
    medications, sedation = split_sedation(
        MedicationExtractor(
            mentions,
            facet_session=procedure is None or procedure in _FACET_PROCEDURES,
            procedure=procedure,
        ).extract()
    )
    medications, withdrawn = _drugs_a_correction_withdraws(mentions, medications)
    skin_evidence = [e for m in medications if m.role == "skin_local" for e in m.evidence[:1]]
    workflow = extract_workflow(mentions, skin_evidence, sedation, procedure)
    no_procedure = _visit_without_procedure(mentions, medications, workflow)
    if no_procedure is not None:
        return _without_procedure(mentions, no_procedure)
    if procedure is None:
        started = _the_attempt_aborted(mentions, medications, workflow)
        if started is not None:
            procedure, procedure_evidence = one_of(PROCEDURES, started.value), [started.evidence]
    # A visit naming no procedure of today and showing none begun (a follow-up, an
    # examination): its consent talk, risks and pain scores belong to the history or the
    # plan, not to a procedure of this date.
    nothing_today = procedure is None and not _something_begun(mentions, medications, workflow)
    if nothing_today:
        workflow = WorkflowFact()
        if _procedures_named_only_for_other_dates(mentions):
            # nor are its levels and imaging when the procedures it names are all requested,
            # planned or past ("findings localize to C5-6 and C6-7", "fluoroscopic guidance
            # is medically necessary" in a review letter); a note naming no procedure at all
            # keeps its levels for a coder to confirm
            levels, unsided = [], []
            level_reader.warnings = [w for w in level_reader.warnings if w.subject != "levels"]
            guidance, guidance_evidence, guidance_warning = None, [], None
    aborted = _aborted_before_injection(mentions, medications, levels + unsided)
    if aborted is not None:
        levels, unsided = [], []
        level_reader.warnings.append(aborted)
    elif levels and aborted_statements(mentions):
        levels, doubt = _doubted_by_a_stop(mentions, levels)
        level_reader.warnings.append(doubt)
    # A case cancelled before anything of it began (no time-out, prep or skin local) has no
    # procedure to score: the pre-op nurse's "Pain: 6/10" is not a pre-procedure score.
    begun = aborted is None or any(getattr(workflow, step) for step in _STEPS_OF_AN_ATTEMPT)
    # A visit that names no procedure of today and gives no drug (a follow-up visit, an
    # examination, a case cancelled at check-in) has no procedure to score either: its
    # "Pain today 6/10" is the visit's score, not a pre-procedure one.
    begun = begun and (procedure is not None or bool(medications))
    if procedure in _NO_FACET_JOINT:
        # An epidural's interspace or foramen is no facet joint, whatever side it was
        # approached from, and trigger points "at R C4-C6 paraspinals" are muscles: they
        # treat no facet level and so give no region (conventions 1, 3).
        levels, unsided = [], []
        level_reader.warnings = [w for w in level_reader.warnings if w.subject != "levels"]
    legend_doubt, levels = doubt_levels_a_legend_leaves_unmarked(mentions.reading.text, levels)
    if legend_doubt is not None:
        level_reader.warnings.append(legend_doubt)
    ordered = sorted(levels, key=lambda f: (f.side != "right", f.level))
    # region follows the levels listed: a joint whose side is never written does not
    # change it, unless no level has a side (convention 3)
    region = region_of([f.level for f in levels] or [f.level for f in unsided])
    extraction = Extraction(
        region=region,
        procedure=procedure,
        procedure_evidence=procedure_evidence,
        intent=extract_intent(mentions),  # as stated; defaults are the rules' readings
        levels=ordered,
        guidance=guidance,
        guidance_evidence=guidance_evidence,
        contrast=extract_contrast(mentions),
        medications=medications,
        sedation_medications=sedation,
        response=(
            ResponseExtractor(mentions, region).extract()
            if begun and not nothing_today
            else ResponseFact()
        ),
        workflow=workflow,
        history=extract_history(mentions),
        not_counted=not_counted(mentions),
    )
    extraction.reading_warnings = level_reader.warnings + withdrawn
    if guidance_warning is not None:
        extraction.reading_warnings.append(guidance_warning)
    extraction.levels_unsided = [f.level for f in unsided]
    extraction.levels_unsided_evidence = [e for f in unsided for e in f.evidence]
    return extraction


def _without_procedure(mentions: NoteMentions, said: ReadingWarning) -> Extraction:
    """The reading of a visit without a procedure: nothing of today's procedure, the
    patient's history kept for the payer checks."""
    extraction = Extraction(
        procedure_performed=False,
        history=extract_history(mentions),
        not_counted=not_counted(mentions),
    )
    extraction.reading_warnings = [said]
    return extraction
