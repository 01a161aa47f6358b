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
