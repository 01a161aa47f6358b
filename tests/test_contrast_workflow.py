"""Contrast used or not, workflow flags and complications as a careful coder reads them."""

import pytest

PROCEDURE = "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"


@pytest.mark.parametrize(
    ("sentence", "used", "agent"),
    [
        ("Contrast: No", False, None),
        ("Contrast: None. Needles placed at each level.", False, None),
        ("Contrast: Yes   Agent: Omnipaque 300", True, "iohexol"),
        ("- Omnipaque 180: 0.3 mL per needle, no vascular spread", True, "iohexol"),
        (
            "No contrast was used because of her iodinated contrast allergy; "
            "no intravascular spread was seen.",
            False,
            None,
        ),
        ("Good spread of injectate seen. No contrast was used.", False, None),
        ("Good spread of contrast seen on the lateral view.", True, None),
    ],
)
def test_contrast_used_or_not(check, sentence, used, agent):
    contrast = check(PROCEDURE + sentence).extraction.contrast
    assert (contrast.used, contrast.agent) == (used, agent)


def workflow(check, text):
    return check(PROCEDURE + text).extraction.workflow


@pytest.mark.parametrize(
    ("text", "complications"),
    [
        (
            "Risks including bleeding, infection and nerve injury were discussed. Consent signed.",
            None,
        ),
        ("Consent: risks (bleeding, hematoma, vasovagal) reviewed and consent signed.", None),
        ("No complications.", "none"),
        ("Complications: [X] None  [ ] Vasovagal  [ ] Other", "none"),
        ("COMPLICATIONS:\nNONE.", "none"),
        ("A brief vasovagal episode occurred after the second level.", "vasovagal"),
        (
            "Before the first needle reached its target she became diaphoretic, HR 42. "
            "Needle withdrawn, legs raised.",
            "became diaphoretic",
        ),
        (
            "She became diaphoretic and pale with a HR of 40: a vasovagal episode.",
            "vasovagal",
        ),
        (
            "Risks including bleeding were explained and consent was signed. "
            "A small hematoma formed at the C5-6 entry site. No other complications.",
            "hematoma",
        ),
    ],
)
def test_complications_are_events_not_consent_risks(check, text, complications):
    assert workflow(check, text).complications == complications


@pytest.mark.parametrize(
    "insurance",
    [
        "WORK COMP PROCEDURE REPORT",
        "Workers' Comp -- Operative Note",
        "Carrier: Lakeside Comp Ins.  Claim 41-0077",
        "Financial class: WORKERS COMP",
    ],
)
def test_workers_compensation_is_no_complication(check, insurance):
    """ "Comp" of workers' compensation (a report title, the carrier) is the insurance line,
    not a complication: only the note's own complications line counts."""
    report = check(f"{insurance}\n{PROCEDURE}Observed 20 minutes. Complications: none.\n")
    assert report.extraction.workflow.complications == "none"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Background: neck pain for a year. Written consent was obtained.", "consent"),
        ("Indication: neck pain. A time-out was completed. Skin prepped.", "timeout"),
        ("Consent signed. TO done. Chlorhex prep.", "timeout"),
        ("Consent ✓  TO ✓  Prep ✓", "timeout"),
        ("✓ consent   ✓ TO   ✓ skin prep", "timeout"),
        ("☑ consent  ☑ T/O 09:40  ☑ drape", "timeout"),
        ("[x] consent   [x] T/O   [x] drape", "timeout"),
        ("☑ consent  ☑ time-out  ☑ prep", "sterile_prep"),
        ("✓ consent   ✓ TO   ✓ skin prep", "sterile_prep"),
        ("[x] consent   [x] T/O   [x] prep", "sterile_prep"),
        ("WHO checklist completed.", "timeout"),
        (
            "He was monitored in recovery for 20 minutes and discharged, plan is RF ablation "
            "if he will respond.",
            "observation",
        ),
    ],
)
def test_workflow_step_written_as_done(check, text, flag):
    assert getattr(workflow(check, text), flag) is True


