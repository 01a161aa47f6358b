"""Guidance, contrast, procedure type and workflow: facts that are one mention away."""

from __future__ import annotations

from collections import Counter

from checker.extract.mentions import Mention, NoteMentions
from checker.models import ContrastFact, Evidence, WorkflowFact

_GUIDANCE_PREFERENCE = ("fluoroscopy", "ct", "ultrasound", "none")
_WORKFLOW_FLAGS = ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation")
_FIELD_NO = frozenset({"no", "none", "n", "nil", "not"})
_FIELD_YES = frozenset({"yes", "y"})
_NEGATING_WORDS = {"no", "without", "none", "denies", "denied", "nil", "negative"}


def today(mentions: NoteMentions, kind: str, *labels: str) -> list[Mention]:
    return [m for m in mentions.of(*labels) if m.is_today(kind)]


def extract_guidance(mentions: NoteMentions) -> tuple[str | None, list[Evidence]]:
    """The imaging the note names for today; the most named wins (CT notes say "CT fluoro")."""
    found = today(mentions, "guidance", "GUIDANCE")
    if not found:
        return None, []
    counts = Counter(m.value for m in found)
    best = max(counts, key=lambda value: (counts[value], -_GUIDANCE_PREFERENCE.index(value)))
    if best == "none" and len(counts) > 1:
        best = max((v for v in counts if v != "none"), key=lambda v: counts[v])
    return best, [m.evidence for m in found if m.value == best]


def extract_contrast(mentions: NoteMentions) -> ContrastFact:
    labels = ("CONTRAST", "CONTRAST_AGENT", "CONTRAST_CONFIRM")
    candidates = [
        m
        for m in mentions.of(*labels)
        if m.is_today("contrast", ignore=frozenset({"NEGATED"}))
        and not _names_an_allergy(mentions, m)
    ]
    answers = {m.start: _field_answer(mentions, m) for m in candidates if m.label == "CONTRAST"}
    # A field label ("Contrast: [ ] Omnipaque [X] None") says nothing until its value does.
    named = [
        m
        for m in candidates
        if m.label != "CONTRAST_CONFIRM"
        and (not m.negated and answers.get(m.start) in (None, True))
        and not (
            m.label == "CONTRAST" and _is_field_label(mentions, m) and answers[m.start] is None
        )
    ]
    refused = [
        m
        for m in candidates
        if m.label != "CONTRAST_CONFIRM" and (m.negated or answers.get(m.start) is False)
    ]
    # Spread seen without any contrast named ("no intravascular spread") confirms placement
    # with contrast only when the note does not say contrast was not used (ultrasound notes
    # watch the injectate spread).
    confirmed = [m for m in candidates if m.label == "CONTRAST_CONFIRM" and not m.negated]
    used = named + (confirmed if named or not refused else [])
    fact = ContrastFact()
    if used:
        fact.used = True
        fact.evidence = [m.evidence for m in used]
        agents = [m for m in used if m.label == "CONTRAST_AGENT"]
        fact.agent = agents[0].value if agents else None
        fact.placement_confirmed = any(m.label == "CONTRAST_CONFIRM" for m in used)
    elif refused:
        fact.used = False
        fact.evidence = [m.evidence for m in refused]
        sentences = {m.sent for m in refused}
        reasons = [m for m in mentions.of("CONTRAST_REASON") if m.sent in sentences]
        reasons = reasons or [m for m in mentions.of("CONTRAST_REASON") if m.section != "allergies"]
        if reasons:
            fact.omission_reason = reasons[0].value
            fact.evidence.append(reasons[0].evidence)
    return fact


def _names_an_allergy(mentions: NoteMentions, mention: Mention) -> bool:
    """ "iodinated contrast allergy", "contrast reaction": the contrast named is the allergen."""
    return any(
        reason.value == "allergy" and reason.start <= mention.end and reason.end > mention.start
        for reason in mentions.in_sentence(mention.sent, "CONTRAST_REASON")
    )


def _field_answer(mentions: NoteMentions, mention: Mention) -> bool | None:
    """The yes/no answer of a "Contrast: No" field, None when the field says neither."""
    if not _is_field_label(mentions, mention):
        return None
    doc = mentions.doc
    answer = doc[mention.end + 1].lower_ if mention.end + 1 < len(doc) else ""
    if answer in _FIELD_NO:
        return False
    if answer in _FIELD_YES:
        return True
    return None


def _is_field_label(mentions: NoteMentions, mention: Mention) -> bool:
    doc = mentions.doc
    return mention.end < len(doc) and doc[mention.end].text == ":"


def extract_procedure(mentions: NoteMentions) -> tuple[str | None, list[Evidence]]:
    """RF ablation wins if named at all (RF notes name medial branches throughout);
    otherwise the most named of epidural, medial branch block and facet injection."""
    found = today(mentions, "procedure", "PROCEDURE")
    if not found:
        return None, []
    counts = Counter(m.value for m in found)
    if counts["rf_ablation"]:
        best = "rf_ablation"
    else:
        order = [m.value for m in found]
        best = max(counts, key=lambda value: (counts[value], -order.index(value)))
    return best, [m.evidence for m in found if m.value == best][:3]


def extract_intent(mentions: NoteMentions) -> str | None:
    found = today(mentions, "procedure", "INTENT")
    values = {m.value for m in found}
    if len(values) == 1:
        return values.pop()
    return None


def extract_workflow(mentions: NoteMentions, skin_local_evidence: list[Evidence]) -> WorkflowFact:
    fact = WorkflowFact()
    for mention in today(mentions, "workflow", "WORKFLOW"):
        if mention.value in _WORKFLOW_FLAGS:
            setattr(fact, mention.value, True)
            fact.evidence.setdefault(mention.value, []).append(mention.evidence)
    if skin_local_evidence:
        fact.local_anesthesia = True
        fact.evidence.setdefault("local_anesthesia", []).extend(skin_local_evidence)
    complications = [
        m
        for m in mentions.of("COMPLICATION")
        if m.section in ("procedure", "post_procedure", "preamble")
    ]
    if complications:
        first = complications[0]
        nearby = mentions.between(max(first.start - 3, first.sent), first.end + 2).split()
        fact.complications = "none" if _NEGATING_WORDS & set(nearby) else first.text
        fact.evidence.setdefault("complications", []).append(first.evidence)
    sedation = [
        m
        for m in today(mentions, "workflow", "SEDATION")
        if not m.negated and not _is_field_label(mentions, m)
    ]
    if sedation:
        fact.sedation = sedation[0].text
        fact.evidence.setdefault("sedation", []).append(sedation[0].evidence)
    return fact
