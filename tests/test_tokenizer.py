"""The tokenizer splits levels, volumes, concentrations and scores the same way whatever the
notation, so the patterns in patterns/ can rely on it."""

import pytest
import spacy


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("C5-C6", ["C5", "-", "C6"]),
        ("C5-6", ["C5", "-", "6"]),
        ("C5/6", ["C5", "/", "6"]),
        ("C5–6", ["C5", "–", "6"]),
        ("C7-T1", ["C7", "-", "T1"]),
        ("T12-L1", ["T12", "-", "L1"]),
        ("T12–L1", ["T12", "–", "L1"]),
        ("L34", ["L34"]),
        ("L5S1", ["L5S1"]),
        ("C5-6,C6-7", ["C5", "-", "6", ",", "C6", "-", "7"]),
        ("@C5-6", ["@", "C5", "-", "6"]),
        ("a@b.org", ["a@b.org"]),
        ("0.5mL", ["0.5", "mL"]),
        ("0.5 ml", ["0.5", "ml"]),
        (".5cc", [".5", "cc"]),
        ("1/2 cc", ["1/2", "cc"]),
        ("0.5%", ["0.5", "%"]),
        ("40 mg/mL", ["40", "mg", "/", "mL"]),
        ("40mg/ml", ["40", "mg", "/", "ml"]),
        ("40mg/1ml", ["40", "mg", "/", "1", "ml"]),
        ("40 mg/1 mL", ["40", "mg", "/", "1", "mL"]),
        ("7/10", ["7/10"]),
        ("7 out of 10", ["7", "out", "of", "10"]),
        ("8 -> 2", ["8", "->", "2"]),
        ("8->2", ["8", "->", "2"]),
        ("8/10->2/10", ["8/10", "->", "2/10"]),
        ("Kenalog-40", ["Kenalog", "-", "40"]),
        ("Omnipaque-240", ["Omnipaque", "-", "240"]),
        ('skin_local,"lidocaine', ["skin_local", ",", '"', "lidocaine"]),
        ("0.5%,0.5", ["0.5", "%", ",", "0.5"]),
        ("(Naropin),0.5%,0.5", ["(", "Naropin", ")", ",", "0.5", "%", ",", "0.5"]),
        ('3",home', ["3", '"', ",", "home"]),
        ("~80%", ["~", "80", "%"]),
        ("40/0.25%", ["40", "/", "0.25", "%"]),
        ("pain_pre=7; timeout=yes", ["pain_pre", "=", "7", ";", "timeout", "=", "yes"]),
    ],
)
def test_notation_tokenizes_predictably(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_words_with_hyphens_are_left_alone(nlp):
    assert [t.text for t in nlp.make_doc("C-arm")] == ["C", "-", "arm"]
    assert [t.text for t in nlp.make_doc("Depo-Medrol")] == ["Depo", "-", "Medrol"]


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Lee\n\nC5-6 0.5mL  each\tside \n Pain 8/10 -> 2/10.\n",
        "  \n\t(Dr. \xa0Mr. Smith)\r\n w/o\\nsedation  ",
        "Kenalog-40 \n\n\n 7 out of 10\n",
    ],
)
def test_whitespace_tokens_as_with_spacys_special_cases(nlp, text):
    """Whitespace runs are not special cases here (so the tokenizer cache stays on); the
    tokens, norms and spacing are those of spaCy's rules with them."""
    from spacy.tokenizer import Tokenizer

    ours = nlp.tokenizer.tokenizer
    with_specials = Tokenizer(
        nlp.vocab,
        rules=spacy.blank("en").tokenizer.rules,
        prefix_search=ours.prefix_search,
        suffix_search=ours.suffix_search,
        infix_finditer=ours.infix_finditer,
        token_match=ours.token_match,
        url_match=ours.url_match,
    )

    def tokens(doc):
        return [(t.text, t.norm_, t.whitespace_, t.idx) for t in doc]

    assert tokens(ours(text)) == tokens(with_specials(text))


