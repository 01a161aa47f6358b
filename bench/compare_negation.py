"""Compare our ConText-style component with negspacy's NegEx on the annotated notes.

Both see the same spans; negspacy gets the same trigger lists (our NEGATED forward rules
as its preceding negations, backward rules as following negations, PSEUDO and TERMINATE
rules), so the comparison is about the algorithm, not the word lists. Only the NEGATED
category is swapped; history, plan and imaging context stay ours in both runs.

    .venv/bin/pip install negspacy   # not a project dependency
    .venv/bin/python bench/compare_negation.py [FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from checker.engine import check_paths
from checker.evaluate import evaluate, load_gold
from checker.pipeline import build_pipeline
from checker.pipeline.context import load_context_rules
from checker.pipeline.facts import FACTS_KEY, fact_spans

FIELDS = ("levels", "contrast_used", "guidance", "medication_names", "consent", "supported_codes")


def negspacy_termset() -> dict[str, list[str]]:
    rules = [r for r in load_context_rules() if isinstance(r.pattern, str)]
    negations = [r for r in rules if r.category == "NEGATED"]
    return {
        "pseudo_negations": [r.pattern for r in rules if r.direction == "none"],
        "preceding_negations": [r.pattern for r in negations if r.direction != "backward"],
        "following_negations": [r.pattern for r in negations if r.direction != "forward"],
        "termination": [r.pattern for r in rules if r.direction == "terminate"],
    }


@Language.component("facts_as_spans")
def facts_as_spans(doc: Doc) -> Doc:
    """The pipeline's fact rows as the span group negspacy reads."""
    doc.spans[FACTS_KEY] = fact_spans(doc)
    return doc


@Language.component("negex_assertions")
def negex_assertions(doc: Doc) -> Doc:
    """Our context categories with NEGATED taken from negspacy instead."""
    assertions = doc._.assertions or {}
    swapped = {}
    for span in doc.spans[FACTS_KEY]:
        key = (span.start, span.end, span.label)
        # category -> the trigger's token span; negspacy names no trigger: the fact's own
        categories = {k: v for k, v in assertions.get(key, {}).items() if k != "NEGATED"}
        if span._.negex:
            categories["NEGATED"] = (span.start, span.end)
        swapped[key] = categories
    doc._.assertions = swapped
    return doc


def use_negspacy() -> None:
    nlp = build_pipeline()
    nlp.add_pipe("facts_as_spans", last=True)
    nlp.add_pipe(
        "negex", config={"span_keys": [FACTS_KEY], "neg_termset": negspacy_termset()}, last=True
    )
    nlp.add_pipe("negex_assertions", last=True)


def score(folder: Path) -> dict[str, float]:
    gold = load_gold(folder / "gold.jsonl")
    result = evaluate(check_paths([folder]), gold, id_of=lambda r: Path(r.source).stem)
    scores = {name: result.fields[name].f1 for name in FIELDS}
    scores["all_fields_right"] = result.all_right_share
    return scores


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "sample_notes")
    ours = score(folder)
    import negspacy.negation  # noqa: F401  (registers the "negex" factory)

    use_negspacy()
    theirs = score(folder)
    print(f"{'field':20} {'ConText (ours)':>15} {'negspacy':>10}")
    for name in ours:
        print(f"{name:20} {ours[name]:15.3f} {theirs[name]:10.3f}")


if __name__ == "__main__":
    main()
