"""Tokenizer rules so spine levels, volumes, concentrations and pain scores split the same
way whatever the notation, and the matcher patterns in `patterns/` can rely on it.

Resulting tokens (see tests/test_tokenizer.py):
- levels: `C5-C6`, `C5-6`, `C5/6`, `C5–6`, `C5,6` -> `C5` `-|/|–|,` `6`;
  compact `L34`, `C56`, `L5S1` stay one token (the level parser reads them);
- volumes: `0.5mL`, `.5cc`, `2ML` -> number + unit; `1/2` stays one token;
- concentrations: `0.5%` -> `0.5` `%`; `40mg/ml` -> `40` `mg` `/` `ml`;
- pain scores: `7/10` stays one token; `8->2` and `8 -> 2` -> `8` `->` `2`;
- brand strengths: `Kenalog-40`, `Omnipaque-240` -> name `-` number;
- CSV cells: `skin_local,"lidocaine 1%"` -> `skin_local` `,` `"` `lidocaine` ...,
  `0.5%,0.5` -> `0.5` `%` `,` `0.5`; pipes always split: `OBX|7|ST` -> `OBX` `|` `7` ...;
  `key=value` fields split: `pain_pre=7` -> `pain_pre` `=` `7`
"""

from __future__ import annotations

import re
import re._constants as _constants
import re._parser as _parser
from collections.abc import Callable, Sequence

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

_VERTEBRA = "[CTLSctls]"

EXTRA_INFIXES = [
    # `C5/6`, `C12/3`: a slash after a vertebra splits (a bare `7/10` does not).
    rf"(?<={_VERTEBRA}[0-9])/(?=[0-9])",
    rf"(?<={_VERTEBRA}[0-9]{{2}})/(?=[0-9])",
    # en and em dashes between digits or before a vertebra: `C5–6`, `T12–L1`.
    r"(?<=[0-9])[–—](?=[0-9A-Za-z])",
    # comma-joined level lists without a space: `C5,6`, `6,C6`.
    rf"(?<={_VERTEBRA}[0-9]),(?=[0-9])",
    rf"(?<=[0-9]),(?={_VERTEBRA}[0-9])",
    # CSV rows: `C4-5,right,0.5`, `C5-6,,0.5` (a comma between a word and the next cell).
    r"(?<=[0-9A-Za-z]),(?=[A-Za-z,])",
    r"(?<=[A-Za-z,]),(?=[0-9.])",
    # a cell that ends in a percent sign, bracket or quote: `0.5%,0.5`, `(Naropin),0.5`.
    r"(?<=[0-9])%(?=,)",
    r"(?<=[0-9A-Za-z])\)(?=,)",
    r"(?<=[0-9A-Za-z_]),(?=[\"'])",
    r"(?<=[%)\]\"']),(?=\S)",
    # quotes around a CSV cell: `skin_local,"lidocaine 1%, ..."`, `"8 -> 3",next`.
    r"(?<=,)[\"'](?=\S)",
    r"(?<=[0-9A-Za-z%.])\"(?=,)",
    # `key=value` fields of exports: `pain_pre=7`, `timeout=yes`.
    r"(?<=[A-Za-z_])=(?=[0-9A-Za-z])",
    # pipes between fields without spaces (HL7 segments): `OBX|7|ST|LEVEL1||C5-6 L|`.
    r"\|",
    # arrows: `8->2`, `8-->2`, `8→2`.
    r"-+>|→|=>",
    # a plus between two words written without spaces: `chloraprep+drape`, `lido+bupi`.
    r"(?<=[A-Za-z]{2})\+(?=[A-Za-z]{2})",
    # brand strengths: `Kenalog-40`, `Omnipaque-300`.
    r"(?<=[A-Za-z]{3})-(?=[0-9])",
    # `1cc/level`, `0.5mL/joint`: a unit between a number and a slash.
    r"(?<=[0-9])(?:[cC][cC]|[mM][lL])(?=/)",
    # `Kenalog 40/0.25% Marcaine`: a slash before a decimal strength joins two drugs' strengths.
    r"(?<=[0-9])/(?=0?\.[0-9])",
    # `40mg/ml`: infix pieces are not re-checked for unit suffixes, so split here.
    r"(?<=[0-9])(?:mg|MG|mcg)(?=/)",
    r"(?<=mg|MG|cg)/(?=[mM][lL])",
    # `40mg/1ml`, `40 mg/1 mL`: the unit's suffix is split first, leaving `mg/1`.
    r"(?<=mg|MG|cg)/(?=1$)",
]

