"""Guidance, contrast, procedure type and workflow: facts that are one mention away."""

from __future__ import annotations

from collections import Counter

from checker.extract.mentions import Mention, NoteMentions
from checker.models import ContrastFact, Evidence, WorkflowFact

_GUIDANCE_PREFERENCE = ("fluoroscopy", "ct", "ultrasound", "none")
_WORKFLOW_FLAGS = ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation")
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
        m for m in mentions.of(*labels) if m.is_today("contrast", ignore=frozenset({"NEGATED"}))
    ]
    # A field label ("Contrast: [ ] Omnipaque [X] None") says nothing until its value does.
    used = [m for m in candidates if not m.negated and not _is_field_label(mentions, m)]
    refused = [m for m in candidates if m.negated and m.label != "CONTRAST_CONFIRM"]
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


def _is_field_label(mentions: NoteMentions, mention: Mention) -> bool:
    doc = mentions.doc
    return mention.end < len(doc) and doc[mention.end].text == ":"


def extract_procedure(mentions: NoteMentions) -> tuple[str | None, list[Evidence]]:
    """The procedure done today. RF lesioning of a non-facet target (sacroiliac lateral
    branches, stellate or sympathetic ganglia: an `other` procedure in the same sentence) is
    `other`. RF ablation wins when today's text describes lesioning (cannulae, stimulation,
    lesion temperature) or names RF at least as often as the medial branch block (RF notes
    name the medial branches they lesion); an MBB note naming RF once as its goal stays an
    MBB. Otherwise the most named wins."""
    found = today(mentions, "procedure", "PROCEDURE")
    if not found:
        return None, []
    other_sentences = {m.sent for m in found if m.value == "other"}
    values = [
        "other" if m.value == "rf_ablation" and m.sent in other_sentences else m.value
        for m in found
    ]
    counts = Counter(values)
    technique = today(mentions, "procedure", "RF_TECHNIQUE")
    if counts["rf_ablation"] and (
        technique or counts["rf_ablation"] >= counts["medial_branch_block"]
    ):
        best = "rf_ablation"
    else:
        best = max(counts, key=lambda value: (counts[value], -values.index(value)))
    evidence = [m.evidence for m, value in zip(found, values, strict=True) if value == best]
    return best, evidence[:3]


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
