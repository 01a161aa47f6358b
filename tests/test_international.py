"""Notes written in Europe or Latin America, or translated from their language: drug and
contrast names as sold there, the word for the C-arm, side words, decimal commas, and the
consent, prep, local anaesthesia and observation wording of those notes."""

import pytest

from checker.pipeline.normalize import normalize
from tests.test_extraction import meds

PROCEDURE = "PROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.\n"


@pytest.mark.parametrize(
    ("sentence", "name", "concentration"),
    [
        ("0,5 ml Bupivacain 0,25 % at each level.", "bupivacaine", "0.25%"),
        ("Se inyecta bupivacaína 0,5 % 0,5 ml en cada ramo medial.", "bupivacaine", "0.5%"),
        ("0,5 ml Carbostesin 0,5 % per joint.", "bupivacaine", "0.5%"),
        ("Injection: ropivacaïne (Naropeine) 0,2 %, 0,5 ml par site.", "ropivacaine", "0.2%"),
        ("0,5 ml Naropina 0,75 % in ogni faccetta.", "ropivacaine", "0.75%"),
        ("Levobupivacaína (Chirocane) 0,25 % 0,5 ml at each point.", "levobupivacaine", "0.25%"),
        ("0,5 ml Lidocain 2 % per nerve.", "lidocaine", "2%"),
    ],
)
def test_local_anaesthetics_named_the_european_way(check, sentence, name, concentration):
    found = meds(check(PROCEDURE + sentence))
    assert found[(name, "anesthetic")][:2] == (concentration, 0.5)


@pytest.mark.parametrize(
    ("sentence", "name", "concentration"),
    [
        (
            "0,5 ml Triamcinolonacetonid 40 mg/ml (Volon A 40) per joint.",
            "triamcinolone",
            "40 mg/mL",
        ),
        ("0,5 ml Volon A 40 per joint.", "triamcinolone", "40 mg/mL"),
        ("0,5 ml Dexametasona 4 mg/ml en cada nivel.", "dexamethasone", "4 mg/mL"),
        ("0,5 ml Metilprednisolona 40 mg/ml en cada nivel.", "methylprednisolone", "40 mg/mL"),
        ("0,5 ml Bentelan 4 mg/ml per faccetta.", "betamethasone", "4 mg/mL"),
    ],
)
def test_steroids_named_the_european_way(check, sentence, name, concentration):
    found = meds(check(PROCEDURE + sentence))
    assert found[(name, "steroid")][:2] == (concentration, 0.5)


@pytest.mark.parametrize(
    ("sentence", "agent"),
    [
        ("Position confirmed with 0,3 ml contrast medium (Imeron 300).", "iomeprol"),
        ("Kontrast (Iomeron 300) 0,2 ml, intra-articular spread.", "iomeprol"),
        ("Contraste Iopamiro 300 0,3 ml per needle.", "iopamidol"),
        ("Produit de contraste : Iopamiron 200, 0,2 ml par site.", "iopamidol"),
        ("After 0,2 ml Ultravist 300 per joint the spread was intra-articular.", "iopromide"),
    ],
)
def test_contrast_brands_sold_in_europe(check, sentence, agent):
    contrast = check(PROCEDURE + sentence).extraction.contrast
    assert (contrast.used, contrast.agent) == (True, agent)


@pytest.mark.parametrize(
    "sentence",
    [
        "Under image converter (Bildwandler) the needles were placed.",
        "Unter Durchleuchtung (C-Bogen) the needles were placed.",
        "Bajo arco en C the needles were placed.",
        "Repérage sous amplificateur de brillance, incidence latérale.",
        "Onder doorlichting the needles were placed.",
        "Needles positioned sous scopie.",
    ],
)
def test_the_c_arm_in_other_languages_is_fluoroscopy(check, sentence):
    ex = check("Right C4-5 facet injection. " + sentence).extraction
    assert ex.guidance == "fluoroscopy"


def test_ultrasound_guided_in_italian_is_ultrasound_and_supports_no_code(check):
    ex = check("Blocco dei rami mediali C4, C5 destra, ecoguidato. 0,5 ml per ramo.").extraction
    assert ex.guidance == "ultrasound"


