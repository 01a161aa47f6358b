"""The spaCy pipeline: blank English, our tokenizer rules, spelled-out numbers, sentences, one
SpanRuler over all pattern files (matching token norms, so "seven" matches "7"), sections,
and context. Built once per process and reused."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from checker.pipeline import context as _context  # noqa: F401  (registers note_context)
from checker.pipeline import number_ruler as _number_ruler  # noqa: F401  (registers number_ruler)
from checker.pipeline import numbers as _numbers  # noqa: F401  (registers number_words)
from checker.pipeline import sections as _sections  # noqa: F401  (registers note_sections)
from checker.pipeline import sentences as _sentences  # noqa: F401  (registers note_sentences)
from checker.pipeline.compile import as_number_shapes, as_phrases
from checker.pipeline.context import FACTS_KEY
from checker.pipeline.tokenizer import TextKeepingTokenizer, customize_tokenizer
from checker.resources import load_rows, patterns_dir

# Longest texts the pipeline accepts (characters); longer notes get an error line.
MAX_NOTE_CHARS = 5_000_000


def _compile(entry: dict, tokenize) -> dict[str, list]:
    """Where one pattern-file entry is matched: as caseless phrases, case-sensitive phrases,
    number-led word shapes, or (if none fits) as a spaCy token pattern."""
    pattern = entry["pattern"]
    if isinstance(pattern, str):
        return {"phrases": [entry]}
    phrases = as_phrases(pattern, tokenize)
    if phrases is not None:
        return {"phrases": [{**entry, "pattern": phrase} for phrase in phrases]}
    cased = as_phrases(pattern, tokenize, cased=True)
    if cased is not None:
        return {"cased": [{**entry, "pattern": phrase} for phrase in cased]}
    shapes = as_number_shapes(pattern)
    if shapes is not None:
        return {"numbers": [{**entry, "pattern": shapes}]}
    return {"phrases": [entry]}


def ruler_patterns(nlp: Language | None = None) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Patterns from patterns/*.jsonl plus the vocabulary tables, grouped by how they are
    matched ("phrases": caseless phrases and token patterns, "cased": case-sensitive
    phrases, "numbers": number-led word shapes), and label -> family (its pattern file)."""
    nlp = nlp or _tokenizer_only()

    def tokenize(text: str) -> list[str]:
        return [t.text for t in nlp.make_doc(text)]

    groups: dict[str, list[dict]] = {"phrases": [], "cased": [], "numbers": []}
    families: dict[str, str] = {}
    skip = {"sections.jsonl", "context.jsonl"}
    for path in sorted(patterns_dir().glob("*.jsonl")):
        if path.name in skip:
            continue
        for row in load_rows(path.name):
            entry = {key: row[key] for key in ("label", "pattern", "id") if key in row}
            for group, entries in _compile(entry, tokenize).items():
                groups[group] += entries
            families[row["label"]] = path.stem
    for label, table in (("DRUG", "drugs.jsonl"), ("CONTRAST_AGENT", "contrast_agents.jsonl")):
        for row in load_rows(f"vocabulary/{table}"):
            for name in row["names"]:
                groups["phrases"].append({"label": label, "pattern": name, "id": row["generic"]})
        families[label] = "vocabulary"
    return groups, families


def _tokenizer_only() -> Language:
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    return nlp


@cache
def build_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_NOTE_CHARS
    customize_tokenizer(nlp)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    nlp.add_pipe("number_words")
    nlp.add_pipe("note_sentences")
    groups, families = ruler_patterns(nlp)
    # Rulers into one span group: token norms ("seven" = "7", any case), exact case for
    # the few words whose case matters ("R", "L", "MAC", "TON"), and number-led patterns.
    rulers = (("fact_ruler", "NORM", groups["phrases"]), ("cased_ruler", "ORTH", groups["cased"]))
    for name, attr, entries in rulers:
        ruler = nlp.add_pipe(
            "span_ruler",
            name=name,
            config={
                "spans_key": FACTS_KEY,
                "phrase_matcher_attr": attr,
                "validate": True,
                "overwrite": False,
            },
        )
        ruler.add_patterns(entries)
    numbers = nlp.add_pipe("number_ruler", config={"spans_key": FACTS_KEY})
    for entry in groups["numbers"]:
        numbers.add(entry["label"], entry.get("id", ""), entry["pattern"])
    nlp.add_pipe("note_sections")
    nlp.add_pipe("note_context", config={"families": families})
    return nlp
