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


def test_imaging_out_of_service_or_left_blank_is_not_the_guidance(check):
    """A landmark procedure whose record names the C-arm only as out of service and leaves
    the fluoroscopy time blank was done without imaging: no 64490-64492."""
    report = check(
        "PROCEDURE: Right T7-8, T8-9 and T9-10 facet injections by landmark technique.\n"
        "Note: C-arm in the treatment center was out of service today.\n"
        "Proceeded without imaging. 1 mL of 0.25% bupivacaine at each joint.\n"
        "11:13 prep. Fluoro time: ____  11:15 start  11:27 end.\n"
    )
    assert report.extraction.guidance == "none"
    assert not report.codes.supports_64492