@pytest.mark.parametrize(
    "text",
    [
        "Plan: consent will be obtained at the next visit.",
        "History: prior block in 2023 was done without a time-out being recorded.",
        "☐ consent   ☐ T/O   ☐ drape",
        "[ ] consent   [ ] TO",
        "☐ consent  ☐ time-out  ☐ prep",
        "✗ consent  ✗ T/O  ✗ prep",
    ],
)
def test_workflow_step_not_done(check, text):
    flags = workflow(check, text)
    assert not flags.consent and not flags.timeout and not flags.sterile_prep


@pytest.mark.parametrize("cross", ["✗ no contrast", "✗ No contrast", "✘ none: no contrast"])
def test_a_cross_before_a_no_keeps_the_no(check, cross):
    assert check(PROCEDURE + cross + "\n").extraction.contrast.used is False


def test_monitoring_between_two_sides_is_not_observation(check):
    text = (
        "0.5 mL of 0.5% bupivacaine was injected at the right C4-5 and C5-6. "
        "The patient was monitored. Then 0.5 mL of 0.5% bupivacaine was injected at the "
        "left C4-5 and C5-6. Discharged home."
    )
    assert workflow(check, text).observation is False


def test_monitored_for_a_while_between_sides_is_not_observation(check):
    text = (
        "0.5 mL of 0.5% bupivacaine was injected at the right C4-5 and C5-6.\n\n"
        "The patient was monitored for a few minutes between sides; vitals were unchanged.\n\n"
        "The left C4-5 and C5-6 were then injected the same way. Discharged home."
    )
    assert workflow(check, text).observation is False


def test_skin_wheals_the_patient_declined_are_not_local_anesthesia(check):
    text = PROCEDURE + (
        "SKIN LOCAL: None used (patient declined skin wheals).\n"
        "INJECTATE: Lidocaine 2%, 0.5 mL per nerve.\n"
    )
    assert workflow(check, text).local_anesthesia is False


@pytest.mark.parametrize(
    "text",
    [
        "She declined skin local anesthetic, stating the skin wheal bothers her more than the "
        "needle, so no local skin anesthetic was used.",
        "Before skin infiltration the patient became pale and diaphoretic. The procedure was "
        "aborted. No local anesthetic, contrast or injectate was administered.",
        "Skin local: none. Patient prefers no skin wheal.",
        "Local anesthesia: declined by the patient; the needle track was not infiltrated.",
    ],
)
def test_a_step_said_not_done_is_not_documented_by_a_passing_mention(check, text):
    assert workflow(check, text).local_anesthesia is False


@pytest.mark.parametrize(
    "text",
    [
        "No local anesthetic was used on the right. On the left the skin was anesthetized "
        "with 1% lidocaine.",
        "Skin wheal declined at the right. At the left the skin was infiltrated with 1% "
        "lidocaine, 1 mL.",
    ],
)
def test_a_step_done_after_all_is_still_documented(check, text):
    assert workflow(check, text).local_anesthesia is True


def test_a_risk_list_after_an_abbreviation_is_not_a_complication(check):
    text = PROCEDURE + (
        "Consent: Written consent obtained; risks incl. infection, bleeding, dural puncture "
        "explained. No complications."
    )
    assert check(text).extraction.workflow.complications == "none"


def test_eval_scores_complications_only_where_gold_has_the_key(check):
    from checker.evaluate import evaluate

    report = check(PROCEDURE + "Risks including bleeding were discussed. No complications.")
    gold = {"id": "test", "levels": {"right": ["C4-C5", "C5-C6"], "left": []}}
    unlabelled = evaluate([report], {"test": gold}, id_of=lambda r: "test")
    assert "complications" not in unlabelled.fields
    labelled = evaluate([report], {"test": gold | {"complication": True}}, id_of=lambda r: "test")
    assert labelled.fields["complications"].fn == 1
    assert "complications" in labelled.differences["test"]


@pytest.mark.parametrize(
    ("sentence", "used"),
    [
        ("Contrast: [ ] Yes [x] No", False),
        ("Contrast: [x] Yes [ ] No   Agent: (not recorded)", True),
        ("Contrast: (X) Yes ( ) No", True),
        ("Contrast: ☐ Yes ☒ No", False),
    ],
)
def test_contrast_checkbox_answer(check, sentence, used):
    assert check(PROCEDURE + sentence).extraction.contrast.used is used


