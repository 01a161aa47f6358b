"""History findings that payer rules ask about: how long the pain has lasted, whether
conservative care failed, radiculopathy, why sedation was needed, why RFA is not an option,
relief from earlier blocks, which block in the series today's is, the pain scale named, and
brand strengths.

Phrases are data (`patterns/history.jsonl`); this module only decides which mentions
count: history findings come from the sections the `history` scope names
(`patterns/section_scopes.json`) and must not be negated, planned or unticked. Each
finding maps to its evidence; thresholds (3 months, 80% relief) belong to the rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from checker.extract.medications import stated_strengths
from checker.extract.mentions import Mention, NoteMentions, section_scopes
from checker.extract.positions import PositionIndex
from checker.models import Evidence
from checker.resources import load_rows

# Context categories that make a history mention not a fact about this patient's past.
_NOT_A_FACT = frozenset({"NEGATED", "HYPOTHETICAL", "UNSELECTED", "GENERIC"})
_MONTHS_PER_UNIT = {"days": 1 / 30, "weeks": 12 / 52, "months": 1.0, "years": 12.0}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
}  # "few", "several", "many": no number of months (a duration left unquantified)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DURATION_ANCHORS = ("PAIN_WORD", "CONSERVATIVE_CARE", "RELIEF", "PRIOR_BLOCK")
_ANCHOR_NEIGHBOURS = 4  # anchors each side of a duration among which the nearest one is
# "1st block 85% x 5 h": a percentage this close after a block is that block's relief.
_BLOCK_REACH = 3


@cache
def _unit_words() -> dict[str, str]:
    """Unit word -> unit ("yrs" -> "years"), read from the duration patterns themselves."""
    words: dict[str, str] = {}
    for row in load_rows("history.jsonl"):
        if row["label"] == "HISTORY_DURATION" and isinstance(row["pattern"], list):
            for word in row["pattern"][-1].get("LOWER", {}).get("IN", []):
                words[word] = row["id"]
    return words


def duration_months(text: str) -> float | None:
    """Months in a duration mention such as "14 months", "x2 yrs" or "about three years"."""
    words = text.lower().split()
    unit = _unit_words().get(words[-1]) if words else None
    if unit is None or unit not in _MONTHS_PER_UNIT:
        return None
    numbers = _NUMBER.findall(text)
    if numbers:
        value = float(numbers[-1])
    else:
        counted = [w for w in words if w in _NUMBER_WORDS]
        if not counted:
            return None
        value = float(_NUMBER_WORDS[counted[-1]])
    return round(value * _MONTHS_PER_UNIT[unit], 2)


def percent_value(text: str) -> int | None:
    digits = _NUMBER.findall(text)
    return int(float(digits[0])) if digits else None


class HistoryExtractor:
    def __init__(self, mentions: NoteMentions) -> None:
        self.mentions = mentions
        self.findings: dict[str, list[Evidence]] = {}
        # Look-ups by position and sentence, so a one-sentence note costs linear time.
        self.anchors = PositionIndex(mentions.of(*_DURATION_ANCHORS))
        self.labels_in: dict[int, set[str]] = {}
        self.starting_at: dict[int, list[Mention]] = {}
        for mention in mentions.all:
            self.labels_in.setdefault(mention.sent, set()).add(mention.label)
            self.starting_at.setdefault(mention.start, []).append(mention)

    def extract(self) -> dict[str, list[Evidence]]:
        self._durations()
        self._conservative_care()
        self._radiculopathy()
        self._sedation_reason()
        self._rfa_candidacy()
        self._prior_blocks()
        self._block_sequence()
        self._prior_therapeutic()
        self._stated_strengths()
        self._add(
            "pain_scale_named", [m for m in self.mentions.of("PAIN_SCALE_NAME") if not m.negated]
        )
        return self.findings

    def _add(self, finding: str, mentions: list[Mention]) -> None:
        if mentions:
            self.findings.setdefault(finding, []).extend(m.evidence for m in mentions)

    def _history(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions.of(*labels) if self._in_history(m)]

    @staticmethod
    def _in_history(mention: Mention) -> bool:
        return mention.is_today("history", ignore=frozenset({"HISTORICAL", "IMAGING"}))

    def _durations(self) -> None:
        """A duration counts for the pain when a pain word is its nearest anchor in the
        sentence ("14 months of neck pain"), not a treatment or a relief ("PT x 8 weeks")."""
        found: list[tuple[float, Mention]] = []
        for mention in self._history("HISTORY_DURATION"):
            if self._nearest_anchor(mention) == "PAIN_WORD":
                # "several months" has no number: kept last, for the rules to call unquantified
                found.append((duration_months(mention.text) or -1.0, mention))
        found.sort(key=lambda item: -item[0])
        self._add("pain_duration", [m for _, m in found])
        chronic = [m for m in self._history("HISTORY_CHRONIC") if self._has(m.sent, "PAIN_WORD")]
        self._add("pain_chronic", chronic)

    def _nearest_anchor(self, mention: Mention) -> str | None:
        anchors = [
            a
            for a in self.anchors.neighbours(mention.start, reach=_ANCHOR_NEIGHBOURS)
            if a.sent == mention.sent
        ]
        if not anchors:
            return None

        def distance(anchor: Mention) -> int:
            if anchor.end <= mention.start:
                return mention.start - anchor.end
            return max(anchor.start - mention.end, 0)

        return min(anchors, key=distance).label

    def _has(self, sent: int, *labels: str) -> bool:
        return not self.labels_in.get(sent, set()).isdisjoint(labels)

    def _conservative_care(self) -> None:
        care = self._history("CONSERVATIVE_CARE")
        failed_sentences = {m.sent for m in self._history("CARE_FAILED")}
        failed = [m for m in care if m.sent in failed_sentences]
        failed_care_sentences = {c.sent for c in failed}
        cues = [m for m in self._history("CARE_FAILED") if m.sent in failed_care_sentences]
        self._add("conservative_care_failed", sorted(failed + cues, key=lambda m: m.start))
        self._add("conservative_care", [m for m in care if m.sent not in failed_sentences])

    def _radiculopathy(self) -> None:
        scope = [
            m
            for m in self.mentions.of("RADICULOPATHY", "RADICULOPATHY_ABSENT")
            if m.is_today("history", ignore=frozenset({"HISTORICAL", "IMAGING", "NEGATED"}))
            and "HYPOTHETICAL" not in m.context
        ]
        absent = [m for m in scope if m.label == "RADICULOPATHY_ABSENT" or m.negated]
        present = [m for m in scope if m.label == "RADICULOPATHY" and not m.negated]
        self._add("radiculopathy_absent", absent)
        self._add("radiculopathy_present", present)

    def _sedation_reason(self) -> None:
        self._add(
            "sedation_justified",
            [m for m in self.mentions.of("SEDATION_REASON") if not m.context & _NOT_A_FACT],
        )

    def _rfa_candidacy(self) -> None:
        """ "Not a candidate for RFA" (a negated candidacy next to an RFA mention), or a
        reason such as pseudarthrosis or an implanted electrical device."""
        rfa_sentences = {m.sent for m in self.mentions.of("PROCEDURE") if m.value == "rf_ablation"}
        negated = [
            m for m in self.mentions.of("RFA_CANDIDACY") if m.negated and m.sent in rfa_sentences
        ]
        reasons = [m for m in self._history("RFA_CONTRAINDICATION")]
        self._add("rfa_not_candidate", negated + reasons)

    def _prior_blocks(self) -> None:
        """Relief percentages from earlier blocks: sentences in the history that name a
        block and a relief with a percentage (today's relief is in the response)."""
        blocks = [m for m in self.mentions.of("PRIOR_BLOCK", "PROCEDURE") if self._is_earlier(m)]
        block_sentences = {m.sent for m in blocks}
        relief_sentences = {m.sent for m in self.mentions.of("RELIEF")}
        block_ends = sorted(b.end for b in blocks)  # one bisect per percentage, not a scan

        def about_a_block(percent: Mention) -> bool:
            # a block ending at most _BLOCK_REACH tokens before the percentage
            first = bisect_left(block_ends, percent.start - _BLOCK_REACH)
            near = first < len(block_ends) and block_ends[first] <= percent.start
            return percent.sent in relief_sentences or near

        percents = [
            m
            for m in self.mentions.of("PERCENT")
            if m.sent in block_sentences and about_a_block(m) and self._is_earlier(m)
        ]
        self._add("prior_block_relief", percents)
        percent_sentences = {p.sent for p in percents}
        pairs = [m for m in self._history("PRIOR_PAIR") if m.sent in percent_sentences]
        self._add("prior_block_pair", pairs)

    @staticmethod
    def _is_earlier(mention: Mention) -> bool:
        """In the history, and not a plan ("call if >80% relief"); a sentence that also
        plans ("... insufficient to proceed with ablation") still reports the past."""
        historical = "HISTORICAL" in mention.context
        ignore = {"HISTORICAL", "IMAGING"} | ({"HYPOTHETICAL"} if historical else set())
        if not mention.is_today("history", ignore=frozenset(ignore)):
            return False
        return historical or mention.section != "preamble"

    def _block_sequence(self) -> None:
        for mention in self.mentions.of("BLOCK_SEQUENCE"):
            if self._shared_context(mention) & _NOT_A_FACT or mention.section == "plan":
                continue
            self._add(f"block_{mention.value}", [mention])

    def _shared_context(self, mention: Mention) -> frozenset[str]:
        """Context of every mention starting where this one does: an unticked checkbox
        marks only the first fact after it ("[ ] Diagnostic #2")."""
        context = set(mention.context)
        for other in self.starting_at.get(mention.start, ()):
            context |= other.context
        return frozenset(context)

    def _prior_therapeutic(self) -> None:
        """An earlier therapeutic injection and what it gave, for the repeat-injection rule:
        the relief percentages and durations said of it (its sentence, or the next one when
        that names no other block), and whether the note calls today's injection a repeat.
        "Repeat" is itself a plan cue (HYPOTHETICAL), so these mentions count unless
        negated, unticked, generic or in the plan."""
        blocks = {m.sent for m in self.mentions.of("PRIOR_BLOCK", "PROCEDURE")}
        earlier = [
            m
            for m in self.mentions.of("PRIOR_THERAPEUTIC")
            if m.sent in blocks and self._said_of_past(m)
        ]
        repeats = [m for m in self.mentions.of("THERAPEUTIC_REPEAT") if self._stated(m)]
        self._add("therapeutic_repeat", sorted(earlier + repeats, key=lambda m: m.start))
        said_of = {m.sent for m in earlier + repeats}
        following = {self.mentions.doc[m.start].sent.end for m in earlier}
        said_of |= following - blocks
        relief = {m.sent for m in self.mentions.of("RELIEF")}
        percents = [
            m
            for m in self.mentions.of("PERCENT")
            if m.sent in said_of and m.sent in relief and self._said_of_past(m)
        ]
        durations = [
            m
            for m in self.mentions.of("HISTORY_DURATION")
            if m.sent in said_of and self._said_of_past(m) and self._is_relief_span(m, percents)
        ]
        self._add("prior_therapeutic_relief", percents)
        self._add("prior_therapeutic_duration", durations)

    def _stated(self, mention: Mention) -> bool:
        return not mention.context & {"NEGATED", "UNSELECTED", "GENERIC"} and (
            mention.section != "plan"
        )

    def _said_of_past(self, mention: Mention) -> bool:
        in_history = mention.section in section_scopes()["history"]
        return self._stated(mention) and (in_history or "HISTORICAL" in mention.context)

    def _is_relief_span(self, duration: Mention, percents: list[Mention]) -> bool:
        """How long a relief lasted ("60% relief for 4 months", "for 4 months she had 60%
        relief"), not how long the pain has lasted ("neck pain for 3 years")."""
        after_relief = any(p.sent == duration.sent and p.end <= duration.start for p in percents)
        return after_relief or self._nearest_anchor(duration) in ("RELIEF", "PRIOR_BLOCK")

    def _stated_strengths(self) -> None:
        for strength in stated_strengths(self.mentions):
            if strength.drug.is_today("medications"):
                key = f"strength:{strength.generic}:{strength.concentration}"
                self.findings.setdefault(key, []).append(strength.evidence)


def extract_history(mentions: NoteMentions) -> dict[str, list[Evidence]]:
    return HistoryExtractor(mentions).extract()
