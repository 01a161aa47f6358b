"""Sentence boundaries for procedure notes: line breaks and sentence punctuation.

Hard-wrapped transcriptions are joined first (`unwrap_lines`, applied to the text before
tokenizing) so a phrase broken across two lines still matches.

Templates, tables and checkbox grids put one fact per line, so every line break ends a
sentence; dictated prose is split at `.`, `!`, `?` and `;`. This is far cheaper than a
statistical or PyRuSH splitter and behaves predictably on lists.

Voice dictation often arrives unpunctuated, with the punctuation spoken ("... into each
joint period new paragraph the patient tolerated ..."): a spoken "period", "full stop" or
"new paragraph" ends a sentence, and a spoken "comma" splits a run-on sentence like a
written one. A full stop after an abbreviation ("Inj. Lignocaine", "Dr. Roe") does not end
one.
"""

from __future__ import annotations

import itertools
import re

import numpy
from spacy.attrs import IS_SPACE, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from checker.pipeline.token_table import any_of, token_table

for _name in ("sentence_of", "sentence_ends"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_ENDERS = frozenset({".", "!", ";"})  # not "?": Q&A templates ("Pain before? 7/10")
_LINE_CLOSERS = ".:;!?|]"
_WRAPPED_LINE_MIN = 50  # a line this long that runs on into a lower-case line was hard-wrapped
# A sentence this long (tokens) is run-on dictation ("..., she was prepped, under fluoroscopy
# the right C3 ... were targeted, ..."): its comma-joined clauses become sentences, so a
# history or plan cue in one clause does not reach today's procedure in the next.
_RUN_ON_TOKENS = 60
# Words after a comma that continue the phrase before it rather than start a clause.
_LIST_WORDS = frozenset(
    {"and", "or", "nor", "&", "with", "then", "plus", "for", "of", "to", "at", "in", "from"}
    | {"including", "especially", "as", "than", "per", "each", "respectively"}
)
_LEVEL_LIKE = re.compile(r"^[CTLSctls]\d")
# A line longer than this was never hard-wrapped (wrapping tools break at 60-100 columns):
# its line break is the writer's, even when the next line starts in lower case.
_WRAPPED_LINE_MAX = 160
# Spoken punctuation in dictation: a sentence starts after each of these.
_SPOKEN_ENDS = (("period",), ("full", "stop"), ("new", "paragraph"), ("next", "paragraph"))
_SPOKEN_COMMA = "comma"
# Words before "period" that make it the noun ("an observation period of 20 minutes"), and
# words after it that continue the noun phrase.
_PERIOD_AS_NOUN_BEFORE = frozenset(
    {"a", "an", "the", "this", "that", "its", "his", "her", "their", "same", "whole", "entire"}
    | {"observation", "observational", "recovery", "monitoring", "waiting", "wait", "time"}
    | {"procedure", "procedural", "postprocedure", "post-procedure", "refractory", "trial"}
    | {"short", "brief", "long", "prolonged", "initial", "washout", "relief", "pain-free"}
    | {"minute", "minutes", "min", "hour", "hours", "day", "week", "grace", "follow-up"}
)
_PERIOD_AS_NOUN_AFTER = frozenset({"of", "was", "is", "the", "without", "with", ":"})
# Abbreviations whose full stop is not a sentence end.
_ABBREVIATIONS = frozenset(
    {"inj", "dr", "mr", "mrs", "ms", "prof", "approx", "vs", "no", "tab", "sol", "soln", "incl"}
    | {"min", "c.c"}
)
# Abbreviations that go on with their sentence only before a number: "No. 3", and "nach 20
# Min. 1" (the score a German note writes after the time); "30 min. Pain 3/10" is two.
_BEFORE_A_NUMBER = frozenset({"no", "min"})
# Abbreviations that end their sentence before a capital: "2 c.c. of 1% lidocaine" goes on,
# "injected 2 c.c. The needle ..." is two.
_BEFORE_LOWER_CASE = frozenset({"c.c"})
# An export's field line: one key word, then a comma, equals sign, colon or tab
# ("consent,Y", "volume_ml = 0.5", "prep:Betadine"; not prose going on after a comma: "levels,
# done without incident"). Two of them in a row are two fields,
# never one wrapped sentence, so a cue in one ("RF planned if positive") stays in its field.
_FIELD_LINE = re.compile(r"^\s*[A-Za-z][\w.\-/]*\s*(?:,(?! [a-z])|=|:|\t)")
# A line opening with a short label closed by a colon ("each jt: 0.5cc bupi", "c4/5 b/l:
# skipped", "c5/6 b/l + c6/7 b/l: into jt") starts an item of its own: terse notes write one
# item per line, and a wrapped sentence does not go on with a label.
# A sentence's end before the colon ("upper neck. Prior procedures: 2022 ...") makes it no
# label: the line goes on with the sentence above and opens a new one.
_LABELLED_LINE = re.compile(
    r"^\s*[A-Za-z][\w.\-/+]*(?:(?<!\.)[ \t]+[\w.\-/+]+|[ \t]+(?![A-Z])[\w.\-/+]+){0,4}"
    r"[ \t]*:(?:[ \t]|$)"
)
# A gap of two or more spaces between two columns (not after a full stop): a line with two
# of them is a row of a space-aligned table, and so is the next such line, never a wrapped
# sentence ("Lidocaine 1%    SQ    3 mL" over "bupivacaine 0.25%    IA    1.5 mL").
_BULLETS = frozenset("-*•")  # the marks opening a bulleted item
# A run of dots leading a label to its value ("bupivacaine 0.25% ........ 0.5 mL"): the line
# is a record's row, ended by its value, never a wrapped sentence.
_LEADER = re.compile(r"\.{4,}")
_COLUMN_GAP = re.compile(r"[^\s.!?;:] {2,}(?=\S)")
_ROW_GAPS = 2


@Language.component("note_sentences")
def note_sentences(doc: Doc) -> Doc:
    """Mark sentence starts, and keep `doc._.sentence_of` (token -> index of its sentence's
    first token) and `doc._.sentence_ends` (that index -> end) for cheap look-ups."""
    if not len(doc):
        doc._.sentence_of, doc._.sentence_ends = numpy.zeros(0, dtype="int64"), {}
        return doc
    table = token_table(doc)
    orths, spaces = table.column(ORTH), table.column(IS_SPACE).astype(bool)
    # line breaks are whitespace tokens: only those few distinct strings are looked at
    strings = doc.vocab.strings
    breaks = [h for h in sorted(set(orths[spaces].tolist())) if "\n" in strings[h]]
    line_break = any_of(orths, breaks)
    starts = numpy.zeros(len(doc), dtype=bool)
    starts[0] = True
    starts[1:] = (any_of(orths, _ender_keys(strings)) | line_break)[:-1]
    _keep_abbreviations(doc, starts, orths)
    _spoken_punctuation(doc, starts)
    # runs of spaces neither end nor start a sentence: the next word starts it
    starts[1:] |= starts[:-1] & spaces[:-1] & ~line_break[:-1]
    _split_run_ons(doc, starts, orths)
    sent_starts = numpy.where(starts, 1, -1).astype("int64").view("uint64")
    # one attribute, one value per token: spaCy reads the 1-D array its stub calls Ints2d
    doc.from_array([SENT_START], sent_starts)  # type: ignore[arg-type]
    positions = numpy.arange(len(doc))
    doc._.sentence_of = numpy.maximum.accumulate(numpy.where(starts, positions, 0))
    first = numpy.flatnonzero(starts)
    doc._.sentence_ends = dict(zip(first.tolist(), [*first[1:].tolist(), len(doc)], strict=True))
    return doc


def _ender_keys(strings) -> list[int]:
    return [strings.add(text) for text in sorted(_ENDERS)]


def _keep_abbreviations(doc: Doc, starts: numpy.ndarray, orths: numpy.ndarray) -> None:
    """ "Local infiltration with Inj. Xylocaine 2%": the full stop of an abbreviation followed
    by a word on the same line does not start a sentence ("No." only before a number)."""
    full_stop = numpy.uint64(doc.vocab.strings.add("."))
    full_stops = starts[2:] & (orths[1:-1] == full_stop)  # no Token for the others
    lowers, strings = token_table(doc).values(LOWER), doc.vocab.strings
    for i in numpy.flatnonzero(full_stops).tolist():
        if strings[lowers[i]] not in _ABBREVIATIONS:  # most full stops: no Token made
            continue
        stop, word = doc[i + 1], doc[i]
        if stop.whitespace_ == "":
            continue
        following = doc[i + 2]
        if word.lower_ in _BEFORE_A_NUMBER and not following.like_num:
            continue
        if word.lower_ in _BEFORE_LOWER_CASE and following.is_title:
            continue
        if following.is_alpha or following.like_num:
            starts[i + 2] = False


def _spoken_punctuation(doc: Doc, starts: numpy.ndarray) -> None:
    """A spoken "period", "full stop" or "new paragraph" ends the sentence it closes."""
    keys = token_table(doc).column(LOWER)
    cues = [doc.vocab.strings.add(phrase[0]) for phrase in _SPOKEN_ENDS]
    candidates = numpy.flatnonzero(any_of(keys, cues)).tolist()
    if not candidates:
        return
    lowers = _LowerWords(keys.tolist(), doc.vocab.strings)
    for i in candidates:
        word = lowers[i]
        for phrase in _SPOKEN_ENDS:
            if word != phrase[0] or tuple(lowers[i : i + len(phrase)]) != phrase:
                continue
            if phrase == ("period",) and _period_is_noun(lowers, i):
                continue
            if i > 0:
                starts[i] = starts[i] or len(phrase) > 1
            end = i + len(phrase)
            if end < len(doc):
                starts[end] = True


class _LowerWords:
    """The tokens' lower-case words, looked up only where asked (no Token per word)."""

    def __init__(self, keys: list[int], strings) -> None:
        self.keys = keys
        self.strings = strings

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index: int | slice):
        if isinstance(index, slice):
            return [self.strings[key] for key in self.keys[index]]
        return self.strings[self.keys[index]]