@pytest.mark.parametrize(
    ("line", "timeout"),
    [
        ("Time-out: [ ]", False),
        ("Time-out: not recorded", False),
        ("Time-out: N", False),
        ("Time-out: [x]", True),
        ("Time-out: Y", True),
        ("Time-out: performed with the nurse", True),
        ("Time-out: yes    Drains: none", True),
        ("Time-out: no    Allergies: yes", False),
    ],
)
def test_workflow_field_answer(check, line, timeout):
    assert workflow(check, "Consent: signed\n" + line + "\n").timeout is timeout


def test_ticked_none_after_several_unticked_agents(check):
    line = "Contrast:  [ ] Omnipaque  [ ] Isovue  [ ] Visipaque  [X] None - given allergy"
    assert check(PROCEDURE + line).extraction.contrast.used is False


def test_procedure_told_under_an_indication_header(check):
    text = (
        "Left C4-5 and C5-6 facet joint injections\n\n"
        "Indication: neck pain for a year, worse on rotation. Informed consent was signed. "
        "A time-out was completed. The skin was anesthetized with 1% lidocaine at each entry "
        "site. No contrast agent was administered.\n\n"
        "Left C4-5: 0.5 mL of 0.25% bupivacaine was injected into the joint.\n"
    )
    ex = check(text).extraction
    assert (ex.workflow.consent, ex.workflow.timeout) == (True, True)
    assert ex.contrast.used is False
    assert {(m.name, m.role) for m in ex.medications} == {
        ("lidocaine", "skin_local"),
        ("bupivacaine", "anesthetic"),
    }


def test_history_paragraph_without_todays_steps_keeps_its_drugs_out(check):
    text = (
        "History: neck pain for a year. A previous block with 0.5% bupivacaine gave 80% "
        "relief. Physical therapy failed.\n\n"
        "Procedure: Left C4-5 facet joint injection under fluoroscopy. Consent signed. "
        "0.5 mL of 2% lidocaine was injected into the joint.\n"
    )
    ex = check(text).extraction
    assert [(m.name, m.role) for m in ex.medications] == [("lidocaine", "anesthetic")]


def test_observation_field_above_the_drug_table_is_observation(check):
    text = (
        "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"
        "Observation: monitored in recovery 15 min\n"
        "Complications: none\n\n"
        "Nerve | Side | Drug\n"
        "C4 MB | R | bupivacaine 0.5% 0.5 mL\n"
        "C5 MB | R | bupivacaine 0.5% 0.5 mL\n"
    )
    assert workflow(check, text).observation is True


@pytest.mark.parametrize(
    ("fields", "consent", "timeout"),
    [
        # export fields answered no: the answer decides, whatever separates it from the label
        ("consent,Y\ntimeout,N\n", True, False),
        ("| Consent | Signed |\n| Time-out | No |\n", True, False),
        ("consent = yes\ntimeout = no\n", True, False),
        # template blanks and unanswered pick-lists document nothing
        ("Informed consent obtained: {Yes/No:21345}\nTime out performed: ***\n", False, False),
        ("Consent: ___\nTime-out: {YES/NO:19876}\n", False, False),
    ],
)
def test_form_field_answers_in_exports_and_templates(check, fields, consent, timeout):
    flags = check(PROCEDURE + fields).extraction.workflow
    assert (flags.consent, flags.timeout) == (consent, timeout)


def test_an_unanswered_contrast_pick_list_is_not_contrast_given(check):
    contrast = check(PROCEDURE + "Contrast: {Omnipaque/Isovue/None:30122}\n").extraction.contrast
    assert contrast.used is None


@pytest.mark.parametrize(
    "field", ["Guidance: CT\n", "| Guidance | CT |\n", "guidance,CT\n", "Modality: CT\n"]
)
def test_ct_answered_in_a_guidance_field(check, field):
    text = "PROCEDURE: Right T4-5 and T5-6 facet joint injections.\n" + field
    assert check(text).extraction.guidance == "ct"