@pytest.mark.parametrize(
    ("heading", "side"),
    [
        ("Facetteninfiltration rechts C4/5, C5/6 unter Bildwandler.", "right"),
        ("Infiltración facetaria izquierda C4-C5, C5-C6 bajo arco en C.", "left"),
        ("Infiltrazione faccette a destra C4/C5 e C5/C6 sotto scopia.", "right"),
        ("Infiltration des facettes gauche C4-C5, C5-C6 sous scopie.", "left"),
    ],
)
def test_side_words_of_other_languages(check, heading, side):
    levels = check(heading).extraction.levels
    assert {(lv.side, lv.level) for lv in levels} == {(side, "C4-C5"), (side, "C5-C6")}


@pytest.mark.parametrize(
    "heading",
    [
        "Infiltración facetaria C4-C5 y C5-C6 a ambos lados, bajo arco en C.",
        "Infiltration des facettes C4-C5 et C5-C6 des deux côtés sous scopie.",
        "Infiltrazione faccette C4/C5 e C5/C6 da entrambi i lati sotto scopia.",
        "Facetinfiltratie C4/5 en C5/6 aan beide zijden onder doorlichting.",
        "Blokada stawów C4/5 i C5/6 po obu stronach pod kontrolą fluoroskopii.",
    ],
)
def test_both_sides_in_other_languages_is_bilateral(check, heading):
    levels = check(heading).extraction.levels
    assert {(lv.side, lv.level) for lv in levels} == {
        (side, level) for side in ("right", "left") for level in ("C4-C5", "C5-C6")
    }


@pytest.mark.parametrize(
    "heading",
    [
        "Facettengelenksinfiltration rechts C4/5 bis C6/7 unter Bildwandler.",
        "Facetinfiltratie rechts C4/5 t/m C6/7 onder doorlichting.",
        "Blokada stawów C4/5 do C6/7 strona prawa pod kontrolą fluoroskopii.",
        "Infiltración facetaria derecha C4-C5 a C6-C7 bajo arco en C.",
        "Infiltration des facettes droite C4-C5 à C6-C7 sous scopie.",
        "Facettengelenksinfiltration rechts C4/5 – C6/7 unter Bildwandler.",
        "Facettengelenksinfiltration rechts C4/5–C6/7 unter Bildwandler.",
    ],
)
def test_a_range_of_joints_written_in_other_languages_names_the_joints_between(check, heading):
    levels = check(heading).extraction.levels
    assert {(lv.side, lv.level) for lv in levels} == {
        ("right", "C4-C5"),
        ("right", "C5-C6"),
        ("right", "C6-C7"),
    }


def test_a_foreign_range_word_that_is_an_english_word_joins_only_adjacent_levels(check):
    report = check("PROCEDURE: Right C4-5 and a C6-7 facet joint injection under fluoroscopy.")
    assert {(lv.side, lv.level) for lv in report.extraction.levels} == {
        ("right", "C4-C5"),
        ("right", "C6-C7"),
    }


def test_german_report_reads_every_workflow_fact(check):
    note = (
        "Eingriff: Facetteninfiltration rechts C4/5, C5/6 unter Bildwandlerkontrolle.\n"
        "Aufklärung: the patient was informed and agreed. Schriftliche Einwilligung liegt vor.\n"
        "Team-Time-Out durchgeführt.\n"
        "Hautdesinfektion mit Kodan, steriles Abdecken.\n"
        "Lokalanästhesie der Haut mit Xylocain 1 %.\n"
        "In each joint 0,5 ml Bupivacain 0,25 %.\n"
        "Nachbeobachtung 30 Minuten im Aufwachraum.\n"
    )
    ex = check(note).extraction
    workflow = ex.workflow
    assert (workflow.consent, workflow.timeout, workflow.sterile_prep) == (True, True, True)
    assert (workflow.local_anesthesia, workflow.observation) == (True, True)
    found = meds(check(note))
    assert found[("lidocaine", "skin_local")][0] == "1%"
    assert found[("bupivacaine", "anesthetic")][:2] == ("0.25%", 0.5)


