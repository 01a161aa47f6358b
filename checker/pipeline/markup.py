"""Notes exported as markup, read as the text the markup renders.

A note copied out of another system can arrive as an HTML page (`<p><b>Pre-procedure
pain:</b> 5/10</p>`, `&amp;`, `&nbsp;`), an RTF document (`{\\b Indication:} ...\\par`,
`\\'b0`) or a quoted-printable e-mail body (`8/10=20`, soft line breaks ending in `=`,
`=E2=80=93`). A person reading the rendered note sees headings, paragraphs and scores; the
matchers would see `5/10</p` and `7/10\\par` as single words and no heading at all. Here the
markup is decoded (tags to line breaks or nothing, entities and escapes to their
characters, RTF control words and its font and colour tables dropped) with, for each
character of the result, the index in the note it came from, so evidence still quotes the
note as written (`checker.pipeline.normalize` composes the maps).

Only a note that is plainly in one of these formats is decoded: an RTF document starts with
`{\\rtf`; an HTML note carries at least a few tags; a quoted-printable body says so in its
header or ends several lines with `=`. A plain note with a stray `<` or `=` is left alone.
"""

from __future__ import annotations

import html
import re
from array import array

_RTF_START = re.compile(r"\s*\{\\rtf")
_HTML_TAG = re.compile(
    r"<(/?)(html|head|body|title|p|br|div|span|b|i|u|em|strong|font|table|thead|tbody|tr|td|th"
    r"|ul|ol|li|h[1-6]|hr|pre|center|style|script|meta|!doctype)\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_MIN_TAGS = 3
# Tags whose start or end breaks the line, as a browser lays them out.
_HTML_BREAKS = frozenset(
    {"p", "br", "div", "tr", "li", "ul", "ol", "table", "hr", "pre", "center", "title"}
    | {f"h{n}" for n in range(1, 7)}
)
_HTML_LAYOUT = frozenset({"html", "body", "p", "br", "div", "tr", "li"})
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
_RTF_TOKEN = re.compile(
    r"[{}]|\\(?:[a-zA-Z]{1,32}(?:-?\d{1,10})? ?|'[0-9a-fA-F]{2}|.)|[\r\n]+|[^{}\\\r\n]+", re.S
)
_RTF_CONTROL = re.compile(r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)", re.S)
_RTF_WORDS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n"}
_RTF_WORDS |= {"tab": "\t", "cell": "\t", "emdash": "-", "endash": "-", "bullet": "*"}
_RTF_WORDS |= {"lquote": "'", "rquote": "'", "ldblquote": '"', "rdblquote": '"'}
_RTF_SYMBOLS = {"\\": "\\", "{": "{", "}": "}", "~": " ", "-": "", "_": "-", "\n": "\n"}


class _Decoded:
    """The decoded text built piece by piece, each character pointing back at its origin."""

    def __init__(self, text: str) -> None:
        self.source = text
        self.pieces: list[str] = []
        self.origin = array("q")

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self.pieces.append(self.source[start:end])
            self.origin.extend(range(start, end))

    def put(self, words: str, at: int) -> None:
        if words:
            self.pieces.append(words)
            self.origin.extend([at] * len(words))

    def result(self) -> tuple[str, array]:
        return "".join(self.pieces), self.origin


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
    out = _Decoded(text)
    tags = list(_HTML_TAG.finditer(text))
    # A page laid out by its tags: its own line breaks are spaces. Text with a few inline
    # tags ("<b>Procedure:</b>") keeps its lines.
    laid_out = any(tag.group(2).lower() in _HTML_LAYOUT for tag in tags)
    done = 0
    hidden_until: str | None = None
    for tag in tags:
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if hidden_until is None:
            _copy_unescaped(out, text, done, tag.start(), laid_out)
            if name in _HTML_BREAKS:
                out.put("\n", tag.start())
            elif name in ("td", "th") and closing:
                out.put("\t", tag.start())
            if hide and name in _HTML_HIDDEN and not closing:
                hidden_until = name
        elif closing and name == hidden_until:
            hidden_until = None
        done = tag.end()
    if hidden_until is not None:
        return _decode_html(text, hide=False)
    _copy_unescaped(out, text, done, len(text), laid_out)
    return out.result()


def _copy_unescaped(out: _Decoded, text: str, start: int, end: int, laid_out: bool) -> None:
    """Text between tags, its entities as the characters they name, and on a page laid out
    by its tags, its line breaks as spaces."""
    for entity in _HTML_ENTITY.finditer(text, start, end):
        _copy_html_text(out, start, entity.start(), laid_out)
        character = html.unescape(entity.group())
        out.put(
            "" if character == entity.group() else character.replace("\xa0", " "), entity.start()
        )
        start = entity.end()
    _copy_html_text(out, start, end, laid_out)


def _copy_html_text(out: _Decoded, start: int, end: int, laid_out: bool) -> None:
    piece = out.source[start:end]
    if not laid_out or "\n" not in piece:
        out.copy(start, end)
        return
    out.pieces.append(piece.replace("\r", " ").replace("\n", " "))
    out.origin.extend(range(start, end))


def _decode_quoted_printable(text: str) -> tuple[str, array]:
    out = _Decoded(text)
    done = 0
    for match in sorted(
        [*_QP_SOFT_BREAK.finditer(text), *_QP_ESCAPES.finditer(text)], key=lambda m: m.start()
    ):
        if match.start() < done:
            continue
        out.copy(done, match.start())
        escaped = match.group()
        if escaped.startswith("=\n") or escaped.startswith("=\r"):
            pass  # a soft line break joins the two lines
        else:
            raw = bytes.fromhex(escaped.replace("=", ""))
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                decoded = raw.decode("cp1252", errors="replace")
            out.put(decoded, match.start())
        done = match.end()
    out.copy(done, len(text))
    return out.result()


def _decode_rtf(text: str, hide: bool = True) -> tuple[str, array]:
    """The text of an RTF document. A hidden destination left open (a cut-off document)
    hides nothing: the document is read again showing every group."""
    out = _Decoded(text)
    depth = 0
    hidden_depth: int | None = None  # depth of the group being skipped
    skip_fallback = 0  # characters standing in for the last \\uN character
    for token in _RTF_TOKEN.finditer(text):
        piece, at = token.group(), token.start()
        if piece == "{":
            depth += 1
            if hide and hidden_depth is None and text.startswith("\\*", at + 1):
                hidden_depth = depth
        elif piece == "}":
            if hidden_depth == depth:
                hidden_depth = None
            depth -= 1
        elif hidden_depth is not None or piece[0] in "\r\n":
            continue  # a hidden group's content; RTF source line breaks are not text
        elif piece[0] == "\\":
            skip_fallback = _rtf_control(out, _RTF_CONTROL.match(piece), at)
            if skip_fallback < 0:  # a hidden destination opens this group
                skip_fallback = 0
                if hide:
                    hidden_depth = depth
        else:
            out.copy(at + min(skip_fallback, len(piece)), token.end())
            skip_fallback = 0
    if hidden_depth is not None:
        return _decode_rtf(text, hide=False)
    return out.result()


def _rtf_control(out: _Decoded, control: re.Match | None, at: int) -> int:
    """Writes what one control word or symbol stands for. Returns how many following
    characters to skip (a \\uN character's fallback), or -1 for a hidden destination."""
    if control is None:
        return 0
    word, number, hex_byte, symbol = control.groups()
    if hex_byte is not None:
        out.put(bytes([int(hex_byte, 16)]).decode("cp1252", errors="replace"), at)
    elif symbol is not None:
        out.put(_RTF_SYMBOLS.get(symbol, ""), at)
    elif word in _RTF_HIDDEN:
        return -1
    elif word == "u" and number is not None:
        code = int(number) % 65536
        out.put("\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code), at)
        return 1
    else:
        out.put(_RTF_WORDS.get(word, ""), at)
    return 0
