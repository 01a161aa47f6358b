"""Notes exported as markup, read as the text the markup renders.

A note copied out of another system can arrive as an HTML page (`<p><b>Pre-procedure
pain:</b> 5/10</p>`, `&amp;`, `&nbsp;`), an RTF document (`{\\b Indication:} ...\\par`,
`\\'b0`) or a quoted-printable e-mail body (`8/10=20`, soft line breaks ending in `=`,
`=E2=80=93`). A person reading the rendered note sees headings, paragraphs and scores; the
matchers would see `5/10</p` and `7/10\\par` as single words and no heading at all. Here the
markup is decoded (tags to line breaks or nothing, entities and escapes to their
characters, RTF control words and its font and colour tables dropped) as edits over the
note (`checker.pipeline.edits`), like every other reading repair, so each character of the
result keeps the index in the note it came from and evidence still quotes the note as
written.

Only a note that is plainly in one of these formats is decoded: an RTF document starts with
`{\\rtf`; an HTML note carries at least a few tags; a quoted-printable body says so in its
header or ends several lines with `=`. A plain note with a stray `<` or `=` is left alone.
"""

from __future__ import annotations

import html
import re
from array import array

from checker.pipeline.edits import Edit, apply_edits

_RTF_START = re.compile(r"\s*\{\\rtf")
_HTML_TAG = re.compile(
    r"<(/?)(html|head|body|title|p|br|div|span|b|i|u|em|strong|font|table|thead|tbody|tr|td|th"
    r"|ul|ol|li|h[1-6]|hr|pre|center|style|script|meta|!doctype"
    # the narrative block of a clinical document (HL7 CDA): <section><text><paragraph>,
    # <list><item>, <content styleCode="Bold">, <caption>
    r"|section|text|paragraph|list|item|content|caption)\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_MIN_TAGS = 3
# Tags whose start or end breaks the line, as a browser lays them out.
_HTML_BREAKS = frozenset(
    {"p", "br", "div", "tr", "li", "ul", "ol", "table", "hr", "pre", "center", "title"}
    | {"section", "paragraph", "list", "item", "caption"}
    | {f"h{n}" for n in range(1, 7)}
)
_HTML_LAYOUT = frozenset({"html", "body", "p", "br", "div", "tr", "li", "paragraph", "item"})
# Elements whose content is never shown.
_HTML_HIDDEN = frozenset({"head", "style", "script"})
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_QP_HEADER = re.compile(r"^content-transfer-encoding:\s*quoted-printable\s*$", re.I | re.M)
_QP_SOFT_BREAK = re.compile(r"=\r?\n")
_QP_LINE_ENDS = re.compile(r"=(?:20)?\r?\n")
_QP_MIN_LINE_ENDS = 3
_QP_ESCAPES = re.compile(r"(?:=[0-9A-F]{2})+")
# RTF destinations (font, colour and style tables, document information, pictures, and
# any "\*" group) hold no text of the note.
_RTF_HIDDEN = frozenset(
    {"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer"}
    | {"headerl", "headerr", "footerl", "footerr", "generator", "listtable", "themedata"}
)
# Every character falls in a token; a backslash ending a cut-off document is one alone.
_RTF_TOKEN = re.compile(
    r"[{}]|\\(?:[a-zA-Z]{1,32}(?:-?\d{1,10})? ?|'[0-9a-fA-F]{2}|.|$)|[\r\n]+|[^{}\\\r\n]+", re.S
)
_RTF_CONTROL = re.compile(r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)", re.S)
_RTF_WORDS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n"}
_RTF_WORDS |= {"tab": "\t", "cell": "\t", "emdash": "-", "endash": "-", "bullet": "*"}
_RTF_WORDS |= {"lquote": "'", "rquote": "'", "ldblquote": '"', "rdblquote": '"'}
_RTF_SYMBOLS = {"\\": "\\", "{": "{", "}": "}", "~": " ", "-": "", "_": "-", "\n": "\n"}


def decode_markup(text: str) -> tuple[str, array] | None:
    """The rendered text and origin[i] (the index in `text` of each of its characters), or
    None when the note is not in an export markup."""
    if _RTF_START.match(text):
        return _decode_rtf(text)
    if "<" in text and len(_HTML_TAG.findall(text, 0, 20_000)) >= _HTML_MIN_TAGS:
        return _decode_html(text)
    if "=" in text and (
        _QP_HEADER.search(text) or len(_QP_LINE_ENDS.findall(text)) >= _QP_MIN_LINE_ENDS
    ):
        return _decode_quoted_printable(text)
    return None


def _decode_html(text: str, hide: bool = True) -> tuple[str, array]:
    """The text of an HTML page. A head, style or script left open hides nothing: the page
    is read again showing everything."""
    edits: list[Edit] = []
    tags = list(_HTML_TAG.finditer(text))
    # A page laid out by its tags: its own line breaks are spaces. Text with a few inline
    # tags ("<b>Procedure:</b>") keeps its lines.
    laid_out = any(tag.group(2).lower() in _HTML_LAYOUT for tag in tags)
    done = 0
    hidden_until: str | None = None
    for tag in tags:
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if hidden_until is None:
            edits += _html_text_edits(text, done, tag.start(), laid_out)
            edits.append(Edit(tag.start(), tag.end(), _html_tag_text(name, closing)))
            if hide and name in _HTML_HIDDEN and not closing:
                hidden_until = name
        else:  # a hidden element's content, and the tag after it
            edits.append(Edit(done, tag.end(), ""))
            if closing and name == hidden_until:
                hidden_until = None
        done = tag.end()
    if hidden_until is not None:
        return _decode_html(text, hide=False)
    edits += _html_text_edits(text, done, len(text), laid_out)
    return apply_edits(text, edits)


def _html_tag_text(name: str, closing: bool) -> str:
    """What a tag renders as: a line break, a cell's tab, or nothing."""
    if name in _HTML_BREAKS:
        return "\n"
    return "\t" if name in ("td", "th") and closing else ""


def _html_text_edits(text: str, start: int, end: int, laid_out: bool) -> list[Edit]:
    """Text between tags: its entities read as the characters they name, and on a page laid
    out by its tags, its line breaks as spaces."""
    edits: list[Edit] = []
    for entity in _HTML_ENTITY.finditer(text, start, end):
        edits += _html_line_breaks(text, start, entity.start(), laid_out)
        edits.append(Edit(entity.start(), entity.end(), _html_entity_text(entity.group())))
        start = entity.end()
    return edits + _html_line_breaks(text, start, end, laid_out)


def _html_line_breaks(text: str, start: int, end: int, laid_out: bool) -> list[Edit]:
    if not laid_out or text.find("\n", start, end) < 0:
        return []
    piece = text[start:end]  # as long as before, so each character keeps its place
    return [Edit(start, end, piece.replace("\r", " ").replace("\n", " "))]


def _html_entity_text(entity: str) -> str:
    """The characters an entity names (a no-break space as a space); nothing for an unknown
    name."""
    character = html.unescape(entity)
    return "" if character == entity else character.replace("\xa0", " ")


def _decode_quoted_printable(text: str) -> tuple[str, array]:
    edits: list[Edit] = []
    done = 0
    for match in sorted(
        [*_QP_SOFT_BREAK.finditer(text), *_QP_ESCAPES.finditer(text)], key=lambda m: m.start()
    ):
        if match.start() < done:
            continue
        escaped = match.group()
        if escaped.startswith("=\n") or escaped.startswith("=\r"):
            decoded = ""  # a soft line break joins the two lines
        else:
            raw = bytes.fromhex(escaped.replace("=", ""))
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                decoded = raw.decode("cp1252", errors="replace")
        edits.append(Edit(match.start(), match.end(), decoded))
        done = match.end()
    return apply_edits(text, edits)


def _decode_rtf(text: str, hide: bool = True) -> tuple[str, array]:
    """The text of an RTF document. A hidden destination left open (a cut-off document)
    hides nothing: the document is read again showing every group."""
    edits: list[Edit] = []
    depth = 0
    hidden_depth: int | None = None  # depth of the group being skipped
    skip_fallback = 0  # characters standing in for the last \\uN character
    for token in _RTF_TOKEN.finditer(text):
        piece, at = token.group(), token.start()
        end, words = token.end(), ""  # a token reads as nothing unless said otherwise
        if piece == "{":
            depth += 1
            if hide and hidden_depth is None and text.startswith("\\*", at + 1):
                hidden_depth = depth
        elif piece == "}":
            if hidden_depth == depth:
                hidden_depth = None
            depth -= 1
        elif hidden_depth is not None or piece[0] in "\r\n":
            pass  # a hidden group's content; RTF source line breaks are not text
        elif piece[0] == "\\":
            words, skip_fallback = _rtf_control(_RTF_CONTROL.match(piece))
            if skip_fallback < 0:  # a hidden destination opens this group
                skip_fallback = 0
                if hide:
                    hidden_depth = depth
        else:  # the note's own text: only a \\uN character's fallback goes
            end = at + min(skip_fallback, len(piece))
            skip_fallback = 0
        if end > at:
            edits.append(Edit(at, end, words))
    if hidden_depth is not None:
        return _decode_rtf(text, hide=False)
    return apply_edits(text, edits)


def _rtf_control(control: re.Match | None) -> tuple[str, int]:
    """What one control word or symbol stands for, and how many following characters to
    skip (a \\uN character's fallback), or -1 for a hidden destination."""
    if control is None:
        return "", 0
    word, number, hex_byte, symbol = control.groups()
    if hex_byte is not None:
        return bytes([int(hex_byte, 16)]).decode("cp1252", errors="replace"), 0
    if symbol is not None:
        return _RTF_SYMBOLS.get(symbol, ""), 0
    if word in _RTF_HIDDEN:
        return "", -1
    if word == "u" and number is not None:
        code = int(number) % 65536
        return ("\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)), 1
    return _RTF_WORDS.get(word, ""), 0
