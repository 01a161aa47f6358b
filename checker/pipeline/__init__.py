"""The spaCy pipeline: blank English, our tokenizer rules, sentences, one SpanRuler over all
pattern files, sections, and context. Built once per process and reused."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from checker.pipeline import context as _context  # noqa: F401  (registers note_context)
from checker.pipeline import sections as _sections  # noqa: F401  (registers note_sections)
from checker.pipeline import sentences as _sentences  # noqa: F401  (registers note_sentences)
from checker.pipeline.compile import as_phrases
from checker.pipeline.context import FACTS_KEY
from checker.pipeline.tokenizer import customize_tokenizer
from checker.resources import load_rows, patterns_dir

# Longest texts the pipeline accepts (characters); longer notes get an error line.
MAX_NOTE_CHARS = 5_000_000


def _as_phrase_patterns(entry: dict, tokenize) -> list[dict]:
    if isinstance(entry["pattern"], str):
        return [entry]
    phrases = as_phrases(entry["pattern"], tokenize)
    if phrases is None:
        return [entry]
    return [{**entry, "pattern": phrase} for phrase in phrases]


def ruler_patterns(nlp: Language | None = None) -> tuple[list[dict], dict[str, str]]:
    """Matcher patterns from patterns/*.jsonl plus the vocabulary tables, and label -> family."""
    nlp = nlp or _tokenizer_only()
    tokenize = lambda text: [t.text for t in nlp.make_doc(text)]  # noqa: E731
    patterns: list[dict] = []
    families: dict[str, str] = {}
    skip = {"sections.jsonl", "context.jsonl"}
    for path in sorted(patterns_dir().glob("*.jsonl")):
        if path.name in skip:
            continue
        for row in load_rows(path.name):
            entry = {key: row[key] for key in ("label", "pattern", "id") if key in row}
            patterns += _as_phrase_patterns(entry, tokenize)
            families[row["label"]] = path.stem
    for label, table in (("DRUG", "drugs.jsonl"), ("CONTRAST_AGENT", "contrast_agents.jsonl")):
        for row in load_rows(f"vocabulary/{table}"):
            for name in row["names"]:
                patterns.append({"label": label, "pattern": name, "id": row["generic"]})
        families[label] = "vocabulary"
    return patterns, families


def _tokenizer_only() -> Language:
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    return nlp


@cache
def build_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_NOTE_CHARS
    customize_tokenizer(nlp)
    nlp.add_pipe("note_sentences")
    patterns, families = ruler_patterns(nlp)
    ruler = nlp.add_pipe(
        "span_ruler",
        config={"spans_key": FACTS_KEY, "phrase_matcher_attr": "LOWER", "validate": True},
    )
    ruler.add_patterns(patterns)
    nlp.add_pipe("note_sections")
    nlp.add_pipe("note_context", config={"families": families})
    return nlp