# Volume units are not in spaCy's unit list, so `0.5mL` would stay one token.
EXTRA_SUFFIXES = [
    r"(?<=[0-9])(?:[mM][lL]|[cC][cC]|mcg|MCG)",
    r"(?<=\b[mM][lL])\.",
    r"(?<=\b[cC][cC])\.",
    # a connective typed onto the number before it: `C6-7and C7-T1`, `C3-4to C5-6`.
    r"(?<=[0-9])(?:and|AND|to|thru|through)",
]
EXTRA_PREFIXES = [
    r"-+>|→",
    r"[~≈](?=[0-9.])",  # `~80%`, `≈80%`: about 80 percent
    rf"@(?={_VERTEBRA}[0-9])",  # `@C4-5`: a quick-entry row "at" a level
]


def cacheable_rules(rules: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The special cases without the plain whitespace ones (`"\n"`, `"\t"`, `" "`) and the
    emoticons made of a digit and a bracket (`_digit_smiley`).

    spaCy stops filling its tokenizer cache for the rest of a Doc once a special case has
    matched in it, and every note's first line break is one: the words after it went through
    the affix rules again in every note. A whitespace run becomes the same single token
    without its special case (same text, norm and spacing), so dropping these keeps every
    token and lets the cache work for the whole note.
    """
    return {
        text: cases
        for text, cases in rules.items()
        if not (text.isspace() and cases == [{ORTH: text}]) and not _digit_smiley(text)
    }


def _digit_smiley(text: str) -> bool:
    """spaCy's emoticons made of a digit and a bracket ("8)", "8-)", "(-8"): in a note the
    bracket closes a number ("NRS 3 (prima 8)"), so they split like any number and bracket."""
    return any(c.isdigit() for c in text) and any(c in "()" for c in text)


TOKENIZER = "checker.Tokenizer.v1"


@registry.tokenizers(TOKENIZER)
def create_tokenizer() -> Callable[[Language], TextKeepingTokenizer]:
    """The tokenizer for `spacy.blank("en", config=...)`: the English defaults plus the rules
    above, built once (not spaCy's default first and then ours: each build loads some 1,300
    special cases)."""

    def create(nlp: Language) -> TextKeepingTokenizer:
        defaults = nlp.Defaults
        prefixes = prefix_expression(EXTRA_PREFIXES + _texts(defaults.prefixes))
        suffixes = suffix_expression(EXTRA_SUFFIXES + _texts(defaults.suffixes))
        infixes = infix_expression(_texts(defaults.infixes) + EXTRA_INFIXES)
        tokenizer = Tokenizer(
            nlp.vocab,
            rules=cacheable_rules(defaults.tokenizer_exceptions),
            prefix_search=guarded(prefixes).search,
            suffix_search=SuffixSearch(suffixes).search,
            infix_finditer=guarded(infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        return TextKeepingTokenizer(tokenizer)

    return create


def _texts(entries: Sequence[str | re.Pattern[str]] | None) -> list[str]:
    """A language's default affix entries as the regex texts our expressions join (spaCy's
    defaults allow compiled patterns; English gives strings)."""
    return [entry if isinstance(entry, str) else entry.pattern for entry in entries or ()]


def prefix_expression(entries: list[str]) -> str:
    """spaCy's prefix regex (`compile_prefix_regex`: each entry after "^"), rewritten so a
    search finds the same match at a fifth of the cost.

    spaCy searches it in every word its cache has not seen, and a search tries every
    position of the word, at each of them every one of the ~120 alternatives (each fails on
    its "^" past the first character). The same alternatives grouped after one "^" are tried
    at the first character only; an entry's own alternatives after its first have no "^"
    (`-+>|→` is "^-+>" or "→" anywhere) and may match at any position, so they follow,
    in the same order: the same leftmost match, by the same alternative."""
    entries = [entry for entry in entries if entry.strip()]
    spacy_expression = "|".join("^" + entry for entry in entries)  # as compile_prefix_regex
    loose = [alternative for entry in entries for alternative in _top_level_alternatives(entry)[1:]]
    rewritten = f"^(?:{spacy_expression})"
    if loose:
        rewritten += "|" + "|".join(loose)
    return rewritten


def suffix_expression(entries: list[str]) -> str:
    """spaCy's suffix regex, as `compile_suffix_regex` writes it (each entry before "$")."""
    return "|".join(entry + "$" for entry in entries if entry.strip())


def infix_expression(entries: list[str]) -> str:
    """spaCy's infix regex, as `compile_infix_regex` writes it."""
    return "|".join(entry for entry in entries if entry.strip())


