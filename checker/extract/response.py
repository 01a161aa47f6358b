"""Today's pain response: pre- and post-procedure scores (0-10) and percent relief.

A score takes the nearest pre/post cue in its sentence ("pre-procedure pain 7/10",
"7/10 before and 2/10 after"); two scores joined by an arrow or "to" are pre then post
("8/10 -> 2/10", "from 6 to 1"). Without a cue, a score in the post-procedure section is
post, and a present-tense score in today's history is the pre-procedure score. Scores
and relief in history ("80% relief after the first block") are not today's; a range
("2-8/10") is recorded as a range, never as a score.
"""

from __future__ import annotations

import re
from dataclasses import replace

from checker.extract.mentions import Mention, NoteMentions
from checker.models import ResponseFact
from checker.pipeline.reading import UNHEADED

_SCORE_KINDS = ("PAIN_SCORE", "PAIN_MM")
_SCORE_LABELS = ("PAIN_SCORE", "PAIN_CHANGE", "PAIN_RANGE", "PERCENT")
_SCORE_WORDS = frozenset(str(n) for n in range(11))
_TIME_UNITS = frozenset({"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h",
                         "day", "days", "d", "week", "weeks", "wk", "wks", "month", "months",
                         "mo", "mos", "year", "years", "yr", "yrs", "y"})  # fmt: skip
_NOT_A_SCORE_AFTER = frozenset({"%", "/", "mg", "ml", "cc", "mm", "cm", "percent", "of", "x"})
_CLAUSE_JOINS = frozenset({"and", ",", ";", "then", "but", "while", "with"})
_CLAUSE_ENDS = frozenset({".", ";", ",", "(", "|"})
# Labels whose words end the search for a pain value ("neck pain, MRI C5-6": not a score).
_OTHER_FACTS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA", "LEVEL_SHORT", "VOLUME",
                "CONCENTRATION", "DOSE", "PERCENT", "DRUG", "CONTRAST_AGENT")  # fmt: skip
_VALUE_REACH = 8
_OUT_OF_TEN = re.compile(r"\s*(?:/|\bout of\b|\bof\b)\s*10\b")
_SCORE_NUMBER_MM = re.compile(r"\d{1,3}")
_SCORE_NUMBER = re.compile(r"(?<![\d.])(10|[0-9])(?![\d.%])")
_RIGHT_CUE_REACH = 3
_RELIEF_REACH = 6
_PAIN_CONTEXT = ("PAIN_WORD", "SCALE", "PAIN_SCORE", "RELIEF")
_HISTORY_SECTIONS = frozenset({"history", "indication", "exam", "imaging"})
_PRE_SECTIONS = _HISTORY_SECTIONS | {UNHEADED}


def score_values(mention: Mention) -> list[int]:
    text = _OUT_OF_TEN.sub(" ", mention.norm.lower())
    return [int(value) for value in _SCORE_NUMBER.findall(text)]


