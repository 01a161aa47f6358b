"""The spaCy pipeline: blank English, hard-wrapped lines joined, our tokenizer rules,
spelled-out numbers, misspelt domain words, sentences, rulers over all pattern files
(matching token norms, so "seven" matches "7"), sections, and context. Built once per
process and reused; its Doc goes to the extractors as a typed `NoteReading`
(`checker.pipeline.reading`)."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from checker.pipeline import context as _context  # noqa: F401  (registers note_context)
from checker.pipeline import numbers as _numbers  # noqa: F401  (registers number_words)
from checker.pipeline import sections as _sections  # noqa: F401  (registers note_sections)
from checker.pipeline import sentences as _sentences  # noqa: F401  (registers note_sentences)
from checker.pipeline import spelling as _spelling  # noqa: F401  (registers spelling)
from checker.pipeline import token_sets as _token_sets  # noqa: F401  (registers token_set_ruler)
from checker.pipeline.facts import FACTS_KEY
from checker.pipeline.sentences import unwrap_lines
from checker.pipeline.token_sets import PhraseRuler, TokenSetRuler, compile_pattern
from checker.pipeline.tokenizer import TOKENIZER, TextKeepingTokenizer
from checker.resources import load_rows, patterns_dir

# Longest texts the pipeline accepts (characters); longer notes get an error line.
MAX_NOTE_CHARS = 5_000_000


def ruler_patterns() -> tuple[list[dict], list[dict], dict[str, str]]:
    """Patterns from patterns/*.jsonl plus the vocabulary tables as (phrase patterns, token
    patterns), and label -> family (the pattern file it came from)."""
    phrases: list[dict] = []
    tokens: list[dict] = []
    families: dict[str, str] = {}
    skip = {"sections.jsonl", "context.jsonl"}
    for path in sorted(patterns_dir().glob("*.jsonl")):
        if path.name in skip:
            continue
        for row in load_rows(path.name):
            entry = {key: row[key] for key in ("label", "pattern", "id") if key in row}
            (phrases if isinstance(entry["pattern"], str) else tokens).append(entry)
            families[row["label"]] = path.stem
    for label, table in (("DRUG", "drugs.jsonl"), ("CONTRAST_AGENT", "contrast_agents.jsonl")):
        for row in load_rows(f"vocabulary/{table}"):
            for name in row["names"]:
                phrases.append({"label": label, "pattern": name, "id": row["generic"]})
        families[label] = "vocabulary"
    return phrases, tokens, families


@cache
def build_pipeline() -> Language:
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_NOTE_CHARS
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, TextKeepingTokenizer)  # the TOKENIZER registered above
    tokenizer.prepare = unwrap_lines  # joining hard-wrapped lines is the first step
    nlp.add_pipe("number_words")
    nlp.add_pipe("spelling")  # misspelt domain words read as the word (their norm)
    phrases, tokens, families = ruler_patterns()
    # Closed word-set and number patterns go to our token-set rulers (norms, and exact case
    # for words such as "R", "L", "MAC"); phrases and any other token pattern to the phrase
    # ruler, placed early because it runs its phrase patterns through the components before
    # it (only number_words needs to).
    phrase_ruler = nlp.add_pipe(
        "phrase_ruler", name="phrase_ruler", config={"facts_key": FACTS_KEY}
    )
    assert isinstance(phrase_ruler, PhraseRuler)
    nlp.add_pipe("note_sentences")
    caseless = nlp.add_pipe("token_set_ruler", name="word_ruler", config={"facts_key": FACTS_KEY})
    cased = nlp.add_pipe(
        "token_set_ruler", name="cased_ruler", config={"facts_key": FACTS_KEY, "cased": True}
    )
    assert isinstance(caseless, TokenSetRuler) and isinstance(cased, TokenSetRuler)
    for entry in tokens:
        for ruler, is_cased in ((caseless, False), (cased, True)):
            variants = compile_pattern(
                entry["label"], entry.get("id", ""), entry["pattern"], nlp.vocab.strings, is_cased
            )
            if variants is not None:
                ruler.add(variants)
                break
        else:
            phrases.append(entry)
    phrase_ruler.add_patterns(phrases)
    nlp.add_pipe("note_sections")
    nlp.add_pipe("note_context", config={"families": families})
    return nlp
