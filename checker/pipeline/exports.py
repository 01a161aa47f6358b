"""An exported note read as the page it was: markup and transfer encodings decoded.

A note copied out of another system often still carries that system's encoding, which a
person reading the printed page never sees:

- HTML: tags (`<p>`, `<br>`, `<b>`) and character entities (`&amp;`, `&nbsp;`, `&gt;`);
- RTF: control words (`\\par`, `\\tab`, `{\\b ...}`), hex escapes (`\\'b0` for a degree sign)
  and header groups (font and colour tables);
- quoted-printable e-mail text: soft line breaks (`=` at a line end) and encoded bytes
  (`=20`, `=E2=80=93` for an en dash);
- HL7 v2 text escapes inside a pasted message: `\\.br\\` (a line break), `\\T\\` (`&`),
  `\\F\\` (`|`), `\\S\\` (`^`), `\\R\\` (`~`), `\\E\\` (`\\`).

Each is recognised by a cheap test first, so a plain note costs a few searches. The result
is a list of edits (`checker.pipeline.edits`), so evidence still quotes the note as written.
"""

from __future__ import annotations

import html
import re

from checker.pipeline.edits import Edit, without_overlaps

# HTML: tags by name (so "<50%" or "a < b" stay text) and entities that end with ";".
_HTML_BREAK = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
_HTML_TAG = re.compile(
    r"<(/?)(html|head|body|title|p|br|div|span|b|i|u|em|strong|font|li|ul|ol|table|tr|td"
    r"|th|tbody|thead|h[1-6]|pre|center|small|big|sup|sub|meta|style|script)\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_HIDDEN = re.compile(r"<(style|script|title)\b[^<>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});")

# RTF: control symbols and words; groups whose text is not the document's (font table...).
_RTF_START = re.compile(r"^\s*\{\\rtf")
_RTF_TOKEN = re.compile(
    r"\\'([0-9a-fA-F]{2})|\\u(-?\d+) ?\??|\\([a-zA-Z]+)(-?\d+)? ?|\\([\\{}~_-])|\\\*|[{}]|\r?\n"
)
_RTF_BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "tab": "\t"}
_RTF_CELL = {"cell": " | "}
_RTF_HIDDEN = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer"}
_RTF_SYMBOLS = {"\\": "\\", "{": "{", "}": "}", "~": "\u00a0", "_": "-", "-": ""}

# Quoted-printable: announced by its header, or many soft breaks and encoded bytes.
_QP_HEADER = re.compile(r"content-transfer-encoding:\s*quoted-printable", re.IGNORECASE)
_QP_SOFT_BREAK = re.compile(r"=\r?\n")
_QP_BYTES = re.compile(r"(?:=[0-9A-F]{2})+")
_QP_MIN_MARKS = 3  # soft breaks or "=20" that make an unannounced text quoted-printable
_QP_MARK = re.compile(r"=(?:20)?\r?\n")

# HL7 v2 escapes in text pasted from a message.
_HL7_ESCAPE = re.compile(r"\\(\.br|\.sp|T|F|S|R|E)\\")
_HL7_MEANING = {".br": "\n", ".sp": "\n", "T": "&", "F": "|", "S": "^", "R": "~", "E": "\\"}


def decode_exports(text: str) -> list[Edit]:
    """Edits that read `text`'s export encoding (if any) as the plain text it stands for."""
    edits: list[Edit] = []
    if _RTF_START.match(text):
        return without_overlaps(_rtf(text))
    if "<" in text or "&" in text:
        edits += _html(text)
    if "=" in text and _is_quoted_printable(text):
        edits += _quoted_printable(text)
    if "\\" in text:
        edits += _hl7_escapes(text, edits)
    return without_overlaps(edits)