class ResponseExtractor:
    def __init__(self, mentions: NoteMentions) -> None:
        self.mentions = mentions

    def extract(self) -> ResponseFact:
        fact = ResponseFact()
        uncued: list[tuple[int, Mention]] = []
        scores = sorted(
            self._today("PAIN_SCORE", "PAIN_CHANGE") + self._values_after_pain_words(),
            key=lambda m: m.start,
        )
        for mention in scores:
            if mention.value in ("bare", "change") and not self._about_pain(mention):
                continue
            values = score_values(mention)
            if not values:
                continue
            if mention.label == "PAIN_CHANGE" and len(values) >= 2:
                self._set(fact, "pre_pain", values[0], mention)
                self._set(fact, "post_pain", values[-1], mention)
                continue
            when = self._when(mention)
            if when:
                self._set(fact, f"{when}_pain", values[-1], mention)
            else:
                uncued.append((values[-1], mention))
        self._fill_from_order(fact, uncued)
        self._millimetres(fact)
        self._relief(fact)
        ranges = self._today("PAIN_RANGE")
        if ranges:
            fact.pain_range = ranges[0].text
            fact.evidence.append(ranges[0].evidence)
        scales = self.mentions.of("SCALE")
        if scales:
            fact.scale = scales[0].value
        return fact

    def _millimetres(self, fact: ResponseFact) -> None:
        """A 0-100 mm visual analogue scale ("VAS 80 mm before ... VAS 15 mm after")."""
        for mention in self._today("PAIN_MM"):
            numbers = _SCORE_NUMBER_MM.findall(mention.norm)
            when = self._when(mention)
            if numbers and when and 0 <= int(numbers[0]) <= 100:
                field = f"{when}_pain_mm"
                if getattr(fact, field) is None:
                    setattr(fact, field, int(numbers[0]))
                    fact.evidence.append(mention.evidence)
                    fact.scale = fact.scale or "VAS"

    def _fill_from_order(self, fact: ResponseFact, uncued: list[tuple[int, Mention]]) -> None:
        """Scores without a cue, placed by where they stand: before the injectate (or in
        today's history) is the pre-procedure score; after it ("Observed 30 min. Pain
        3/10.") the post-procedure score."""
        drugs = [m for m in self.mentions.of("DRUG") if m.is_today("medications")]
        first = drugs[0].start if drugs else None
        last = drugs[-1].end if drugs else None
        before = [
            (v, m)
            for v, m in uncued
            if m.section in _PRE_SECTIONS or (first is not None and m.start < first)
        ]
        if fact.pre_pain is None and before:
            self._set(fact, "pre_pain", *before[0])
        after = [
            (v, m)
            for v, m in uncued
            if last is not None and m.start >= last and m.section not in _HISTORY_SECTIONS
        ]
        if fact.post_pain is None and after and (len(uncued) >= 2 or fact.pre_pain is not None):
            self._set(fact, "post_pain", *after[-1])

    def _today(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions.of(*labels) if m.is_today("response")]

    def _values_after_pain_words(self) -> list[Mention]:
        """A 0-10 number written shortly after a pain word or scale, skipping time phrases:
        "Numeric pain scale today 7", "NRS on arrival 7", "Pain 30 minutes after: 2"."""
        doc = self.mentions.doc
        taken = {i for m in self.mentions.of(*_SCORE_LABELS) for i in range(m.start, m.end)}
        taken |= {i for m in self.mentions.of(*_OTHER_FACTS) for i in range(m.start, m.end)}
        found: list[Mention] = []
        for word in self._today("PAIN_WORD"):
            if word.end in taken or word.end + 1 in taken:
                continue
            end = min(self.mentions.reading.sentence_end(word.sent), word.end + _VALUE_REACH)
            index = word.end
            while index < end:
                token = doc[index]
                following = doc[index + 1].lower_ if index + 1 < len(doc) else ""
                if token.i in taken or token.text in _CLAUSE_ENDS or "\n" in token.text:
                    break
                if token.like_num and following in _TIME_UNITS:
                    index += 2  # "30 minutes"
                    continue
                if token.norm_ in _SCORE_WORDS and following not in _NOT_A_SCORE_AFTER:
                    found.append(self._score_at(word, token))
                    break
                if token.like_num:
                    break
                index += 1
        return found

    def _score_at(self, word: Mention, token) -> Mention:
        """A bare score token as a mention, with the section and context of its pain word."""
        start, end = token.idx, token.idx + len(token.text)
        return replace(
            word,
            label="PAIN_SCORE",
            value="bare",
            start=token.i,
            end=token.i + 1,
            start_char=start,
            end_char=end,
            text=self.mentions.text[start:end],
            norm=token.norm_,
        )

    def _about_pain(self, mention: Mention) -> bool:
        """Bare numbers ("8 -> 3", "2 after") count on a line about pain or in a response
        section."""
        if mention.section in ("post_procedure", "assessment"):
            return True
        line_start, line_end = self._line_of(mention)
        return any(
            m is not mention and line_start <= m.start_char < line_end
            for label in _PAIN_CONTEXT
            for m in self.mentions.of(label)
        )

    def _line_of(self, mention: Mention) -> tuple[int, int]:
        text = self.mentions.doc_text
        start = text.rfind("\n", 0, mention.start_char) + 1
        end = text.find("\n", mention.end_char)
        return start, len(text) if end < 0 else end

    @staticmethod
    def _set(fact: ResponseFact, field: str, value: int, mention: Mention) -> None:
        if getattr(fact, field) is None:
            setattr(fact, field, value)
            fact.evidence.append(mention.evidence)

    def _when(self, score: Mention) -> str | None:
        """ "pre", "post" or None for one score, from cues, arrows and the section."""
        sentence = self.mentions.in_sentence(score.sent)
        scores = [m for m in sentence if m.label in _SCORE_KINDS and m.is_today("response")]
        position = scores.index(score) if score in scores else -1
        if _has_own_cue(score):
            lowered = score.text.lower()
            return "pre" if "pre" in lowered or "before" in lowered else "post"
        if 0 <= position < len(scores) - 1 and self._joined(score, scores[position + 1]):
            return "pre"
        if position > 0 and self._joined(scores[position - 1], score):
            return "post"
        cue = self._nearest_cue(score, sentence, scores) or self._header_cue(score)
        if cue:
            return cue.label.lower()
        if score.section == "post_procedure":
            return "post"
        return None

    def _header_cue(self, score: Mention) -> Mention | None:
        """A cue in the score's section header ("PRE-PROCEDURE (RN)")."""
        section = self.mentions.reading.section_at(score.start_char)
        start, header_end = section.start, section.header_end
        in_header = [
            m for m in self.mentions.of("PRE", "POST") if start <= m.start_char < header_end
        ]
        return in_header[0] if in_header else None

    def _joined(self, first: Mention, second: Mention) -> bool:
        return (
            any(
                m.label == "ARROW" and first.end <= m.start and m.end <= second.start
                for m in self.mentions.in_sentence(first.sent)
            )
            and second.start - first.end <= 4
        )

    def _nearest_cue(
        self, score: Mention, sentence: list[Mention], scores: list[Mention]
    ) -> Mention | None:
        best: tuple[int, Mention] | None = None
        for cue in (m for m in sentence if m.label in ("PRE", "POST")):
            if cue.end <= score.start:
                closes_earlier = any(s is not score and 0 <= cue.start - s.end <= 1 for s in scores)
                if closes_earlier and not self._cue_leads(cue, score, sentence):
                    continue  # "80 mm before the procedure and 15 mm after": the earlier one's
                between = [s for s in scores if cue.end <= s.start < score.start]
                distance = score.start - cue.end + len(between) * 4
            elif cue.start >= score.end and cue.start - score.end <= _RIGHT_CUE_REACH:
                next_scores = [s for s in scores if s.start >= cue.end and s.start - cue.end <= 3]
                if next_scores and self._cue_leads(cue, next_scores[0], sentence):
                    continue  # "7/10, post-procedure 2/10": the cue belongs to the next score
                distance = cue.start - score.end
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, cue)
        return best[1] if best else None

    def _cue_leads(self, cue: Mention, following: Mention, sentence: list[Mention]) -> bool:
        """Whether a cue introduces the score after it rather than closing the one before:
        not when that score has its own cue, nor across "and" ("80 mm before the procedure
        and 15 mm after")."""
        if self._has_cue_beside(following, sentence):
            return False
        gap = self.mentions.between(cue.end, following.start).split()
        return not any(word in _CLAUSE_JOINS for word in gap)

    @staticmethod
    def _has_cue_beside(score: Mention, sentence: list[Mention]) -> bool:
        """ "0/10 after", "2 post": the score carries its own cue, so a cue before it is free."""
        return _has_own_cue(score) or any(
            m.label in ("PRE", "POST") and 0 <= m.start - score.end <= 1 for m in sentence
        )

    def _relief(self, fact: ResponseFact) -> None:
        for percent in (m for m in self.mentions.of("PERCENT") if m.is_today("relief")):
            cues = self.mentions.in_sentence(percent.sent, "RELIEF")
            if any(
                abs(c.start - percent.end) <= _RELIEF_REACH
                or abs(percent.start - c.end) <= _RELIEF_REACH
                for c in cues
            ):
                value = int(score_digits(percent.norm))
                if 0 <= value <= 100:
                    fact.percent_relief = value
                    fact.evidence.append(percent.evidence)
                    return


def _has_own_cue(score: Mention) -> bool:
    """A score written with its cue inside, as in "2 post" or "pre: 7"."""
    return score.value == "bare" and any(
        word in score.text.lower() for word in ("pre", "post", "before", "after")
    )


def score_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
