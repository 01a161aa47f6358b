"""Grids whose columns are the levels and whose rows are the sides."""

R, L = "right", "left"


def levels(report) -> set[tuple[str, str]]:
    return {(fact.side, fact.level) for fact in report.extraction.levels}


def test_a_row_without_pipes_under_a_piped_level_header_is_checked(check):
    """A side row written without the pipes of the header above it has no cells the
    header's columns can be found in: the note is checked (not an internal error) and the
    row ticks no level."""
    text = (
        "Cervical medial branch blocks under fluoroscopy.\n\n"
        "| Side | C3-4 | C4-5 |\n"
        "|------|------|------|\n"
        "Right    x      x\n"
    )
    report = check(text)
    assert report.status != "error", report.error
    assert levels(report) == set()
    assert report.codes.supported == []


def test_rows_laid_out_as_their_header_are_read(check):
    """The same grid with its rows piped like its header: each ticked cell is a level."""
    text = (
        "Cervical medial branch blocks under fluoroscopy.\n\n"
        "| Side  | C3-4 | C4-5 |\n"
        "|-------|------|------|\n"
        "| Right | x    | x    |\n"
        "| Left  | —    | x    |\n"
    )
    assert levels(check(text)) == {(R, "C3-C4"), (R, "C4-C5"), (L, "C4-C5")}