def _period_is_noun(lowers: _LowerWords, i: int) -> bool:
    before = lowers[i - 1] if i > 0 else ""
    after = lowers[i + 1] if i + 1 < len(lowers) else ""
    return before in _PERIOD_AS_NOUN_BEFORE or before.isdigit() or after in _PERIOD_AS_NOUN_AFTER


def _split_run_ons(doc: Doc, starts: numpy.ndarray, orths: numpy.ndarray) -> None:
    """In run-on sentences, a comma followed by a word starts a new clause; a comma inside a
    list ("C3, C4 and C5", "bupivacaine, 0.5 mL", "C4-5, and C5-6") does not."""
    first = numpy.flatnonzero(starts)
    lengths = numpy.diff(numpy.append(first, len(doc)))
    if not (lengths >= _RUN_ON_TOKENS).any():
        return
    long_sentence = numpy.repeat(lengths >= _RUN_ON_TOKENS, lengths)
    commas = numpy.isin(orths, [doc.vocab.strings[","], doc.vocab.strings[_SPOKEN_COMMA]])
    for i in numpy.flatnonzero(commas & long_sentence).tolist():
        following = i + 1
        if following < len(doc) and doc[following].is_space:
            following += 1
        if following >= len(doc) or starts[following]:
            continue
        word = doc[following].text
        if word.isalpha() and word.lower() not in _LIST_WORDS and not _LEVEL_LIKE.match(word):
            starts[following] = True


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped prose ("... skin wheal w/ 1%\nlido over each target") by turning
    those line breaks into spaces. Same length, so character offsets stay valid."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    pieces = []
    for line, following in itertools.pairwise(lines):
        stripped = line.rstrip()
        # a fixed-width export breaks at a space and keeps it on the next line (" 4 mL")
        head = following[1:] if following[:1] == " " else following
        first = head.lstrip("~")[:1]  # "gave" over "~90% relief": about 90
        if _indent(following) and (
            _indent(following) == _indent(line) or _hanging_under_a_bullet(line, following)
        ):
            # an indented paragraph wraps at the same indent ("  Skin anesthetized\n  with") or
            # at a hanging one under a list item ("  - ... ropivacaine" over "    0.5% 0.5 mL")
            first = following.lstrip(" \t~")[:1]
        wrapped = _range_across(stripped, following) or (
            _WRAPPED_LINE_MIN <= len(stripped) <= _WRAPPED_LINE_MAX
            and stripped[-1] not in _LINE_CLOSERS
            and (
                first.islower()
                or first.isdigit()
                or _BRACKET_ASIDE.match(head) is not None
                or (first.isalpha() and _runs_on(stripped, following))
                or _shouted_across(stripped, following)
                or _capitals_across(stripped, following)
                or _indented_continuation(line, following)
                or _indented_level(line, following)
            )
            and not (_FIELD_LINE.match(line) and _FIELD_LINE.match(following))
            and not _LABELLED_LINE.match(following)
            and not _ends_in_a_field(stripped)
            and not (_is_table_row(stripped) and _is_table_row(following))
            and not _LEADER.search(stripped)
            and not _LOG_ENTRY.match(following)
        )
        pieces.append(line + (" " if wrapped else "\n"))
    pieces.append(lines[-1])
    return "".join(pieces)


