"""NoteReading (the pipeline's typed hand-off) -> typed Extraction (contract `extraction`),
each fact with its evidence."""

from __future__ import annotations

from checker.extract.history import extract_history
from checker.extract.levels import LevelExtractor, region_of
from checker.extract.medications import MedicationExtractor
from checker.extract.mentions import NoteMentions
from checker.extract.not_counted import not_counted
from checker.extract.response import ResponseExtractor
from checker.extract.simple import (
    extract_contrast,
    extract_guidance,
    extract_intent,
    extract_procedure,
    extract_workflow,
)
from checker.models import Extraction
from checker.pipeline.reading import NoteReading

_NERVE_PROCEDURES = frozenset({"medial_branch_block", "rf_ablation"})
_SINGLE_SITE = frozenset({"epidural"})
_FACET_PROCEDURES = frozenset({"facet_injection", "medial_branch_block", "rf_ablation"})


def _facet_procedure(mentions: NoteMentions) -> str | None:
    """The most named facet procedure of today's text, if any."""
    found = [
        m.value
        for m in mentions.of("PROCEDURE")
        if m.value in _FACET_PROCEDURES and m.is_today("procedure")
    ]
    return max(set(found), key=found.count) if found else None


def extract(reading: NoteReading) -> Extraction:
    """Facts of one note, from what the pipeline read in it."""
    mentions = NoteMentions(reading)
    procedure, procedure_evidence = extract_procedure(mentions)
    level_reader = LevelExtractor(mentions, procedure in _NERVE_PROCEDURES)
    levels, unsided = level_reader.extract()
    facet_work = _facet_procedure(mentions) if procedure == "other" else None
    if facet_work is not None:
        # A facet session with a trigger point or occipital block the same day: the facet
        # part names the joint levels, so it is the procedure checked here.
        facet_reader = LevelExtractor(mentions, facet_work in _NERVE_PROCEDURES)
        facet_levels, facet_unsided = facet_reader.extract()
        if facet_levels or facet_unsided:
            procedure, level_reader = facet_work, facet_reader
            levels, unsided = facet_levels, facet_unsided
            procedure_evidence = [
                m.evidence
                for m in mentions.of("PROCEDURE")
                if m.value == facet_work and m.is_today("procedure")
            ][:3]
    guidance, guidance_evidence = extract_guidance(mentions)
    medications = MedicationExtractor(mentions, single_site=procedure in _SINGLE_SITE).extract()
    skin_evidence = [e for m in medications if m.role == "skin_local" for e in m.evidence[:1]]
    ordered = sorted(levels, key=lambda f: (f.side != "right", f.level))
    extraction = Extraction(
        region=region_of([f.level for f in levels + unsided]),
        procedure=procedure,
        procedure_evidence=procedure_evidence,
        intent=extract_intent(mentions),  # as stated; defaults are the rules' readings
        levels=ordered,
        guidance=guidance,
        guidance_evidence=guidance_evidence,
        contrast=extract_contrast(mentions),
        medications=medications,
        response=ResponseExtractor(mentions).extract(),
        workflow=extract_workflow(mentions, skin_evidence),
        history=extract_history(mentions),
        not_counted=not_counted(mentions),
    )
    extraction.reading_warnings = level_reader.warnings
    extraction.levels_unsided = [f.level for f in unsided]
    extraction.levels_unsided_evidence = [e for f in unsided for e in f.evidence]
    return extraction