@pytest.mark.parametrize(
    ("text", "flag", "done"),
    [
        ("Prep: Y", "sterile_prep", True),
        ("Skin prep: done", "sterile_prep", True),
        ("Prep: [x]", "sterile_prep", True),
        ("Prep: N", "sterile_prep", False),
        ("Prep: ***", "sterile_prep", False),
        ("Patient taken to the pre-op prep area.", "sterile_prep", False),
        ("Local: Y", "local_anesthesia", True),
        ("Anesthesia: local", "local_anesthesia", False),
        ("Monitored in recovery: {Yes/No:123}", "observation", False),
        ("Patient observed in PACU: ***", "observation", False),
        ("Monitored in recovery for *** minutes.", "observation", True),
        ("Skin local: [ ] lidocaine [ ] none", "local_anesthesia", False),
        ("Skin local: [x] lidocaine 1% [ ] none", "local_anesthesia", True),
        ("Time-out: [ ] done", "timeout", False),
        ("Time out: ( ) Yes ( ) No", "timeout", False),
        (
            "Time-Out: Performed - correct patient, side (RIGHT), procedure confirmed.",
            "timeout",
            True,
        ),
    ],
)
def test_a_form_field_documents_its_step_by_its_answer(check, text, flag, done):
    assert getattr(workflow(check, text), flag) is done


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            "Safety:   Consent signed ☒     Time-out ☐     Sterile prep/drape ☒\n",
            {"consent": True, "timeout": False, "sterile_prep": True},
        ),
        (
            "Consent signed [X]   Time-out [X]   Sterile prep/drape [ ]\n",
            {"consent": True, "timeout": True, "sterile_prep": False},
        ),
        ("Observed in recovery 30 min ☐\n", {"observation": False}),
        ("Observed in recovery 30 min ☒\n", {"observation": True}),
    ],
)
def test_a_box_after_each_option_answers_for_that_option(check, form, expected):
    found = check(PROCEDURE + form).extraction.workflow
    assert {step: getattr(found, step) for step in expected} == expected


def test_boxes_before_their_options_still_answer_for_the_option_after(check):
    text = PROCEDURE + "Safety: ☒ Consent signed ☐ Time-out ☒ Sterile prep\n"
    found = check(text).extraction.workflow
    assert (found.consent, found.timeout, found.sterile_prep) == (True, False, True)


@pytest.mark.parametrize(
    ("line", "complications"),
    [
        ("Complications:   None ☒   Vasovagal ☐   Bleeding ☐", "none"),
        ("Complications:   None ☐   Vasovagal ☒   Bleeding ☐", "Vasovagal"),
        ("Complications: ☐ None ☒ Vasovagal ☐ Bleeding", "Vasovagal"),
        ("Complications: ☒ None ☐ Vasovagal ☐ Bleeding ☐ Other: ____", "none"),
    ],
)
def test_a_complication_box_says_what_happened(check, line, complications):
    assert workflow(check, line).complications == complications


@pytest.mark.parametrize(
    ("line", "observed"),
    [
        ("Post-procedure observation:   15 min ☐   30 min ☒", True),
        ("Post-procedure observation:   15 min ☐   30 min ☐", False),
        ("Post-procedure observation:   None ☒   30 min ☐", False),
        ("Post-procedure: VSS x 20 min, discharged home ambulatory.", True),
    ],
)
def test_observation_from_a_form_or_a_vital_signs_stay(check, line, observed):
    text = PROCEDURE + "0.5 mL of 0.5% bupivacaine at each nerve.\n" + line
    assert check(text).extraction.workflow.observation is observed


@pytest.mark.parametrize(
    ("text", "flag", "done"),
    [
        ("cx signed; TO done; chlorhex x3", "consent", True),
        ("verbal cx; no TO needed (office)", "consent", True),
        ("cx: y // TO: y // prep: chg", "consent", True),
        ("cx: signed, on chart", "consent", True),
        ("no cx on file today", "consent", False),
        ("cx for RFA reviewed + signed today", "consent", False),
        ("cx signed / TO y / chlorhex y", "timeout", True),
        ("TO 0812 done", "timeout", True),
        ("t/o performed", "timeout", True),
        ("timeout ✓", "timeout", True),
        ("TO: y   prep: chloraprep", "timeout", True),
        ("TO:\nsterile prep betadine", "timeout", False),
        ("verbal cx; no TO needed (office)", "timeout", False),
        ("walked to the room; chlorhex; drape", "sterile_prep", True),
        ("betadine prep", "sterile_prep", True),
    ],
)
def test_terse_shorthand_workflow_steps(check, text, flag, done):
    assert getattr(workflow(check, text), flag) is done