# A log entry: a line opening with its clock time and a column gap ("1040      Lido 1% skin
# and track 2 mL", "08:44  138/80"): a new entry, never the line above wrapped.
_LOG_ENTRY = re.compile(r"[ \t]*(?:[01]\d|2[0-3]):?[0-5]\d(?: {2,}|\t)")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _hanging_under_a_bullet(line: str, following: str) -> bool:
    """A bulleted item ("  - Each joint: ... ropivacaine (Naropin)") wrapped at a deeper
    indent ("    0.5% 0.5 mL.")."""
    deeper = len(_indent(following)) > len(_indent(line))
    if _OUTLINE_NUMBER.match(line.lstrip(" \t")):
        # a numbered outline item whose drug's amounts wrap ("1.3.g Injectate: ... +
        # triamcinolone" over "40 mg/mL 0.2 mL."); a date or an item of its own is no wrap
        return deeper and _QUANTITY_FIRST.match(following.lstrip(" \t")) is not None
    return line.lstrip(" \t")[:1] in _BULLETS and deeper


# A line that opens with an amount: "40 mg/mL 0.2 mL.", "0.5% 0.5 mL", "2 mL each".
_QUANTITY_FIRST = re.compile(r"\d*\.?\d+[ \t]*(?:%|mg\b|mcg\b|ml\b|cc\b)", re.IGNORECASE)
# The number of an outline item: "1.", "2)", "1.3", "1.3.g", "a)".
_OUTLINE_NUMBER = re.compile(
    r"(?:\d+(?:\.\d+)*\.[a-z]?|\d+(?:\.\d+)+(?:\.?[a-z])?|\d+\)|[a-z][.)])\s"
)