def _html(text: str) -> list[Edit]:
    tags = list(_HTML_TAG.finditer(text))
    if not tags and not _HTML_ENTITY.search(text):
        return []
    edits = []
    hidden = [(m.start(), m.end()) for m in _HTML_HIDDEN.finditer(text)] if tags else []
    for start, end in hidden:
        edits.append(Edit(start, end, ""))
    for match in tags:
        if _inside(match.start(), hidden):
            continue
        closing, name = match.group(1), match.group(2).lower()
        if name in ("td", "th"):
            edits.append(Edit(match.start(), match.end(), " | " if closing else ""))
        elif name in _HTML_BREAK and (closing or name == "br"):
            line_break = "" if _at_line_end(text, match.end()) else "\n"
            edits.append(Edit(match.start(), match.end(), line_break))
        else:
            edits.append(Edit(match.start(), match.end(), ""))
    for match in _HTML_ENTITY.finditer(text):
        decoded = html.unescape(match.group())
        if decoded != match.group() and not _inside(match.start(), hidden):
            edits.append(Edit(match.start(), match.end(), decoded))
    return edits


def _at_line_end(text: str, position: int) -> bool:
    """A closing block tag already followed by a line break adds none of its own."""
    return text.startswith("\n", position) or text.startswith("\r\n", position)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _rtf(text: str) -> list[Edit]:
    """Control words read as the breaks they make or as nothing; hidden groups dropped."""
    edits: list[Edit] = []
    depth = 0
    hidden_from: int | None = None  # depth at which a hidden group opened
    hidden_start = 0
    group_opened = False
    for match in _RTF_TOKEN.finditer(text):
        token, start, end = match.group(), match.start(), match.end()
        if token == "{":
            depth += 1
            group_opened = True
            if hidden_from is None:
                edits.append(Edit(start, end, ""))
            continue
        if token == "}":
            if hidden_from is not None and depth == hidden_from:
                edits.append(Edit(hidden_start, end, ""))
                hidden_from = None
            elif hidden_from is None:
                edits.append(Edit(start, end, ""))
            depth -= 1
            group_opened = False
            continue
        if hidden_from is not None:
            continue
        word = match.group(3)
        if group_opened and (token == "\\*" or word in _RTF_HIDDEN):
            hidden_from, hidden_start = depth, _last_brace(text, start)
            _drop_from(edits, hidden_start)
            continue
        group_opened = False
        edits.append(Edit(start, end, _rtf_meaning(match)))
    return edits


def _last_brace(text: str, position: int) -> int:
    return text.rfind("{", 0, position)


def _drop_from(edits: list[Edit], start: int) -> None:
    while edits and edits[-1].start >= start:
        edits.pop()


def _rtf_meaning(match: re.Match[str]) -> str:
    hex_code, unicode_code, word, _, symbol = match.groups()
    if hex_code is not None:
        return bytes([int(hex_code, 16)]).decode("cp1252", errors="replace")
    if unicode_code is not None:
        code = int(unicode_code) % 65536  # RTF writes code points above 32767 as negative
        return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)
    if word is not None:
        return _RTF_BREAKS.get(word) or _RTF_CELL.get(word) or ""
    if symbol is not None:
        return _RTF_SYMBOLS[symbol]
    return ""  # a raw line break or "\*": RTF text flows across source lines


def _is_quoted_printable(text: str) -> bool:
    if _QP_HEADER.search(text):
        return True
    return len(_QP_MARK.findall(text)) >= _QP_MIN_MARKS and bool(_QP_BYTES.search(text))


def _quoted_printable(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "") for m in _QP_SOFT_BREAK.finditer(text)]
    for match in _QP_BYTES.finditer(text):
        raw = bytes(int(match.group()[i + 1 : i + 3], 16) for i in range(0, len(match.group()), 3))
        edits.append(Edit(match.start(), match.end(), raw.decode("utf-8", errors="replace")))
    return edits


def _hl7_escapes(text: str, earlier: list[Edit]) -> list[Edit]:
    taken = [(edit.start, edit.end) for edit in earlier]
    return [
        Edit(match.start(), match.end(), _HL7_MEANING[match.group(1)])
        for match in _HL7_ESCAPE.finditer(text)
        if not _inside(match.start(), taken)
    ]