@pytest.mark.parametrize(
    ("text", "complications"),
    [
        ("obs 20 min\n- comp", "none"),
        ("tol well, no comp", "none"),
        ("comp: none", "none"),
        ("nil comp", "none"),
        (
            "lido skin wheal -> pt diaphoretic, HR 44 = vasovagal\nno block needle placed.",
            "vasovagal",
        ),
        ("No complications. Call your doctor for fever or bleeding at the site.", "none"),
        ("Events:\n- vasovagal episode, resolved supine", "vasovagal"),
    ],
)
def test_terse_and_discharge_complications(check, text, complications):
    assert workflow(check, text).complications == complications


@pytest.mark.parametrize(
    ("text", "observed"),
    [("obs: d/c home", False), ("obs: 20 min, vss", True), ("obs 20 min -> home", True)],
)
def test_an_observation_field_answered_by_the_discharge_is_no_observation(check, text, observed):
    assert workflow(check, text).observation is observed


@pytest.mark.parametrize(
    ("text", "flag", "done"),
    [
        ("consent + / TO + / prep +", "consent", True),
        ("consent - / TO + / prep +", "consent", False),
        ("consent - / TO + / prep +", "timeout", True),
        ("consent ok - signed", "consent", True),
        ("cx signed; TO -; chlorhex", "timeout", False),
    ],
)
def test_plus_and_minus_marks_say_present_or_absent(check, text, flag, done):
    assert getattr(workflow(check, text), flag) is done


@pytest.mark.parametrize(
    ("text", "consent"),
    [
        ("Plan: RFA next month; consent for RFA signed today.", False),
        ("cx for RFA reviewed + signed today", False),
        ("Consent for the medial branch blocks was signed.", True),
        ("hx: b/l c5/6 FJI 2023\ncx signed, TO done", True),
    ],
)
def test_a_consent_for_another_procedure_is_not_todays(check, text, consent):
    assert workflow(check, text).consent is consent


def test_event_told_in_the_past_tense_during_todays_procedure_is_a_complication(check):
    """ "The patient had a brief vasovagal episode" in today's description happened today;
    past tense is how procedure notes are written."""
    report = check(
        "Procedure: Right C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "Consent signed. Time-out performed. Prepped and draped.\n"
        "22g needles into the right C5-6 and C6-7 joints, 0.5 mL 0.5% bupivacaine each.\n"
        "During needle placement the patient had a brief vasovagal episode, resolved with\n"
        "leg elevation. Observed 30 minutes.\n"
    )
    assert report.extraction.workflow.complications not in (None, "none")


def test_event_far_past_the_consent_in_a_run_on_dictation_is_a_complication(check):
    """An unpunctuated dictation runs the consent, the prep and the event into one sentence:
    the event dictated long after the consent happened; a risk list sits beside it."""
    report = check(
        "this is a procedure note the planned procedure was right C5-6 and C6-7 facet joint\n"
        "injections under fluoroscopy informed consent was signed and we did the time out\n"
        "she was placed prone and prepped with chlorhexidine and draped an AP fluoro image\n"
        "was obtained to mark the right C5-6 entry site one percent lidocaine was given at\n"
        "the skin and before any spinal needle was placed she became pale and sweaty and her\n"
        "heart rate dropped she had a vasovagal reaction\n"
    )
    assert report.extraction.workflow.complications == "vasovagal"
    risks = check(
        "informed consent was signed after we discussed bleeding infection nerve injury and a\n"
        "vasovagal reaction and we did the time out right C5-6 facet joint injection\n"
    )
    assert risks.extraction.workflow.complications is None


def test_event_with_an_earlier_procedure_is_history(check):
    """ "She had a vasovagal episode with her last injection": that procedure's event."""
    report = check(
        "Procedure: Right C5-6 and C6-7 facet joint injections under fluoroscopy.\n"
        "She had a vasovagal episode with her last injection; IV access placed.\n"
        "22g needles into the right C5-6 and C6-7 joints, 0.5 mL 0.5% bupivacaine each.\n"
        "No complications. Observed 30 minutes.\n"
    )
    assert report.extraction.workflow.complications == "none"