# Words a line cannot end on unless the sentence goes on below it ("the right C4-5, C5-6 and"
# then "C6-7 facet joints"), whatever the next line's first letter.
_RUN_ON_WORDS = frozenset({"and", "or", "to", "through", "the", "of", "with", "at", "for"})
# Words of a range of levels ("C4-5 through C6-7") that a line cannot end on.
_RANGE_WORDS = frozenset({"to", "through", "thru"})


# A negation cannot close a sentence either ("... TOLERATED THE PROCEDURE WELL. NO" over
# "COMPLICATIONS."), unless it answers a field ("Contrast used: no").
_RUN_ON_NEGATIONS = frozenset({"no", "not", "without"})


# A side word cannot close a line whose next line opens with its levels ("... directed to
# the waists of the right" over "C4, C5, C6 and C7 articular pillars.").
_SIDE_ENDINGS = frozenset({"right", "left", "bilateral", "bilaterally"})


_STRENGTH = re.compile(r"^\d*\.?\d+%$")
# A line opening with a bracketed aside that the sentence runs on after ("(Depo-Medrol 80
# mg/mL) and ropivacaine 0.2%." under "... a mixture of methylprednisolone"): a brand or a
# gloss of the word above ("(dexamethasone 4 mg/mL) 2 mL,"), not an enumerator ("(a) Right").
_BRACKET_ASIDE = re.compile(r"\([A-Za-z][^()\n]{2,}\)[ \t]*(?:[a-z0-9,;.]|$)")
# Words joining the next item of a list of drugs and their amounts.
_AMOUNT_JOINERS = frozenset({"+", "plus", "&"})
# An amount of a drug, its number and unit in one word or two: "0.25%", "0.5 mL", "1cc".
_AMOUNT = re.compile(r"^\d*\.?\d+ ?(?:%|ml|cc|mg)$", re.IGNORECASE)


def _runs_on(line: str, following: str = "") -> bool:
    words = line.rsplit(None, 2)
    if line.endswith(",") or (bool(words) and words[-1].lower() in _RUN_ON_WORDS):
        return True
    if len(words) > 1 and _STRENGTH.match(words[-1]) and words[-2].lower() in _RUN_ON_WORDS:
        return True  # "a mixture of 0.25%" over "Sensorcaine and ...": the drug is below
    if _amount_at_the_end(line):
        return True  # "a mixture consisting of 0.5 mL" over "Depo-Medrol 40 mg/mL and ..."
    if words and words[-1].lower() in _SIDE_ENDINGS and _LEVEL_LIKE.match(following.lstrip()):
        return True
    return (
        len(words) > 1
        and words[-1].lower() in _RUN_ON_NEGATIONS
        and not words[-2].endswith((":", "=", "|"))
    )


