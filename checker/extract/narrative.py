"""Today's procedure told under a history or indication header.

A section is a prior, not a verdict: dictation often runs the procedure on inside the
paragraph an `Indication:` or `Background:` header opened ("... Informed consent was signed.
A time-out was completed. The skin was anesthetized with 1% lidocaine."). Steps written as
done are today's wherever they stand, and a history paragraph that holds two or more of them
is the procedure's narrative: its drugs and its contrast statement are today's too.
"""

from __future__ import annotations

from checker.extract.mentions import NOT_TODAY, Mention, NoteMentions, section_scopes

_ACT_SECTIONS = frozenset({"history", "indication", "unheaded", "procedure", "post_procedure"})
_NARRATIVE_SECTIONS = frozenset({"history", "indication"})
_PAST_AUXILIARIES = frozenset({"was", "were", "been", "had"})
_DONE_WORDS = frozenset({"obtained", "signed", "performed", "completed", "done", "given"})
_NOT_DONE = frozenset({"will", "would", "should", "to", "not", "no", "never", "prior", "previous"})
_STEPS = frozenset({"consent", "timeout", "sterile_prep", "local_anesthesia"})
_STEPS_FOR_A_NARRATIVE = 2


def stated_as_done(mentions: NoteMentions, mention: Mention) -> bool:
    """ "Informed consent was obtained", "was monitored in recovery", "Time-out completed":
    a step in the past tense, not negated, not about an earlier procedure."""
    if mention.context & {"NEGATED", "UNSELECTED", "HISTORICAL", "GENERIC", "IMAGING"}:
        return False
    if mention.section not in _ACT_SECTIONS:
        return False
    doc = mentions.doc
    before = [t.lower_ for t in doc[max(mention.start - 2, mention.sent) : mention.start]]
    after = [t.lower_ for t in doc[mention.end : min(mention.end + 2, len(doc))]]
    if any(word in _NOT_DONE for word in before) or "not" in after:
        return False
    written = mention.text.lower()
    return bool(
        (before and before[-1] in _PAST_AUXILIARIES)
        or (after and after[0] in _PAST_AUXILIARIES | _DONE_WORDS)
        or written.endswith(("ed", "ed for"))
        or written.rsplit(None, 1)[-1] in _DONE_WORDS  # "TO done", "consent given"
    )


def procedure_narratives(mentions: NoteMentions) -> frozenset[int]:
    """Start offsets of history or indication sections that tell today's procedure: two or
    more distinct workflow steps written as done."""
    steps: dict[int, set[str]] = {}
    for mention in mentions.of("WORKFLOW"):
        step = mention.section in _NARRATIVE_SECTIONS and mention.value in _STEPS
        if step and stated_as_done(mentions, mention):
            start = mentions.reading.section_at(mention.start_char).start
            steps.setdefault(start, set()).add(mention.value)
    return frozenset(
        start for start, found in steps.items() if len(found) >= _STEPS_FOR_A_NARRATIVE
    )


def is_today(
    mentions: NoteMentions,
    mention: Mention,
    kind: str,
    narratives: frozenset[int],
    ignore: frozenset[str] = frozenset(),
) -> bool:
    """`Mention.is_today`, also counting a procedure narrative under a history header."""
    if mention.is_today(kind, ignore):
        return True
    if mention.section not in _NARRATIVE_SECTIONS or (mention.context - ignore) & NOT_TODAY:
        return False
    if "procedure" not in section_scopes()[kind]:
        return False
    return mentions.reading.section_at(mention.start_char).start in narratives
