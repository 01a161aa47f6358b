"""Medication amounts among numbers that are not doses: record numbers, an earlier block's
entry, a table's contrast column, and a product strength wrapped onto the next line."""


def medications(check, text):
    return {(m.name, m.role): m for m in check(text).extraction.medications}


def test_a_record_number_over_a_carbon_copy_is_no_volume(check):
    text = (
        "Right C5-6 facet joint injection under fluoroscopy with Depo-Medrol 40 mg/mL, "
        "MRN 00513377\nc.c. Dr B. Other\n"
    )
    steroid = medications(check, text)[("methylprednisolone", "steroid")]
    assert steroid.volume_ml_per_level is None


def test_an_earlier_numbered_block_dated_on_its_line_is_history(check):
    text = (
        "DOS 06/20/2025. Right C5, C6, C7 medial branch radiofrequency neurotomy, fluoroscopy.\n"
        "Earlier blocks: MBB #1 02/11/2025 right C5-C7, lidocaine 2% - 85% relief x 2 h\n"
        "                MBB #2 03/18/2025 right C5-C7, bupivacaine 0.5% - 80% relief x 5 h\n"
        "Before each lesion: 2% lidocaine 0.5 mL via cannula.\n"
    )
    assert ("bupivacaine", "anesthetic") not in medications(check, text)


def test_a_contrast_column_volume_is_not_the_drugs(check):
    text = (
        "Left C4, C5, C6 medial branch blocks under fluoroscopy.\n\n"
        "Target     Contrast (Omnipaque 300)   Injectate\n"
        "L C4 MB    0.3 mL, no vasc            2% lidocaine 0.4 mL\n"
        "L C5 MB    0.3 mL, no vasc            2% lidocaine 0.4 mL\n"
        "L C6 MB    0.3 mL, no vasc            2% lidocaine 0.4 mL\n"
    )
    lidocaine = medications(check, text)[("lidocaine", "anesthetic")]
    assert (lidocaine.concentration, lidocaine.volume_ml_per_level) == ("2%", 0.4)


def test_a_product_strength_on_the_next_line_is_its_concentration(check):
    text = (
        "Right C4-5 and C5-6 facet joint injections under fluoroscopy. Each joint received\n"
        "           0.5 mL Depo-Medrol\n"
        "           80 and 0.5 mL lidocaine 1%.\n"
    )
    steroid = medications(check, text)[("methylprednisolone", "steroid")]
    assert steroid.concentration == "80 mg/mL"


def test_an_amount_distributed_across_the_targets_is_a_total(check):
    text = (
        "Right C5-6 and C6-7 facet joint injections under fluoroscopy, 0.5 mL 0.5% bupivacaine "
        "each. At the end, Depo-Medrol 40 mg/mL, 1 mL, distributed across the two joints.\n"
    )
    steroid = medications(check, text)[("methylprednisolone", "steroid")]
    assert (steroid.volume_ml_per_level, steroid.volume_ml_total) == (None, 1.0)