def _amount_at_the_end(line: str) -> bool:
    """A line ending in an amount after a word that leads to the drug it measures ("...
    consisting of 0.5 mL", "... 0.5 mL bupivacaine 0.5% + 0.25 mL"): the drug is below."""
    tail = line.rsplit(None, 3)[1:]
    for size in (1, 2):
        if len(tail) > size and _AMOUNT.match(" ".join(tail[-size:])):
            return tail[-size - 1].lower() in _RUN_ON_WORDS | _AMOUNT_JOINERS
    return False


def _range_across(line: str, following: str) -> bool:
    """A range broken after its word ("... facet joint injections, C4-5 through" over
    "C6-7, intra-articular"): the level below ends the range, whatever the two lines look
    like (a label before it, a comma after it)."""
    words = line.rsplit(None, 1)
    return (
        len(words) == 2
        and words[-1].lower() in _RANGE_WORDS
        and bool(_LEVEL_LIKE.match(following.lstrip()))
    )


def _indented_continuation(line: str, following: str) -> bool:
    """An indented paragraph wrapped at the same indent ("   ... Mild left C5-6" over
    "   facet arthropathy.") or at a hanging one under a list item ("  A) ... 1% lido" over
    "     skin.", "Needle 7 - L C6 MB: ... needle" over "  abandoned and withdrawn ..."):
    the next line goes on in lower case."""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    rest = following[len(indent) :].lstrip(" \t")
    hanging = len(_indent(following)) > len(indent)
    return (bool(indent) or hanging) and following.startswith(indent) and rest[:1].islower()


def _indented_level(line: str, following: str) -> bool:
    """An indented paragraph wrapped before a level at the same indent ("   ... Earlier
    (2023) R-sided" over "   C3-C6 MBB x2 at outside facility"): the level goes on with the
    sentence above, and so with its time and side. A line that itself opens with a level at
    that indent is a row of a list of levels ("  C5-6 R - arthrogram OK - same injectate"
    over "  C6-7 R - venous uptake ..."): the level below opens the next row."""
    indent = _indent(line)
    return (
        bool(indent)
        and _indent(following) == indent
        and bool(_LEVEL_LIKE.match(following[len(indent) :]))
        and not _LEVEL_LIKE.match(line[len(indent) :])
    )


def _shouted_across(line: str, following: str) -> bool:
    """A capitalised phrase of prose broken by the wrap ("... withdrawn and NOTHING WAS" over
    "INJECTED at C4-5."): a mixed-case line ending in two capitalised words, over a line
    whose first word is capitalised and whose text runs on in lower case."""
    ending = line.split()[-2:]
    words = following.split()
    return (
        any(c.islower() for c in line)
        and len(ending) == 2
        and all(word.isalpha() and word.isupper() for word in ending)
        and bool(words)
        and words[0].isalpha()
        and words[0].isupper()
        and any(c.islower() for c in following)
    )


def _ends_in_a_field(line: str) -> bool:
    """A record line of fields parted by semicolons ("sens 50hz: <0.5V concordant ea; motor
    2hz: no fasciculation UE") ends with its last field's value: the next line is another
    item, and a negation in the field cannot reach it."""
    return ";" in line and _LABELLED_LINE.match(line.rsplit(";", 1)[1]) is not None


def _capitals_across(line: str, following: str) -> bool:
    """Prose written all in capitals and wrapped ("... PREPPED W/ CHLORAPREP. SKIN LOCAL"
    over "LIDOCAINE 1% 1 ML EACH LEVEL."): a capital first letter says nothing there, so an
    all-capitals line runs on into the next all-capitals line unless that opens with a
    label ("POST PAIN: 3/10")."""
    return (
        any(c.isalpha() for c in following)
        and not any(c.islower() for c in line)
        and not any(c.islower() for c in following)
        and not _LABELLED_LINE.match(following)
    )


def _is_table_row(line: str) -> bool:
    return len(_COLUMN_GAP.findall(line.strip())) >= _ROW_GAPS