def test_no_complications_broken_across_capitalised_lines_is_read_as_none(check):
    """A scanned ALL CAPS report wraps "NO" onto one line and "COMPLICATIONS" onto the next
    (and its scanner reads O as 0): still no complication."""
    report = check(
        "DESCRIPTION OF PROCEDURE: INFORMED CONSENT WAS OBTAINED. A TIME OUT WAS COMPLETED.\n"
        "UNDER FLUOROSCOPY 22 GAUGE NEEDLES WERE PLACED INTO THE RIGHT C5-C6 AND C6-C7\n"
        "JOINTS AND 0.5 ML OF BUPIVACAINE 0.5% WAS INJECTED INTO EACH.\n"
        "\n"
        "THE NEEDLES WERE REMOVED. THE PATIENT TOLERATED THE PROCEDURE WELL. N0\n"
        "COMPLICATI0NS. THE PATIENT WAS MONITORED IN RECOVERY FOR 30 MINUTES.\n"
    )
    assert report.extraction.workflow.complications == "none"


def test_contrast_mentioned_only_as_not_yet_given_is_not_contrast_used(check):
    """ "Before any contrast was injected the patient fainted ... no contrast was injected
    at any level": contrast was not used."""
    report = check(
        "Procedure: Right C4 and C5 medial branch blocks under fluoroscopy.\n"
        "A 25g needle was advanced to the right C4 articular pillar. Before any contrast or\n"
        "anesthetic was injected the patient had a vasovagal reaction. Needle withdrawn.\n"
        "No contrast or bupivacaine was injected at any level. Procedure aborted.\n"
    )
    assert report.extraction.contrast.used is False
    assert report.extraction.workflow.complications not in (None, "none")


@pytest.mark.parametrize("answer", ["not documented", "not recorded"])
def test_a_step_a_record_says_was_not_documented_is_not_done(check, answer):
    """An abstract's "Skin local .......... not documented": the step is not documented."""
    steps = workflow(
        check,
        "Process measures\n"
        "  Consent (day of procedure) .... documented, signed\n"
        f"  Skin local .................... {answer}\n",
    )
    assert steps.local_anesthesia is False
    assert steps.consent is True


@pytest.mark.parametrize(
    ("said", "used"),
    [("", None), ("Needle position confirmed on views only, no contrast given.\n", False)],
)
def test_contrast_in_an_allergy_field_is_the_allergen(check, said, used):
    """ "Allergies reviewed: iodinated contrast (rash), latex": the allergy list names the
    contrast as an allergen, not as given today."""
    text = "[x] Allergies reviewed: iodinated contrast (rash), latex\n" + PROCEDURE + said
    assert check(text).extraction.contrast.used is used


@pytest.mark.parametrize(
    ("text", "consent"),
    [
        ("Consent signed, a diagnostic block / RFA later if relief.", True),
        ("Consent signed; RFA to follow if relief is good.", True),
        ("Consent: on file from the March visit.", False),
    ],
)
def test_consent_beside_a_later_rf_or_kept_from_an_earlier_visit(check, text, consent):
    """A consent obtained today with RF named in another clause of its line is today's; one
    on file from an earlier visit is not."""
    assert workflow(check, text + "\n").consent is consent


@pytest.mark.parametrize("sentence", ["The skin was numbed first.", "She numbed the skin."])
def test_skin_numbed_is_local_anesthesia(check, sentence):
    assert workflow(check, sentence + "\n").local_anesthesia is True


@pytest.mark.parametrize("answer", ["Cx: none", "CX: nil"])
def test_cx_answered_none_is_complications_not_a_refused_consent(check, answer):
    """'cx' abbreviates complications as often as consent: 'Cx: none' at the end of a note
    is its complications line and leaves the consent ticked above standing."""
    text = f"✓ consent   ✓ TO   ✓ skin prep\nNeedles placed, no problems.\n{answer}\n"
    assert workflow(check, text).consent is True


@pytest.mark.parametrize(
    "line",
    [
        "Time-out: {Performed/Not performed:Performed} - site and side verified.",
        "Consent signed. Time-out: {done/not done:done}.",
    ],
)
def test_a_pick_list_answered_with_its_choice_reads_as_the_answer(check, line):
    report = check(PROCEDURE + line + "\n")
    assert report.extraction.workflow.timeout


