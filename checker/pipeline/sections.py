"""Split a note into sections by its headers, so today's procedure can be told from history,
imaging, diagnoses and the plan.

Headers and their categories are data (`patterns/sections.jsonl`, in priority order). A
header is a known phrase that starts a line and ends with a colon or the line (`PLAN:`,
`Description of procedure`), or an upper-case known phrase followed by a colon anywhere
(run-on transcriptions: `... neck pain. PROCEDURE: right C4-5 ...`). Text under no header
is `unheaded`: before the first header, in a note without headers, and after an inline
header's line.

A header's reach follows its form: a heading on its own line (`HISTORY:` then text below)
covers until the next heading; an inline header (`Hx: 3 yrs neck pain`, `- Imaging: MRI
...`, `Indication: ...`) covers its own line only, so a history line run straight into the
procedure text cannot take the procedure with it; an inline procedure header
(`PROCEDURE: right C4-5 ...`) also covers the lines below it up to a blank line; a heading
written without a colon (`HOME MEDICATIONS`) covers the bulleted or numbered list below it
and nothing else, so a side column's heading flattened into a page cannot swallow it. The
section is a prior: the context rules still decide per sentence whether a fact is history,
plan, imaging or negated.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from checker.pipeline.facts import fact_rows
from checker.pipeline.reading import UNHEADED, Section
from checker.pipeline.tokenizer import doc_text
from checker.resources import load_json, load_rows

__all__ = ["UNHEADED", "Section", "find_headers"]
PRIOR_NOTE = "prior_note"
PRIOR_NOTE_END = "prior_note_end"
# words on an "Original note" marker's line saying the text below was sent with the messages
# above it ("Original note (attached by sender):"): the note they are about, not a version
_SENT_ATTACHMENT = "sent_attachment"
# words on a line inside a coder's query thread that open the note the query is about
# ("--- Note excerpt (DOS 03/03) ---", "Procedure note (03/12), text as signed:"): that
# note is the record again, not the thread
_QUERIED_NOTE = "queried_note"
_QUERY = "query"  # the `kind` of a marker opening a coder's query thread
_MAX_HEADER_WORDS = 6
_MAX_CONTAINING_WORDS = 4
_MIN_CONTAINED_CHARS = 2  # longer header candidates must match a known header exactly
# "1. ", "a) ", a Roman-numbered heading ("VIII. IMAGING", "XII. PLAN") and a lettered item
# before a field label ("A - Cervical: prone ..."), which is a list letter, not the SOAP
# header "A" (assessment)
_LEADING_MARKUP = re.compile(
    r"^[\s#*>•·\-–=_]*(?:\d{1,2}[.)]\s+|[A-Za-z][.)]\s+|[IVX]{2,5}[.)]\s+"
    r"|[A-Za-z]\s[-–]\s(?=[A-Za-z][\w /]{0,30}:))?"
)
# (letters of any Latin script: "Anamnèse:", "História:", "Técnica de hoje:")
_LINE_HEADER = re.compile(
    r"([^\W\d_](?:[^\W_]|[ /&'()-]){0,60}?(?:\s*\([^()\n]{1,60}\))?)\s*(?::|\s-\s|$)"
)
# a bracketed qualifier after a header's words ("PLAN (if MBB #2 concordant):", "Imaging
# reviewed (MRI 09/18/2024, outside report):"): the words before it name the section
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
# (the letter before the header is tested after its first capital, so the search skips to
# capitals: "(?<![A-Za-z])[A-Z]" made it try every position of every line)
_INLINE_HEADER = re.compile(r"([A-Z](?<![A-Za-z][A-Z])[A-Z0-9/&' -]{1,50}?)\s*:")
# a known field label in title case after a sentence on the same line ("Pre-op dx: cervical
# facet syndrome, R. Consent: signed."): the label opens a field of its own
# ("Prior injection 01/2025:" carries the date it names before its colon)
_LABEL_AFTER_A_SENTENCE = re.compile(
    r"[.;!?][ \t]+([A-Z][a-z]+(?:[ -][A-Za-z]+){0,2})(?:[ \t]+\d{1,2}/\d{2,4}(?:/\d{2,4})?)?"
    r"[ \t]*:(?![\d/])"
)
_ARTICLE = re.compile(r"\bthe\b")
_TODAY = frozenset({"procedure", "post_procedure"})
_CHARGES = "billing"  # a charge section: the codes billed, not what was done
_UNHEADED_PROCEDURE_CHARS = 100  # unheaded text this long may be a note without headers
_BLANK_LINE_STARTS = re.compile(r"(?=\n[ \t]*\n)")  # every start, overlapping ones too
_NEWLINE = re.compile("\n")
_NON_SPACE = re.compile(r"\S")
# what opens a list item: a bullet, a number, or the date of a chronological log's row
# ("07/02/2021  Occ med: ...")
_ITEM_MARK = r"[ \t]*(?:[-*\u2022]|\d{1,2}[.)]|\d{1,2}/\d{1,2}/\d{2,4})[ \t]+"
# a run of list lines (bullets or numbers) straight below a heading written without a colon
_LIST_LINES = re.compile(_ITEM_MARK + r"\S[^\n]*(?:\n|$)")
# under a heading that is not today's procedure, lines indented below it are its items too
# ("TREATMENT REQUESTED" over "  Bilateral C4-5, C5-6 ...", a log's wrapped row)
_INDENTED_LINES = re.compile(r"(?:" + _ITEM_MARK + r"|[ \t]{2,})\S[^\n]*(?:\n|$)")
# A line cut at the margin: this long, without an ending stop, it runs on into the next line
# when that line goes on with a level or a bracket ("... facet arthropathy L>R" over "C3-4
# through C6-7", "... RFA C2-3 through C4-5" over "(TON + C3, C4, C5 MB)"), or indented deeper
# in lower case (a list item's wrapped text): an inline header covers its whole sentence, not
# the first printed line of it. Lines joined as prose were joined before this step.
_WRAP_COLUMN = 60
_SENTENCE_STOPS = (".", "!", "?", ":", ";")
_GOES_ON = re.compile(r"\(|[CTLS]\d")
# a heading's qualifier in capitals on its line ("YOUR NEXT PROCEDURE - SCHEDULED"): the
# line is still a heading on its own, covering what is below it
_CAPITALS_QUALIFIER = re.compile(r"[ \t]*[A-Z][A-Z/&' ]{0,30}[ \t]*:?[ \t]*")
# the rest of a heading's line when it is the condition the heading waits on ("Plan: if
# >= 80% relief x 2:", "Next steps - once the diary is back:"): the heading is still on its
# own line, over what is done if the condition is met
_CONDITION = re.compile(
    r"[ \t]*(?:if|when|once|should|unless|pending)\b[^:\n]{0,60}:[ \t]*", re.IGNORECASE
)
_OPENING_QUOTES = frozenset('"\u201c')
_CLOSING_QUOTES = frozenset('"\u201d')
_BANNER_RULE = re.compile(r"[ \t]*(?:-{2,}|={2,}|\*{2,}|#{2,}|_{2,}|~{2,})")
_NON_WORD = re.compile(r"[^a-z0-9/&+\- ]+")
_SPACED_SLASH = re.compile(r" ?/ ?")
_MAX_REMEMBERED = 20_000  # header candidates (and lines) whose headers are remembered
_REMEMBERED_LINE_CHARS = 200
# an exam line this long or shorter may be a report's title; a physical exam runs longer
_EXAM_TITLE_CHARS = 120

if not Doc.has_extension("sections"):
    Doc.set_extension("sections", default=None)


class HeaderTable:
    """Header phrase -> category, matched exactly first, then by contained phrase in file order."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        # contained phrases in file order, searched with `_contains_words` (compiling a
        # regex for each of some 400 phrases cost about 0.05 s of every start)
        self.ordered: list[tuple[str, str]] = []
        self.prior_note_starts = tuple(
            _normalise(row["pattern"]) for row in rows if row["label"] == PRIOR_NOTE
        )
        self.prior_note_ends = tuple(
            _normalise(row["pattern"]) for row in rows if row["label"] == PRIOR_NOTE_END
        )
        self.original_versions = tuple(
            _normalise(row["pattern"]) for row in rows if row.get("kind") == "original_version"
        )
        self.sent_attachments = tuple(
            _normalise(row["pattern"]) for row in rows if row["label"] == _SENT_ATTACHMENT
        )
        self.query_starts = tuple(
            _normalise(row["pattern"]) for row in rows if row.get("kind") == _QUERY
        )
        self.queried_notes = tuple(
            _normalise(row["pattern"]) for row in rows if row["label"] == _QUERIED_NOTE
        )
        # never headers
        rows = [row for row in rows if row["label"] not in (_SENT_ATTACHMENT, _QUERIED_NOTE)]
        # a line can open with one of these only if it holds the phrase's first word
        first_words = sorted({start.split()[0] for start in self.prior_note_starts})
        self._prior_note_word = re.compile("|".join(map(re.escape, first_words)) or "(?!)")
        self._categories: dict[str, str | None] = {}  # header candidates seen (notes share them)
        self.line_headers: dict[str, tuple[tuple[int, int, str], ...]] = {}  # lines seen
        for row in rows:
            phrase = _normalise(row["pattern"])
            self.exact.setdefault(phrase, row["label"])
            if len(phrase) < _MIN_CONTAINED_CHARS:
                continue  # "S:", "P:" (SOAP) only as whole headers
            self.ordered.append((phrase, row["label"]))

    def starts_prior_note(self, line: str) -> bool:
        """A line that opens an earlier note pasted below today's ("Previous note 01/02")."""
        head = line[:80]
        lowered = head.lower()
        if not self._prior_note_word.search(lowered):
            return False
        whole = _normalise(head)
        matched = [start for start in self.prior_note_starts if whole.startswith(start)]
        return bool(matched) and not _runs_on_as_prose(head, max(matched, key=len))

    def sent_attachment(self, line: str) -> bool:
        """Whether a line that opens a prior note (`starts_prior_note`) opens instead the
        note a message thread is about, sent with it ("Original note (attached by
        sender):"): no header, so the note reads as the record."""
        if not self.sent_attachments:
            return False
        whole = _normalise(line)
        return whole.startswith(self.original_versions) and any(
            words in whole for words in self.sent_attachments
        )

    def opens_query(self, line: str) -> bool:
        """Whether a prior-note marker line opens a coder's query thread ("Coding Query
        Log", "Query date: ...")."""
        whole = _normalise(line)
        return any(words in whole for words in self.query_starts)

    def queried_note_start(self, text: str, start: int, end: int) -> int | None:
        """Where, between `start` and `end`, a line opens the note a query thread is about
        ("--- Note excerpt (DOS 03/03/2026) ---"), if one does."""
        line_start = text.rfind("\n", 0, start) + 1
        while line_start < end:
            line_end = text.find("\n", line_start)
            line_end = end if line_end < 0 else min(line_end, end)
            whole = _normalise(text[line_start:line_end])
            if any(words in whole for words in self.queried_notes):
                return line_start
            line_start = line_end + 1
        return None

    def ends_prior_note(self, line: str) -> bool:
        """A line that closes a pasted earlier note ("---- END PREVIOUS NOTE ----")."""
        head = line[:80]
        return head[:3].lower() == "end" and _normalise(head).startswith(self.prior_note_ends)

    def is_exact(self, candidate: str) -> bool:
        return _normalise(candidate) in self.exact

    def category(self, candidate: str) -> str | None:
        if candidate not in self._categories:
            if len(self._categories) >= _MAX_REMEMBERED:
                self._categories.clear()
            self._categories[candidate] = self._category(candidate)
        return self._categories[candidate]

    def _category(self, candidate: str) -> str | None:
        # a known header with its qualifier ("PROCEDURE(S) (from order):") first: the
        # qualifier can change what the section is (an order lists what was requested)
        whole = _normalise(candidate)
        if whole in self.exact:
            return self.exact[whole]
        text = _normalise(_QUALIFIER.sub("", candidate) or candidate)
        if not text or len(text.split()) > _MAX_HEADER_WORDS:
            return None
        if text in self.exact:
            return self.exact[text]
        if len(text.split()) > _MAX_CONTAINING_WORDS:
            return None
        for phrase, label in self.ordered:
            if phrase in text and _contains_words(text, phrase):
                return label
        return None


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _contains_words(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` with no letter or digit (of a normalised text)
    right before or after it: `(?<![a-z0-9])phrase(?![a-z0-9])` as a regex, without one."""
    end_of_text = len(text)
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or text[at - 1] not in _WORD_CHARS) and (
            end == end_of_text or text[end] not in _WORD_CHARS
        ):
            return True
        at = text.find(phrase, at + 1)
    return False


# words that go on naming the earlier note after its marker ("Previous note by Dr. Roe",
# "Prior note (copied forward from 03/02)"), not a sentence about it
_MARKER_GOES_ON = frozenset(
    {"from", "by", "of", "dated", "for", "copied", "pasted", "below", "above", "follows", "on"}
    | {"carried", "signed", "written", "as", "in", "at", "and", "text", "excerpt", "reads"}
    | {"previous", "prior", "earlier", "last", "the", "this", "that", "her", "his"}
)
_RULE_ENDS = ("--", "==", "**", "##", "__", "~~")
_FIRST_WORD = re.compile(r"[^A-Za-z\n]*([A-Za-z]+)")


def _runs_on_as_prose(line: str, phrase: str) -> bool:
    """Whether a line that opens with a prior-note marker's words is a sentence about that
    note ("Prior visit note mentioned facet arthropathy on MRI, but ..."): the words go on in
    lower case with a verb, and the line is no heading (no colon at its end)."""
    stripped = line.strip()
    if stripped.endswith(":") or _BANNER_RULE.match(stripped) or stripped.endswith(_RULE_ENDS):
        return False  # a heading, or a marker set off as a banner
    words = phrase.split()
    found = re.search(r"\W+".join(map(re.escape, words)), line, re.IGNORECASE)
    if found is None:
        return False
    after = _FIRST_WORD.match(line, found.end())
    if after is None or line[found.end() : after.start(1)].strip():
        return False  # a date, a bracket or a rule goes on: a heading
    word = after.group(1)
    return word.islower() and word not in _MARKER_GOES_ON


def _normalise(text: str) -> str:
    text = _NON_WORD.sub(" ", _ARTICLE.sub(" ", text.lower()))
    # "Assessment / plan" is the header "assessment/plan"
    return _SPACED_SLASH.sub("/", " ".join(text.split()))


def find_headers(text: str, table: HeaderTable) -> list[tuple[int, int, str]]:
    """(header start, header end, category) for every header, in text order."""
    found: list[tuple[int, int, str]] = []
    offset = 0
    remembered = table.line_headers
    for line in text.splitlines(keepends=True):
        # a line's headers depend on the line alone, and notes share most of their lines
        # (templates, headings): each line's regex searches run once
        headers = remembered.get(line)
        if headers is None:
            headers = _line_headers(line, table)
            if len(line) <= _REMEMBERED_LINE_CHARS:  # a long line is rarely met again
                if len(remembered) >= _MAX_REMEMBERED:
                    remembered.clear()
                remembered[line] = headers
        if headers:
            found += [(offset + start, offset + end, category) for start, end, category in headers]
        offset += len(line)
    return found


def _line_headers(line: str, table: HeaderTable) -> tuple[tuple[int, int, str], ...]:
    """(start, end, category) of the headers of one line (offsets within it), in order."""
    markup = _LEADING_MARKUP.match(line)
    body_start = markup.end() if markup else 0
    body = line[body_start:]
    opens_prior_note = table.starts_prior_note(body)
    if opens_prior_note and table.sent_attachment(body):
        return ()
    marker = (
        PRIOR_NOTE if opens_prior_note else PRIOR_NOTE_END if table.ends_prior_note(body) else None
    )
    if marker is not None:
        return ((body_start, len(line.rstrip("\n")), marker),)
    found: dict[int, tuple[int, int, str]] = {}
    match = _LINE_HEADER.match(line, body_start)
    if match:
        has_colon = line[match.end(1) :].lstrip().startswith((":", "-"))
        rest = line[match.end() :].strip()
        candidate = match.group(1)
        # a heading in capitals may carry a qualifier in lower case ("RECORDS REVIEWED
        # (chronological summary)")
        in_capitals = (_QUALIFIER.sub("", candidate) or candidate).isupper()
        standalone = not rest and (in_capitals or table.is_exact(candidate))
        category = table.category(candidate) if (has_colon or standalone) else None
        if category:
            found[match.start(1)] = (match.start(1), match.end(), category)
    for inline in _INLINE_HEADER.finditer(line):
        start = inline.start(1)
        if start in found or not inline.group(1).strip():
            continue
        category = table.category(inline.group(1))
        if category:
            found[start] = (start, inline.end(), category)
    for label in _LABEL_AFTER_A_SENTENCE.finditer(line):
        start = label.start(1)
        if start not in found and table.is_exact(label.group(1)):
            category = table.category(label.group(1))
            if category:
                found[start] = (start, label.end(), category)
    return tuple(found[key] for key in sorted(found))


def _copied_forward(sections: list[Section], text: str, table: HeaderTable) -> list[Section]:
    """An earlier note pasted into today's: all that follows the marker is that earlier note
    (its own PROCEDURE: header included), up to a closing marker ("--- END PASTED NOTE ---")
    or the end of the note. A marker set off as a banner ("--- PASTED PROCEDURE NOTE
    08/18/2025 ---") opens the pasted note wherever it stands; any other marker does so only
    once today's procedure has been written (before that it covers its line). A coder's
    query thread ends where the note it asks about is given below it ("--- Note excerpt
    ---"): that note is the record."""
    sections, resume = _queried_notes_resumed(sections, text, table)
    result: list[Section] = []
    index = 0
    while index < len(sections):
        section = sections[index]
        opens = section.category == PRIOR_NOTE and (
            _is_banner(text, section.start) or any(_holds_procedure(s) for s in result)
        )
        if not opens:
            result.append(section)
            index += 1
            continue
        close = (
            index + 1
            if _quoted_excerpt(text, section)
            else next(
                (
                    i
                    for i in range(index + 1, len(sections))
                    if sections[i].category == PRIOR_NOTE_END or sections[i].start == resume
                ),
                len(sections),
            )
        )
        result += [s._replace(category=PRIOR_NOTE) for s in sections[index:close]]
        index = close
    return result


def _queried_notes_resumed(
    sections: list[Section], text: str, table: HeaderTable
) -> tuple[list[Section], int | None]:
    """The sections with the one holding the first line of the note a query thread asks
    about split at that line, and where that line starts (None: no query thread, or no
    note given below it)."""
    if not table.queried_notes:
        return sections, None
    for index, section in enumerate(sections):
        if section.category != PRIOR_NOTE:
            continue
        if not table.opens_query(text[section.start : section.header_end]):
            continue
        resume = table.queried_note_start(text, section.header_end, len(text))
        if resume is None:
            return sections, None
        result = list(sections[:index])
        for later in sections[index:]:
            if later.start < resume < later.end:
                result.append(later._replace(end=resume))
                result.append(Section(resume, later.end, UNHEADED, resume))
            else:
                result.append(later)
        return result, resume
    return sections, None


# a line introducing a quotation of an earlier note: it names the earlier procedure, note
# or report, or says it is quoted, and ends with a colon
_QUOTE_INTRO = re.compile(
    r"\b(?:prior|previous|earlier|last|quoted|comparison)\b[^\n]*:[ \t]*\n", re.IGNORECASE
)
# an e-mail style quotation: lines opening with "> " (two or more)
_MAIL_QUOTE = re.compile(r"(?:[ \t]*>[ \t][^\n]*(?:\n|$)){2,}")


def _quoted_earlier_notes(text: str) -> list[tuple[int, int]]:
    """Stretches quoting an earlier note e-mail style below a line that introduces it
    ("Previous procedure (10/03/2025), for comparison:" over "> Right C4-5 ..." lines): the
    earlier note's words, not today's. (A quotation in quote marks stays: today's text
    often takes its technique and drugs by reference, "injectate unchanged from 09/12".)"""
    found = []
    for intro in _QUOTE_INTRO.finditer(text):
        quoted = _MAIL_QUOTE.match(text, intro.end())
        if quoted is not None:
            found.append((quoted.start(), quoted.end()))
    return found


def _carve(sections: list[Section], spans: list[tuple[int, int]]) -> list[Section]:
    """The sections with each span in `spans` made a prior-note section of its own."""
    for start, end in spans:
        result: list[Section] = []
        for section in sections:
            if section.end <= start or section.start >= end:
                result.append(section)
                continue
            if section.start < start:
                result.append(
                    section._replace(end=start, header_end=min(section.header_end, start))
                )
            if section.end > end:
                result.append(section._replace(start=end, header_end=max(section.header_end, end)))
        result.append(Section(start, end, PRIOR_NOTE, start))
        sections = sorted(result, key=lambda s: (s.start, s.end))
    return sections


def _quoted_excerpt(text: str, section: Section) -> bool:
    """An earlier note quoted under its marker ('LAST PROCEDURE NOTE (auto-pulled):' over
    '"...needles were placed ..."'): the quotation is the earlier note, and the headers
    after its closing quote are today's note again."""
    body = text[section.header_end : section.end].strip()
    return len(body) > 1 and body[0] in _OPENING_QUOTES and body[-1] in _CLOSING_QUOTES


def _is_banner(text: str, start: int) -> bool:
    """A marker line set off by a rule: "--- ", "=== ", "*** " before its words."""
    line_start = text.rfind("\n", 0, start) + 1
    return _BANNER_RULE.match(text, line_start, start) is not None


def _holds_procedure(section: Section) -> bool:
    if section.category == UNHEADED:
        return section.end - section.start >= _UNHEADED_PROCEDURE_CHARS
    return section.category in _TODAY


class Sectionizer:
    """Sets `doc._.sections`: a list of `Section`s covering the text in order."""

    def __init__(
        self,
        table: HeaderTable,
        paragraph_sections: frozenset[str],
        exam_titles: frozenset[str] = frozenset(),
        procedure_label: int = 0,
    ) -> None:
        self.table = table
        self.paragraph_sections = paragraph_sections
        self.exam_titles = exam_titles
        self.procedure_label = procedure_label

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        headers = find_headers(text, self.table)
        sections: list[Section] = []
        cursor = 0
        breaks = _Breaks(text)
        headers = self._without_charge_fields(breaks, headers)
        for index, (start, header_end, category) in enumerate(headers):
            if start > cursor:
                sections.append(Section(cursor, start, UNHEADED, cursor))
            following = headers[index + 1][0] if index + 1 < len(headers) else len(text)
            own_end, form = self._own_end(breaks, start, header_end, category)
            end = min(following, own_end)
            sections.append(Section(start, end, category, header_end, form))
            cursor = end
        if cursor < len(text) or not sections:
            sections.append(Section(cursor, len(text), UNHEADED, cursor))
        sections = self._exam_titles(doc, text, sections)
        sections = _copied_forward(sections, text, self.table)
        doc._.sections = _carve(sections, _quoted_earlier_notes(text))
        return doc

    def _without_charge_fields(
        self, breaks: _Breaks, headers: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """Headers less the field labels of the indented list under a charge heading
        ("BILLING" over "  Right levels blocked: 4 (T11-12, T12-L1, L4-5, L5-S1)"): the
        count and the codes are what was billed, not a description of what was done."""
        kept: list[tuple[int, int, str]] = []
        list_end = -1
        for header in headers:
            start, header_end, category = header
            if start < list_end:
                continue
            kept.append(header)
            if category == _CHARGES:
                own_end, form = self._own_end(breaks, start, header_end, category)
                list_end = own_end if form == "list" else -1
        return kept

    def _exam_titles(self, doc: Doc, text: str, sections: list[Section]) -> list[Section]:
        """A radiology report's "EXAM:" line names the examination performed ("EXAM: CT-GUIDED
        RIGHT C5-6 FACET INJECTION"), not a physical examination: a short exam line that
        names a procedure is that procedure's title."""
        lines = [
            index
            for index, s in enumerate(sections)
            if s.category == "exam"
            and s.form == "line"
            and s.end - s.header_end <= _EXAM_TITLE_CHARS
            and _normalise(text[s.start : s.header_end]) in self.exam_titles
        ]
        if not lines:
            return sections
        named = [doc[row[0]].idx for row in fact_rows(doc) if row[2] == self.procedure_label]
        for index in lines:
            section = sections[index]
            if any(section.header_end <= char < section.end for char in named):
                sections[index] = section._replace(category="procedure")
        return sections

    def _own_end(
        self, breaks: _Breaks, start: int, header_end: int, category: str
    ) -> tuple[int, str]:
        """Where a header's own content ends, and the header's form."""
        text = breaks.text
        if category == PRIOR_NOTE_END:
            return header_end, "line"  # what follows the pasted note is today's note again
        if header_end and text[header_end - 1] == "\n":
            # a heading without a colon on its own line ("HOME MEDICATIONS"): it covers the
            # list below it, and only a list, so a side column's heading flattened into the
            # procedure text cannot take the procedure with it
            today = category in _TODAY
            listed = self._list_end(breaks, header_end, _LIST_LINES if today else _INDENTED_LINES)
            if listed > header_end:
                return listed, "list"
            if not today and self._set_off_in_capitals(text, header_end):
                # a heading in capitals with a blank line above it ("EXAMINATION (today)",
                # "CLINICAL SUMMARY") titles the paragraph below it: what it holds is not
                # today's procedure
                return breaks.paragraph_end(header_end), "paragraph"
            return header_end, "line"
        line_end = breaks.line_end(header_end)
        if (
            not _NON_SPACE.search(text, header_end, line_end)
            or _CAPITALS_QUALIFIER.fullmatch(text, header_end, line_end)
            or _CONDITION.fullmatch(text, header_end, line_end)
        ):
            if not _starts_its_line(text, start):
                # ending a line of prose, it labels the sentence wrapped onto the next line
                return breaks.paragraph_end(header_end), "line"
            return len(text), "block"  # a heading on its own line: runs to the next header
        if category in self.paragraph_sections:
            return breaks.paragraph_end(header_end), "line"
        return self._aligned_end(breaks, header_end, self._wrapped_end(breaks, line_end)), "line"

    def _aligned_end(self, breaks: _Breaks, header_end: int, end: int) -> int:
        """`end` moved past the lines a template's field goes on with, each indented to the
        column where the field's value starts ("Indication: neck pain, R>L." over
        "            Tender R C3-4 facets."): they are the same field's, not unheaded text.
        A line holding a header of its own always stops it."""
        text = breaks.text
        line_start = text.rfind("\n", 0, header_end) + 1
        value = _NON_SPACE.search(text, header_end, breaks.line_end(header_end))
        if value is None:
            return end
        column = value.start() - line_start
        if column <= len(text[line_start:header_end]) - len(text[line_start:header_end].lstrip()):
            return end
        while end < len(text):
            next_end = breaks.line_end(end + 1)
            following = text[end + 1 : next_end]
            words = following.lstrip(" \t")
            if not words or len(following) - len(words) != column:
                break
            if find_headers(following, self.table):
                break
            end = next_end
        return end

    @staticmethod
    def _set_off_in_capitals(text: str, header_end: int) -> bool:
        """Whether the heading line ending at `header_end` is in capitals (a lower-case
        qualifier aside) and starts the text or follows a blank line."""
        line_start = text.rfind("\n", 0, header_end - 1) + 1
        heading = _QUALIFIER.sub("", text[line_start : header_end - 1])
        if not heading.isupper():
            return False
        above = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        return line_start == 0 or not text[above : line_start - 1].strip()

    def _list_end(self, breaks: _Breaks, start: int, items: re.Pattern[str] = _LIST_LINES) -> int:
        """The end of the list lines (`items`) from `start`, each with its wrapped lines."""
        end = start
        while listed := items.match(breaks.text, end):
            end = self._wrapped_end(breaks, breaks.line_end(listed.start()))
            end = end + 1 if breaks.text.startswith("\n", end) else end
        return end

    def _wrapped_end(self, breaks: _Breaks, line_end: int) -> int:
        """`line_end` moved past the lines its sentence is hard-wrapped onto (see
        `_WRAP_COLUMN`); a line holding a header of its own always stops it."""
        text = breaks.text
        while line_end < len(text):
            line_start = text.rfind("\n", 0, line_end) + 1
            line = text[line_start:line_end].rstrip()
            if len(line) < _WRAP_COLUMN or line.endswith(_SENTENCE_STOPS):
                break
            next_end = breaks.line_end(line_end + 1)
            following = text[line_end + 1 : next_end]
            if not _continues(line, following) or find_headers(following, self.table):
                break
            line_end = next_end
        return line_end


def _starts_its_line(text: str, start: int) -> bool:
    """Whether a header starts its line (after list markup): one written at the end of a
    line of prose ("... (right arm pain, numbness). MRI 09/2024:" over "right C5-6 foraminal
    stenosis ...") labels the sentence wrapped onto the next line, not what follows below
    it up to the next header."""
    line_start = text.rfind("\n", 0, start) + 1
    markup = _LEADING_MARKUP.match(text, line_start)
    return (markup.end() if markup else line_start) >= start


def _continues(line: str, following: str) -> bool:
    """Whether `following` goes on with the sentence `line` was cut in."""
    words = following.lstrip(" \t")
    if _GOES_ON.match(words):
        return True
    indent = len(line) - len(line.lstrip(" \t"))
    deeper = len(following) - len(words) > indent
    return deeper and words[:1].islower()


class _Breaks:
    """Line ends and blank lines of a text, found once: a search per header from the
    header to the next break reads the rest of a note without breaks again per header."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None
        self._blank_lines: list[int] | None = None

    def line_end(self, position: int) -> int:
        """The first line break at or after `position` (the text's end without one)."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        return self._first_at(self._newlines, position)

    def paragraph_end(self, position: int) -> int:
        """Where the first blank line at or after `position` starts (else the text's end)."""
        if self._blank_lines is None:
            self._blank_lines = [m.start() for m in _BLANK_LINE_STARTS.finditer(self.text)]
        return self._first_at(self._blank_lines, position)

    def _first_at(self, positions: list[int], position: int) -> int:
        index = bisect_left(positions, position)
        return positions[index] if index < len(positions) else len(self.text)


@Language.factory("note_sections")
def make_sectionizer(nlp: Language, name: str) -> Sectionizer:
    scopes = load_json("section_scopes.json")
    return Sectionizer(
        HeaderTable(load_rows("sections.jsonl")),
        frozenset(scopes["paragraph_sections"]),
        frozenset(_normalise(title) for title in scopes["exam_titles"]),
        nlp.vocab.strings.add("PROCEDURE"),
    )