@pytest.mark.parametrize(
    "sentence",
    [
        "Consentimiento informado firmado.",
        "Consentement éclairé obtenu et signé.",
        "Consenso informato raccolto.",
        "Pacjent wyraził pisemną zgodę.",
    ],
)
def test_consent_in_other_languages(check, sentence):
    assert check(PROCEDURE + sentence).extraction.workflow.consent is True


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1,0 ml of the mixture", "1.0 ml of the mixture"),
        ("Bupivacain 0,25 %", "Bupivacain 0.25 %"),
        ("12,5 mg", "12.5 mg"),
        # a comma between two digits before a unit is a decimal comma in a European note
        ("1,2 ml", "1.2 ml"),
        # a list of levels, a list of numbers, or a number with no unit is left as written
        ("C3, 4 and 5", "C3, 4 and 5"),
        ("C3,4 and C5,6", "C3,4 and C5,6"),
        ("1,2,3 ml", "1,2,3 ml"),
        ("VAS 7,5", "VAS 7,5"),
    ],
)
def test_a_decimal_comma_only_between_digits_before_a_unit(written, read):
    assert normalize(written).text == read


def test_decimal_commas_give_the_volume_per_level(check):
    found = meds(check(PROCEDURE + "Je Gelenk 1,5 ml Bupivacain 0,5 %."))
    assert found[("bupivacaine", "anesthetic")][:2] == ("0.5%", 1.5)


INJECTION = "0,5 ml bupivacaine 0,5 % at each level.\n"


@pytest.mark.parametrize(
    ("sentence", "pre", "post"),
    [
        ("Dolor EVA (VAS) antes: 8/10. EVA posterior: 3/10 a los 15 minutos.", 8, 3),
        ("EN avant le geste : 8/10. EN à 2/10 à H+30min.", 8, 2),
        ("Schmerzangabe NRS vor der Infiltration 6, danach 2.", 6, 2),
        ("Schmerz (NRS): vor dem Eingriff 5, nach 20 Min. 1.", 5, 1),
        ("Pijnscore (NRS): vóór 6, na 15 min 1.", 6, 1),
        ("Ocena bólu w skali NRS: przed 7, po 3.", 7, 3),
        ("EVA pré: 9. EVA pós: 2.", 9, 2),
        ("Avaliação: END antes 6/10; 30 min depois 2/10.", 6, 2),
        ("Douleur EVA 6 → 3 en fin de surveillance (1 h).", 6, 3),
        ("EVA antes 8, após 20 min 5.", 8, 5),
    ],
)
def test_pain_scores_in_other_languages_and_scales(check, sentence, pre, post):
    response = check(PROCEDURE + INJECTION + sentence).extraction.response
    assert (response.pre_pain, response.post_pain) == (pre, post)


@pytest.mark.parametrize(
    ("sentence", "scale"),
    [
        ("EVA 7/10 à l'arrivée.", "VAS"),
        ("EN avant le geste : 7/10.", "NRS"),
        ("END 7/10 antes.", "NRS"),
    ],
)
def test_pain_scale_abbreviations_of_other_languages(check, sentence, scale):
    response = check(PROCEDURE + sentence + "\n" + INJECTION).extraction.response
    assert (response.pre_pain, response.scale) == (7, scale)


@pytest.mark.parametrize(
    "sentence",
    [
        # 'Eva' is a name and 'en' a word: only the capitals are a scale
        "Patient: Eva Lindqvist, 7 en 8 jaar behandeld.",
        # Dutch 'na' and Polish 'po' without a time or a colon are not 'after'
        "Stan po 3 zabiegach; pijn na 2 weken.",
    ],
)
def test_words_that_only_look_like_foreign_pain_scores(check, sentence):
    response = check(sentence + "\n" + PROCEDURE + INJECTION).extraction.response
    assert (response.pre_pain, response.post_pain) == (None, None)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("C7/Th1", "C7/T1"),
        ("Th 1", "T1"),
        ("Th1/2", "T1/2"),
        ("Th1-Th2", "T1-T2"),
        ("TH12", "T12"),
        ("C7-D1", "C7-T1"),
        ("D4-D5", "T4-T5"),
        ("D4/5", "T4/5"),
        # a D alone or a Th without a vertebra's number is no level
        ("vitamin D3 1000 IU", "vitamin D3 1000 IU"),
        ("D5W 100 ml", "D5W 100 ml"),
        ("Th 13", "Th 13"),
        ("Thomas 1", "Thomas 1"),
    ],
)
def test_thoracic_levels_written_the_european_way_read_as_t(written, read):
    assert normalize(written).text == read


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("C V/VI", "C5/6"),
        ("C VII/Th I", "C7/T1"),
        ("L IV-V", "L4-5"),
        ("Th IV/Th V", "T4/T5"),
        # a Roman numeral needs its region letter and a pair: "I" and "V" alone are words
        ("C V", "C V"),
        ("I/II", "I/II"),
        ("Class IV/V", "Class IV/V"),
    ],
)
def test_vertebrae_in_roman_numerals_read_as_digits(written, read):
    assert normalize(written).text == read


