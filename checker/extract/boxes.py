"""Forms with checkboxes, in both layouts: a box before its option ("Side: ☐ Right ☒ Left",
read by the context rules: an empty box leaves the option after it unselected) and a box after
its option ("Consent signed ☒   Time-out ☐   Sterile prep/drape ☒"), where an empty box says
the option before it was not done, and the context rules, which read boxes forward, would
pin it on the next option. The layout is a line's: options after a label, each followed by
its box, the line ending with one."""

from __future__ import annotations

import re

from checker.extract.mentions import Mention, NoteMentions

# The box glyphs of forms, one home for every reader of boxes: ticked and empty.
TICKED_BOXES = "☒☑■"
EMPTY_BOXES = "☐□"
# A box in a form's line: "[ ]", "[x]", "( )", "(X)", "☐", "☒".
_BOX = re.compile(rf"\[\s*[xX✓✔*]?\s*\]|\(\s*[xX✓✔*]?\s*\)|[{EMPTY_BOXES}{TICKED_BOXES}]")
_BOX_AT_END = re.compile(rf"(?:{_BOX.pattern})$")
_TICK = re.compile(rf"[xX✓✔*{TICKED_BOXES}]")
_NONE_OPTION = re.compile(r"\b(?:none|nil|no|n/a|not done)\b", re.IGNORECASE)
# the end of a step's field label: "Observation:", "Time-out performed:"
_LABEL_END = re.compile(r"(?:[ \t]+(?:performed|obtained|signed|done|completed|given))?[ \t]*:")
_LINE_LABEL = re.compile(r"[ \t]*[A-Za-z][\w /&().-]{0,40}:")
# The note's answers of `_boxes_follow_options`, kept with its doc and dropped with it.
LAYOUT_KEY = "box_layout"


def trailing_box(mentions: NoteMentions, mention: Mention) -> bool | None:
    """The answer of a box written after its option on a line of such options ("Consent
    signed ☒   Time-out ☐   Sterile prep/drape ☒"): ticked or not. None on any other line
    (boxes before their options, "Side: ☐ Right ☒ Left", are the context rules' to read)."""
    text = mentions.doc_text
    start, end = mentions.reading.line_bounds(mention.start_char)
    if not _boxes_follow_options(mentions, start, end):
        return None
    label = _LABEL_END.match(text, mention.end_char, end)
    if label is not None:  # the step labels a field of options ("Observation: 15 min ☐ 30 min ☒")
        return _options_ticked(text, label.end(), end)
    box = _BOX.search(text, mention.end_char, end)
    return None if box is None else _TICK.search(box.group()) is not None


def _options_ticked(text: str, start: int, end: int) -> bool:
    """Whether a field's options, each before its box, have a ticked one that is not a no
    ("None ☒", "N/A ☒")."""
    option_start = start
    for box in _BOX.finditer(text, start, end):
        option = text[option_start : box.start()].strip(" \t:-").lower()
        option_start = box.end()
        if _TICK.search(box.group()) and _NONE_OPTION.fullmatch(option) is None:
            return True
    return False


def none_ticked(mentions: NoteMentions, mention: Mention) -> bool | None:
    """On a line of boxes after a field label ("Complications: ☐ None ☒ Vasovagal",
    "Complications: None ☒ Vasovagal ☐"): whether its "None" option is ticked; None on a
    line without boxes."""
    start, end = mentions.reading.line_bounds(mention.start_char)
    return _none_ticked_between(mentions, mention.end_char, start, end)


def none_ticked_below(mentions: NoteMentions, mention: Mention) -> bool | None:
    """On the line of boxes under a form's heading ("ADVERSE EVENT SCREEN" over "[X] None
    [ ] Vasovagal"): whether its "None" option is ticked; None when the next line holds no
    boxes."""
    text = mentions.doc_text
    _, end = mentions.reading.line_bounds(mention.start_char)
    if end >= len(text):
        return None
    start, below = mentions.reading.line_bounds(end + 1)
    return _none_ticked_between(mentions, start, start, below)


def _none_ticked_between(mentions: NoteMentions, after: int, start: int, end: int) -> bool | None:
    """Whether the "None" option after `after` on the line [start, end) is ticked; None on
    a line without boxes there."""
    text = mentions.doc_text
    if _BOX.search(text, after, end) is None:
        return None
    after_box = _boxes_follow_options(mentions, start, end)
    for word in _NONE_OPTION.finditer(text, after, end):
        if after_box:
            box = _BOX.search(text, word.end(), end)
        else:
            box = _BOX_AT_END.search(text[after : word.start()].rstrip())
        if box is not None:
            return _TICK.search(box.group()) is not None
    return False


def _boxes_follow_options(mentions: NoteMentions, start: int, end: int) -> bool:
    """Whether the line [start, end) of the note holds options each before its box.
    Remembered per line with the note's doc: each step on a line asks, and a note without
    line breaks is one line."""
    layouts: dict[tuple[int, int], bool] = mentions.doc.user_data.setdefault(LAYOUT_KEY, {})
    found = layouts.get((start, end))
    if found is None:
        found = layouts[start, end] = _options_before_boxes(mentions.doc_text[start:end])
    return found


def _options_before_boxes(line: str) -> bool:
    """A line whose options each stand before their box: it ends with a box, and after any
    label ("Safety:") it opens with words, not with a box."""
    line = line.rstrip()
    if _BOX_AT_END.search(line) is None:
        return False
    label = _LINE_LABEL.match(line)
    first = _BOX.search(line, label.end() if label else 0)
    head = line[label.end() if label else 0 : first.start() if first else len(line)]
    return any(character.isalpha() for character in head)


def box_before(mentions: NoteMentions, mention: Mention) -> bool | None:
    """Whether the box just before a mention on its line ("☒ Vasovagal") is ticked; None
    when no box stands just before it."""
    start, _ = mentions.reading.line_bounds(mention.start_char)
    box = _BOX_AT_END.search(mentions.doc_text[start : mention.start_char].rstrip())
    return None if box is None else _TICK.search(box.group()) is not None