def test_the_prefix_regex_finds_what_spacy_s_finds():
    # spaCy's prefix regex is searched in every word its cache has not seen; ours groups
    # its alternatives after one "^" (and keeps "→", which has none, matching anywhere)
    import re
    from pathlib import Path

    from spacy.util import compile_prefix_regex

    from checker.pipeline.tokenizer import (
        EXTRA_PREFIXES,
        _top_level_alternatives,
        prefix_expression,
    )

    entries = EXTRA_PREFIXES + list(spacy.blank("en").Defaults.prefixes)
    spacy_regex, ours = compile_prefix_regex(entries), re.compile(prefix_expression(entries))
    notes = Path(__file__).resolve().parent.parent / "sample_notes"
    words = {word for path in notes.glob("*.txt") for word in path.read_text().split()}
    words |= {"", "8→2", "ab→c", "→", "→→", "-->x", "x-->", "~5", "a~5", "(C5-6", '"right', "$40"}
    for word in sorted(words):
        found, expected = ours.search(word), spacy_regex.search(word)
        assert (found and found.span()) == (expected and expected.span()), word
    assert _top_level_alternatives(r"-+>|→") == ["-+>", "→"]
    assert _top_level_alternatives(r"[|]|a(b|c)|\|x") == ["[|]", "a(b|c)", r"\|x"]


def test_the_affix_regexes_behind_their_first_characters_find_the_same():
    # each affix regex runs behind a lookahead for the characters a match can begin with:
    # the same matches at every position of every word
    from pathlib import Path

    from spacy.util import compile_infix_regex, compile_suffix_regex

    from checker.pipeline.tokenizer import EXTRA_INFIXES, EXTRA_SUFFIXES, guarded

    defaults = spacy.blank("en").Defaults
    notes = Path(__file__).resolve().parent.parent / "sample_notes"
    words = {word for path in notes.glob("*.txt") for word in path.read_text().split()}
    words |= {"", "0.5mL", "40mg/ml", "C5/6", "C5–6", "8->2", "x...", "it's", "5km²", "a\n", "©"}
    for spacy_regex in (
        compile_suffix_regex(EXTRA_SUFFIXES + list(defaults.suffixes)),
        compile_infix_regex(list(defaults.infixes) + EXTRA_INFIXES),
    ):
        ours = guarded(spacy_regex.pattern)
        assert ours.pattern.startswith("(?=[")
        for word in sorted(words):
            found, expected = ours.finditer(word), spacy_regex.finditer(word)
            assert [m.span() for m in found] == [m.span() for m in expected], word
    # a regex whose first character cannot be told stays as it is
    for unknown in (r"\w+x", r"a?b", r"(?i:a)b", r"[^a]b", r".x", r"(?:a|\d)"):
        assert guarded(unknown).pattern == unknown
    assert guarded(r"(?<=[0-9])(?:mg|x)|\+{2,}").pattern.startswith(r"(?=[\+mx])")


def test_the_suffix_search_looks_only_at_the_end_of_a_word():
    # a suffix match ends at the end of the word: the search starts where the widest entry
    # can, or where "..+" starts; the same match as spaCy's regex, and a run of
    # punctuation spaCy peels one prefix at a time is no longer quadratic
    import time

    from spacy.util import compile_suffix_regex

    from checker.pipeline import build_pipeline
    from checker.pipeline.tokenizer import EXTRA_SUFFIXES, SuffixSearch, suffix_expression

    entries = EXTRA_SUFFIXES + list(spacy.blank("en").Defaults.suffixes)
    spacy_regex = compile_suffix_regex(entries)
    ours = SuffixSearch(suffix_expression(entries))
    assert ours.reach < 10
    words = ["", "a", "x...", "a.....", "5km²", "it's", "0.5mL", "(C5-6)", "US$", "a\n", "x.\n"]
    words += ["(" * 50 + "...", "1" * 30 + "mL", "." * 40, "é" * 20 + "%", "a|b$", "20°C."]
    for word in words:
        found, expected = ours.search(word), spacy_regex.search(word)
        assert (found and found.span()) == (expected and expected.span()), word
    tokenizer = build_pipeline().tokenizer
    start = time.process_time()
    assert len(tokenizer("(" * 4000)) == 4000
    assert time.process_time() - start < 1.0  # 2.5 s when every peel searched the whole run


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("T4-5and T5-6", ["T4", "-", "5", "and", "T5", "-", "6"]),
        ("C2-3thru C4-5", ["C2", "-", "3", "thru", "C4", "-", "5"]),
        ("band", ["band"]),  # only after a number
    ],
)
def test_a_connective_typed_onto_a_number_splits_off(nlp, text, tokens):
    assert [t.text for t in nlp(text)] == tokens


def test_a_level_with_a_connective_typed_onto_it_is_counted(check):
    report = check(
        "Procedure: L T4-5,T5-6and T6-7 facet joint injections under fluoroscopy.\n"
        "Each joint: methylprednisolone 40 mg/ml 0.5 ml\n"
    )
    assert {level.level for level in report.extraction.levels} == {"T4-T5", "T5-T6", "T6-T7"}