def test_a_german_report_with_roman_numerals_gives_its_joints(check):
    report = check(
        "Facetteninfiltration rechts C V/VI, C VI/VII und C VII/Th I unter Bildwandler.\n"
        + INJECTION
    )
    levels = {(lv.side, lv.level) for lv in report.extraction.levels}
    assert levels == {("right", "C5-C6"), ("right", "C6-C7"), ("right", "C7-T1")}
    assert report.extraction.region == "cervicothoracic"


@pytest.mark.parametrize(
    "sentence",
    [
        "Facetteninfiltration rechts C5/C6, C6/C7 und C7/Th1 unter Bildwandler.",
        "Facetinfiltratie rechts C5/C6, C6/C7 en C7/Th 1 onder doorlichting.",
        "Infiltrazione delle faccette a destra C5-C6, C6-C7 e C7-D1 sotto fluoroscopia.",
    ],
)
def test_a_joint_written_with_th1_or_d1_makes_the_note_cervicothoracic(check, sentence):
    report = check(sentence + "\n" + INJECTION)
    levels = {(lv.side, lv.level) for lv in report.extraction.levels}
    assert levels == {("right", "C5-C6"), ("right", "C6-C7"), ("right", "C7-T1")}
    assert report.extraction.region == "cervicothoracic"
    # the evidence still quotes the note as written
    quoted = report.extraction.model_dump_json()
    assert "C7/Th1" in quoted or "C7/Th 1" in quoted or "C7-D1" in quoted


@pytest.mark.parametrize(
    "sentence",
    [
        "Bloqueo de ramos mediales C4, C5 y C6 derechos bajo fluoroscopia.",
        "Bloc des rameaux médians C4, C5 et C6 droits sous scopie.",
        "Blocco dei rami mediali C4, C5 e C6 a destra sotto fluoroscopia.",
        "Blokkade van de mediale takken C4, C5 en C6 rechts onder doorlichting.",
        "Ramus-medialis-Blockade: Ramus medialis C4, C5 und C6 rechts unter Durchleuchtung.",
        "Bloqueio dos ramos mediais C4, C5 e C6 à direita sob fluoroscopia.",
        "Blokada gałązek przyśrodkowych C4, C5 i C6 po stronie prawej pod kontrolą fluoroskopii.",
    ],
)
def test_medial_branch_names_of_other_languages(check, sentence):
    report = check(sentence + "\n" + INJECTION)
    assert report.extraction.procedure == "medial_branch_block"
    levels = {(lv.side, lv.level) for lv in report.extraction.levels}
    assert levels == {("right", "C4-C5"), ("right", "C5-C6")}


@pytest.mark.parametrize(
    "statement",
    [
        "niveau C6 NON injecté, aiguille retirée.",
        "C6 nicht injiziert wegen Gefäßanschluss.",
        "C6: no se inyectó por captación vascular.",
        "C6 non iniettato (captazione vascolare).",
        "C6 niet geïnjecteerd (vasculaire opname).",
        "C6 não injetado (captação vascular).",
        "C6: nie wstrzyknięto (napływ naczyniowy).",
    ],
)
def test_a_medial_branch_not_injected_in_another_language_takes_its_joint_back(check, statement):
    note = (
        "Bloc des rameaux médians C3, C4, C5 et C6 droits sous fluoroscopie.\n"
        "Contrôle par produit de contraste: C6 opacification vasculaire.\n"
        + statement
        + "\n0,3 ml lévobupivacaïne 0,5 % sur chacun des rameaux C3, C4, C5 droits.\n"
    )
    report = check(note)
    levels = {(lv.side, lv.level) for lv in report.extraction.levels}
    assert levels == {("right", "C3-C4"), ("right", "C4-C5")}
    assert not report.codes.supports_64492


