"""Imaging guidance: the modality used today, not one the patient declined."""

import pytest


@pytest.mark.parametrize(
    "declined",
    ["pt declines fluoro (radiation concern) -> US", "patient refused fluoroscopy"],
)
def test_declined_fluoroscopy_is_not_the_guidance(check, declined):
    """An ultrasound-guided block supports no 64490-64492 (those need fluoroscopy or CT),
    even when the note names the fluoroscopy the patient declined."""
    report = check(
        "US-guided R cerv MBB -- c3, c4, c5, c6 mb\n"
        f"{declined}\n"
        "25g needles to R c3, c4, c5, c6 mb; ropi .5% 0.5 ea\n"
    )
    assert report.extraction.guidance == "ultrasound"
    assert report.codes.supported == []
    assert not report.codes.supports_64492