def test_a_template_sentence_marked_not_applicable_denies_no_step(check):
    report = check(
        PROCEDURE
        + "Prep: chlorhexidine, sterile drape.\n"
        + "The {region} skin was prepped... [template text - n/a]\n"
    )
    assert report.extraction.workflow.sterile_prep


def test_a_stay_in_clinic_after_the_injection_is_observation(check):
    report = check(PROCEDURE + "Post 2/10. Stayed in clinic 15 min after the injection.\n")
    assert report.extraction.workflow.observation


def test_no_drape_still_documents_the_skin_prep(check):
    report = check(PROCEDURE + "10:04  alcohol prep + Betadine, no drape\n")
    assert report.extraction.workflow.sterile_prep


def test_an_agent_given_instead_on_the_allergy_line_is_todays_contrast(check):
    report = check(
        PROCEDURE
        + "Allergies: iodinated contrast (rash) - Gadavist 0.3 mL per needle used instead.\n"
        + "Consent signed. 0.5 mL of 0.5% bupivacaine at each level.\n"
    )
    assert report.extraction.contrast.used is True
    assert report.extraction.contrast.agent == "gadobutrol"


def test_an_allergen_listed_on_the_allergy_line_is_not_contrast(check):
    report = check(PROCEDURE + "Allergies: Gadavist (hives), latex.\nNo contrast was used.\n")
    assert report.extraction.contrast.used is False


def test_warning_signs_in_the_discharge_instructions_are_no_complication(check):
    report = check(
        PROCEDURE
        + "Complications: none.\n"
        + "Discharged with written instructions, including signs of infection and bleeding.\n"
    )
    assert report.extraction.workflow.complications == "none"


def test_a_contrast_allergy_broken_across_a_transcripts_lines_is_the_allergen(check):
    text = PROCEDURE + (
        "  RN: Time-out done, patient and side confirmed with the team, and her contrast\n"
        "      allergy noted; nothing iodinated on the tray.\n"
        "  Dr: Thanks.\n"
    )
    assert check(text).extraction.contrast.used is not True


@pytest.mark.parametrize(
    "where", ["along the expected course of the nerve", "in the expected location"]
)
def test_contrast_seen_where_expected_is_todays_contrast(check, where):
    text = PROCEDURE + f"At each needle 0.3 mL of Isovue-300 spread {where}, no vascular uptake.\n"
    contrast = check(text).extraction.contrast
    assert (contrast.used, contrast.agent) == (True, "iopamidol")


def test_time_out_hyphenated_at_the_end_of_a_line(check):
    text = PROCEDURE + (
        "Written consent confirmed on the day of the procedure. Sign-in and the time-\n"
        "out were completed. Prone, chlorhexidine prep.\n"
    )
    assert check(text).extraction.workflow.timeout is True


def test_contrast_left_to_a_protocol_the_note_does_not_hold_is_not_documented(check):
    text = PROCEDURE + (
        "Technique per departmental protocol NB-2.\n"
        "Needle position, contrast and volumes per NB-2. Bupivacaine 0.5% at each target.\n"
    )
    assert check(text).extraction.contrast.used is None


def test_a_dot_leader_to_a_template_blank_is_no_time_out(check):
    report = check(
        "Checklist\n  Consent ............... signed\n  Time-out .............. ***\n\n"
        "Right C4-5 and C5-6 facet injections under fluoroscopy, 1 mL 0.5% bupivacaine each.\n"
    )
    assert report.extraction.workflow.timeout is False


@pytest.mark.parametrize(
    ("sentence", "used", "agent"),
    [
        ("no contract used. bupivacaine 0.5% 0.5 mL each.", False, None),
        ("iso-vue 200 small amount, arthrogram each joint.", True, "iopamidol"),
    ],
)
def test_contrast_misspelt_or_split(check, sentence, used, agent):
    contrast = check(PROCEDURE + sentence).extraction.contrast
    assert (contrast.used, contrast.agent) == (used, agent)


def test_a_prep_and_drape_joined_by_a_plus(check):
    assert workflow(check, "consent / prep duraprep+drape / skin lido 1%").sterile_prep


def test_a_step_not_omitted_was_done(check):
    done = "Time-out: was not omitted; performed with the nurse and the technologist."
    assert workflow(check, done).timeout
    assert not workflow(check, "Time-out: omitted.").timeout