@pytest.mark.parametrize(
    "plan",
    [
        "Beleid:\n1. Diagnostische ramus medialis blokkades C3, C4, C5 en C6 rechts onder "
        "doorlichting.\n",
        "Weiteres Vorgehen: Ramus-medialis-Blockade C3, C4, C5 und C6 rechts geplant.\n",
        "Plan: se programa bloqueo de ramos mediales C3, C4, C5 y C6 derechos.\n",
        "Conduite à tenir: bloc des rameaux médians C3, C4, C5 et C6 droits prévu.\n",
        "Programma: si programma blocco dei rami mediali C3, C4, C5 e C6 a destra.\n",
    ],
)
def test_a_consult_that_plans_medial_branch_blocks_supports_no_code(check, plan):
    note = (
        "Anamnese: nekpijn rechts sinds 1,5 jaar.\n"
        "Conclusie: facetgewrichtspijn C3/C4-C5/C6 rechts.\n\n" + plan
    )
    report = check(note)
    assert report.extraction.levels == []
    assert report.codes.supported == []
    assert not report.codes.supports_64492


@pytest.mark.parametrize(
    "position",
    [
        "Zijligging rechts.",
        "Seitenlage links.",
        "Decúbito lateral izquierdo.",
        "Ułożenie na boku lewym.",
    ],
)
def test_the_side_a_patient_lies_on_is_not_the_side_treated(check, position):
    note = position + "\nFacetteninfiltration rechts C4/5 und C5/6 unter Bildwandler.\n" + INJECTION
    levels = {(lv.side, lv.level) for lv in check(note).extraction.levels}
    assert levels == {("right", "C4-C5"), ("right", "C5-C6")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Blocco faccettale cervicale a destra C4/C5, C5/C6, sotto controllo fluoroscopico.",
        "Bloqueio facetário à direita C4/C5, C5/C6, sob fluoroscopia.",
        "Iniekcje dostawowe po stronie prawej C4/C5, C5/C6, pod RTG (ramię C) [under X-ray].",
    ],
)
def test_fluoroscopy_in_other_languages_supports_the_codes(check, sentence):
    report = check(sentence + "\n" + INJECTION)
    assert report.extraction.guidance == "fluoroscopy"
    assert report.codes.supported == ["64490-RT", "64491-RT"]


@pytest.mark.parametrize(
    "name_line",
    [
        "Paziente: L. Antonella, nata 1959",
        "Patiënt: mw. L. Jansen, 57 jr",
        "Utente [patient]: Fernanda L. — Processo n.º 778102",
        "Patient: R. Okafor",
        "Firma: Dr. L. Rossi",
    ],
)
def test_an_initial_in_a_name_is_not_a_side(check, name_line):
    note = (
        name_line + "\n"
        "Sotto fluoroscopia: infiltrazione delle faccette C4/C5, C5/C6 e C6/C7 con 1 ml di "
        "bupivacaina 0,25 % ciascuna.\n"
    )
    report = check(note)
    assert {lv.side for lv in report.extraction.levels} <= {"unsided"}
    assert not report.codes.supports_64492


def test_a_side_initial_of_a_level_still_reads_as_a_side(check):
    levels = check("R. C4-5 and L. C5-6 facet injections under fluoroscopy.").extraction.levels
    assert {(lv.side, lv.level) for lv in levels} == {("right", "C4-C5"), ("left", "C5-C6")}


@pytest.mark.parametrize(
    "history",
    [
        "História: em 2023 bloqueios dos ramos mediais C4/5 e C5/6 bilaterais com alívio de 80 %.",
        "Anamnèse: blocs des branches médiales C4/5 et C5/6 bilatéraux en 2023, soulagement 80 %.",
    ],
)
def test_a_history_heading_with_accents_keeps_earlier_blocks_out_of_today(check, history):
    note = (
        history + "\n\n"
        "Técnica de hoje: Bloqueio diagnóstico dos ramos mediais C6 e C7 à direita, sob "
        "fluoroscopia.\n" + INJECTION
    )
    report = check(note)
    assert {(lv.side, lv.level) for lv in report.extraction.levels} == {("right", "C6-C7")}
    assert report.codes.supported == ["64490-RT"]