class SuffixSearch:
    """spaCy's suffix regex (`guarded`) searched only from where a match can start: the
    same match, and a search whose cost does not grow with the length of the word.

    A match ends at the end of the word (or before a final line break), so an entry at
    most N characters wide can only start in the last N + 1. An entry of no bounded width
    (`\\.\\.+`) is searched alone first, and where it starts bounds the search too.
    spaCy searches the rest of a word again after each prefix it peels off, so a search
    of the whole word made a long run of punctuation ("((((...") quadratic. `pattern` is
    the regex's, for the tokenizer's serialisation."""

    def __init__(self, expression: str) -> None:
        self.regex = guarded(expression)
        self.pattern = self.regex.pattern
        widths, unbounded = [], []
        for alternative in _top_level_alternatives(expression):
            most = _parser.parse(alternative).getwidth()[1]
            if most <= _WIDEST and _ends_at_the_end(alternative):
                widths.append(most)
            else:  # no bounded width, or not anchored at the end of the word
                unbounded.append(alternative)
        self.reach = max(widths, default=0) + 1  # "$" matches before a final line break too
        self.unbounded = re.compile("|".join(unbounded)) if unbounded else None

    def search(self, text: str) -> re.Match[str] | None:
        start = len(text) - self.reach
        if start > 0 and self.unbounded is not None:
            found = self.unbounded.search(text)
            if found is not None:
                start = min(start, found.start())
        return self.regex.search(text, start) if start > 0 else self.regex.search(text)


_WIDEST = 100  # characters: a suffix entry that may be wider is searched on its own first


def _ends_at_the_end(alternative: str) -> bool:
    """Whether a regex ends in the "$" anchor (not an escaped dollar sign)."""
    body = alternative.removesuffix("$")
    return body != alternative and (len(body) - len(body.rstrip("\\"))) % 2 == 0


def guarded(expression: str) -> re.Pattern[str]:
    """The regex `expression` behind a lookahead for the characters a match of it can
    begin with: the same matches, and a position no match can begin at is passed after one
    character test instead of a try of each alternative (spaCy's affix regexes have a
    hundred or so, most of them opening with a lookbehind and a punctuation mark). The
    regex as it is when that set cannot be told (an alternative that opens with any
    character, a class such as `\\w`, or that may match nothing)."""
    parsed = _parser.parse(expression)
    ranges = None
    if not parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        ranges = _first_characters(parsed.data)
    if not ranges:
        return re.compile(expression)
    members = "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in sorted(ranges)
    )
    return re.compile(f"(?=[{members}])(?:{expression})")


_ZERO_WIDTH = (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT)


def _first_characters(items) -> set[tuple[int, int]] | None:
    """The characters (as ranges of code points) the first character a parsed regex matches
    can be, or None when they cannot be told or it may match nothing."""
    found: set[tuple[int, int]] = set()
    for op, argument in items:
        if op in _ZERO_WIDTH:
            continue  # a lookaround or an anchor: the character is the next item's
        if op is _constants.LITERAL:
            found.add((argument, argument))
            return found
        if op is _constants.IN:
            for kind, value in argument:
                if kind is _constants.LITERAL:
                    found.add((value, value))
                elif kind is _constants.RANGE:
                    found.add(value)
                else:
                    return None  # a negated class, or a category such as \\w
            return found
        if op is _constants.BRANCH:
            for branch in argument[1]:
                first = _first_characters(branch)
                if first is None:
                    return None
                found |= first
            return found
        if op is _constants.SUBPATTERN:
            _, add_flags, _, inner = argument
            if add_flags & (re.IGNORECASE | re.LOCALE):
                return None
            first = _first_characters(inner)
            return None if first is None else found | first
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            least, _, inner = argument
            first = _first_characters(inner)
            if first is None or not least:
                return None  # a repeat that may be left out: its follower may come first
            return found | first
        return None  # any character, a back reference, ...
    return None  # the regex may match nothing


def _top_level_alternatives(expression: str) -> list[str]:
    """A regex split at its "|"s outside groups and character classes."""
    parts, depth, in_class, start, index = [], 0, False, 0, 0
    while index < len(expression):
        char = expression[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if expression[index + 1 : index + 2] == "^":
                index += 1
            if expression[index + 1 : index + 2] == "]":
                index += 1  # a "]" first in a class is a member
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and not depth:
            parts.append(expression[start:index])
            start = index + 1
        index += 1
    parts.append(expression[start:])
    return parts


SOURCE_TEXT = "source_text"
NOTE_TEXT = "note_text"


class TextKeepingTokenizer:
    """The customised tokenizer, first step of the pipeline: it prepares the text (`prepare`,
    e.g. joining hard-wrapped lines, which keeps the length so offsets stay valid), then keeps
    both strings in `doc.user_data` (the note as written, and the text tokenized) so later
    steps need not rebuild `Doc.text` token by token (a measurable cost per note)."""

    def __init__(
        self, tokenizer: Callable[[str], Doc], prepare: Callable[[str], str] | None = None
    ) -> None:
        self.tokenizer = tokenizer
        self.prepare = prepare

    def __call__(self, text: str) -> Doc:
        prepared = self.prepare(text) if self.prepare is not None else text
        doc = self.tokenizer(prepared)
        doc.user_data[SOURCE_TEXT] = prepared
        doc.user_data[NOTE_TEXT] = text
        return doc

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


def doc_text(doc: Doc) -> str:
    """The text a Doc was made from (as `doc.text`, without rebuilding it)."""
    text = doc.user_data.get(SOURCE_TEXT)
    return text if text is not None else doc.text