def test_a_paresthesia_a_stimulation_test_draws_is_no_complication(check):
    text = "Sensory 50 Hz: paresthesia in the neck at 0.3 V. Lesions made. No complications.\n"
    assert workflow(check, text).complications == "none"
    text = "The patient reported a new paresthesia in the arm after the injection.\n"
    assert workflow(check, text).complications == "paresthesia"


def test_vitals_at_set_minutes_after_the_procedure_are_an_observation(check):
    assert workflow(check, "Back to the ward; VS q15 min x 4, stable.").observation


def test_no_contrast_today_outweighs_the_contrast_of_a_quoted_earlier_report(check):
    report = check(
        "Prior block 05/02, quoted:\n"
        '  "Right C5-6 and C6-7 facet injections under fluoroscopy. Omnipaque 240 confirmed\n'
        '  intra-articular spread. 0.5 mL bupivacaine 0.5% per joint."\n'
        "TODAY: same as the quoted block. No contrast was used today (rash after May).\n"
        "0.5 mL bupivacaine 0.5% into each of the right C5-6 and C6-7 joints under fluoroscopy.\n"
    )
    assert report.extraction.contrast.used is False
    assert report.extraction.contrast.agent is None


def test_a_field_label_after_a_sentence_on_a_diagnosis_line_opens_its_own_field(check):
    report = check(
        "Procedure detail\n"
        "Pre-op dx: cervical facet syndrome, L. Consent: signed.\n"
        "Time-out performed. Left C5-6 facet joint injection under fluoroscopy, 1 mL "
        "bupivacaine 0.5%.\n"
    )
    assert report.extraction.workflow.consent


def test_an_inch_mark_opens_no_quotation(check):
    report = check(
        'Right C5-6 facet injection under fluoroscopy: a 22g 3.5" needle into the joint, '
        "Omnipaque 240 0.3 mL arthrogram, then 1 mL bupivacaine 0.5%.\n"
        "Left C5-6 the same way; no contrast was needed on that side.\n"
    )
    assert report.extraction.contrast.used is True
    assert report.extraction.contrast.agent == "iohexol"


@pytest.mark.parametrize(
    "report_line",
    [
        "EVENT REPORT   #EV-1001\nEvent: transient arm numbness after the second level.",
        "OCCURRENCE REPORT (nursing)\nPatient lightheaded and pale, BP 84/50, resolved supine.",
        "INCIDENT (Datix ref 12345)\nUnsteady on standing; observed and settled.",
        "Felt faint after the last needle; event documented in the office incident log.",
        "PATIENT SAFETY EVENT REPORT\nTransient weakness of the right arm, resolved.",
    ],
)
def test_an_event_report_filed_today_is_a_complication(check, report_line):
    """An event, occurrence or incident report is filed because something happened: a
    complication, whatever words describe it."""
    assert workflow(check, report_line).complications not in (None, "none")


@pytest.mark.parametrize(
    "text",
    [
        "Procedure tolerated well. No incident report needed.",
        "Event report: none",
        "Incident report: N/A",
    ],
)
def test_no_event_report_is_no_complication(check, text):
    assert workflow(check, text).complications in (None, "none")


def test_a_screen_of_events_answered_none_is_no_complication(check):
    """A nursing screen's heading over its options is no event; its ticked "None" says none
    happened."""
    text = (
        "ADVERSE EVENT SCREEN (nursing, 09:50)\n"
        "  [X] None    [ ] Vasovagal    [ ] Hematoma/bleeding\n"
    )
    assert workflow(check, text).complications == "none"


def test_events_of_a_screen_answered_no_are_no_complication(check):
    text = "Complications: None\nNursing screen: vasovagal - no; bleeding - no; hematoma - no.\n"
    assert workflow(check, text).complications == "none"


def test_a_risk_list_whose_items_wrap_over_lines_names_no_complication(check):
    """A consent's risk list wrapped over several lines, each item closed by a comma: the
    items further down the list are still risks, not events."""
    text = (
        "I discussed the risks of the procedure, including but not limited to:\n"
        "infection or abscess,\n"
        "allergic reaction (including to contrast),\n"
        "vasovagal reaction or fainting, seizure,\n"
        "and failure to relieve pain. Written consent signed.\n"
        "Complications: None\n"
    )
    assert workflow(check, text).complications == "none"