def test_a_score_closing_a_bracket_is_read(check):
    response = check(
        PROCEDURE + INJECTION + "Al termine: dolore NRS 3 (prima 8)."
    ).extraction.response
    assert (response.pre_pain, response.post_pain) == (8, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "Aucune complication.",
        "Pas de complication.",
        "Sans complication immédiate.",
        "Geen verwikkelingen [no complications].",
        "Powikłań nie stwierdzono (no complications found).",
        "Komplikationen / Complications: keine / none.",
    ],
)
def test_no_complications_in_other_languages_or_a_bracketed_gloss(check, sentence):
    workflow = check(PROCEDURE + INJECTION + sentence).extraction.workflow
    assert workflow.complications == "none"


@pytest.mark.parametrize(
    "sentence",
    [
        "Nazorg: 15 minuten geobserveerd op de dagbehandeling.",
        "Vigilância 30 min. Sem intercorrências.",
        "Se vigila en recuperación 30 min.",
        "Sorveglianza in sala per 30 minuti.",
    ],
)
def test_observation_after_the_procedure_in_other_languages(check, sentence):
    assert check(PROCEDURE + INJECTION + sentence).extraction.workflow.observation is True


@pytest.mark.parametrize(
    ("sentence", "per_level", "total"),
    [
        ("Huid verdoofd met lidocaine 1 %, totaal 2 ml.", None, 2.0),
        ("Hautquaddel mit Lidocain 1 %, insgesamt 5 ml.", None, 5.0),
        ("Anesthésie cutanée à la lidocaïne 1 %, 2 ml au total.", None, 2.0),
    ],
)
def test_a_total_named_in_other_languages(check, sentence, per_level, total):
    found = meds(check(PROCEDURE + sentence + "\n"))
    assert found[("lidocaine", "skin_local")][1:] == (per_level, total)


def test_a_volume_per_site_in_french_is_per_level_beside_another_drugs_total(check):
    sentence = "Injection : bupivacaïne 0,5 %, 0,4 ml par site, + dexaméthasone 8 mg au total.\n"
    found = meds(check(PROCEDURE + sentence))
    assert found[("bupivacaine", "anesthetic")] == ("0.5%", 0.4, None)


@pytest.mark.parametrize(
    ("sentence", "relief"),
    [
        ("Avaliação: END antes 7/10; 30 min depois 2/10, alívio 70 %.", 70),
        ("EVA antes 8, después 2: alivio del 75 %.", 75),
        ("NRS vor dem Eingriff 6, danach 2; Linderung 65 %.", 65),
        ("EN avant le geste 8/10, après 2/10, soulagement 75 %.", 75),
    ],
)
def test_relief_words_of_other_languages(check, sentence, relief):
    response = check(PROCEDURE + "0,5 ml Lidocain 2 % per nerve.\n" + sentence).extraction.response
    assert response.percent_relief == relief


def test_a_procedure_stopped_in_another_language_treats_no_level(check):
    report = check(
        "Zabieg: blokada gałązek przyśrodkowych C4, C5, C6 strona lewa pod kontrolą "
        "fluoroskopii.\n"
        "Pierwsza igła wprowadzona do filaru C4; pacjent zgłosił omdlenie.\n"
        "Zabieg przerwany - nie podano kontrastu ani leków.\n"
    )
    assert report.extraction.levels == []
    assert report.extraction.procedure == "medial_branch_block"
    assert report.codes.supported == []


def test_a_bilingual_addendum_heading_correcting_the_side_moves_the_levels(check):
    report = check(
        "Zabieg: blokada stawów C5/6 i C6/7 strona PRAWA pod kontrolą fluoroskopii.\n"
        "Podano do każdego stawu 0,5 ml Kenalog 40.\n\n"
        "ANEKS / ADDENDUM: korekta błędu [correction of an error]: zabieg wykonano po stronie "
        "LEWEJ. Poziomy bez zmian [levels unchanged].\n"
    )
    levels = {(lv.side, lv.level) for lv in report.extraction.levels}
    assert levels == {("left", "C5-C6"), ("left", "C6-C7")}
