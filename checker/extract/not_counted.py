"""Mentions of a level, guidance, contrast or a drug that were not counted for today's
procedure, with the section and context that kept them out, so a reader of the report can
see why ("C4-5 not counted: in the imaging findings section")."""

from __future__ import annotations

from checker.extract.levels import LEVEL_LABELS
from checker.extract.mentions import NOT_TODAY, Mention, NoteMentions, section_scopes
from checker.models import NotCounted

# (fact, kind of section scope, labels, context that still counts for that fact)
WATCHED: tuple[tuple[str, str, tuple[str, ...], frozenset[str]], ...] = (
    ("level", "levels", LEVEL_LABELS, frozenset()),
    ("guidance", "guidance", ("GUIDANCE",), frozenset()),
    # "no contrast" counts: it says contrast was not used.
    ("contrast", "contrast", ("CONTRAST", "CONTRAST_AGENT"), frozenset({"NEGATED"})),
    ("medication", "medications", ("DRUG",), frozenset()),
)


def _not_counted(fact: str, kind: str, mention: Mention, ignore: frozenset[str]) -> NotCounted:
    context = sorted((mention.context - ignore) & NOT_TODAY)
    return NotCounted(
        fact=fact,
        value=mention.value,
        section=mention.section,
        counted_sections=mention.section in section_scopes()[kind],
        context=context,
        cues={category: words for category, words in mention.cues if category in context},
        evidence=[mention.evidence],
    )


def not_counted(mentions: NoteMentions) -> list[NotCounted]:
    """Every watched mention the extractors leave out, in text order."""
    found = [
        _not_counted(fact, kind, mention, ignore)
        for fact, kind, labels, ignore in WATCHED
        for mention in mentions.of(*labels)
        if not mention.is_today(kind, ignore=ignore)
    ]
    return sorted(found, key=lambda item: item.evidence[0].start)
