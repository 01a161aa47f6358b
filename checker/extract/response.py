"""Today's pain response: pre- and post-procedure scores (0-10) and percent relief.

A score takes the nearest pre/post cue in its sentence ("pre-procedure pain 7/10",
"7/10 before and 2/10 after"); two scores joined by an arrow or "to" are pre then post
("8/10 -> 2/10", "from 6 to 1"). Without a cue, a score in the post-procedure section is
post, and a present-tense score in today's history is the pre-procedure score. Scores
and relief in history ("80% relief after the first block") are not today's; a range
("2-8/10", "4 to 6 out of 10", "60 to 70 percent") is never a score or a relief value.
A clinic visit's triage vitals and history scores, written before the visit's assessment and
plan and the procedure that follows them, are neither of the procedure's scores unless the
history marks one as today's ("Today 6/10").
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from checker.extract.dated import dates_before_service
from checker.extract.diary import Diaries, DiaryReading
from checker.extract.grids import ScoreGrid, score_grids
from checker.extract.medications import sedation_drugs
from checker.extract.mentions import NOT_TODAY, Mention, NoteMentions, section_scopes
from checker.extract.narrative import procedure_narratives
from checker.extract.positions import PositionIndex
from checker.extract.sessions import inside, other_procedure_stretches
from checker.models import Evidence, ResponseFact
from checker.pipeline.reading import UNHEADED

# a bracketed aside after a change's last score ("1/10 (left), ~85%"), and how far before
# that score the change's arrow may stand ("7/10 -> 30 min 1/10")
_ASIDE_TOKENS = 4
_ARROW_REACH = 4
# a time point in a post cue ("at 30 min", "after 1 hour")
_CUE_TIME = re.compile(r"(\d+(?:\.\d+)?)\s*(min|mins|minutes?|h|hrs?|hours?)\b", re.IGNORECASE)
_EARLIER = frozenset({"HISTORICAL"})  # an earlier block's fact (its column or dated line)

_SCORE_KINDS = ("PAIN_SCORE", "PAIN_MM")
_SCORE_LABELS = ("PAIN_SCORE", "PAIN_CHANGE", "PAIN_RANGE", "PERCENT")
# Bare scores, whose pattern names no pain, and the ids of those that name their time.
_TIMED_BARE = {"bare_pre": "pre", "bare_post": "post"}
_CUE_FREE = frozenset({"bare", "change", *_TIMED_BARE})
_SCORE_WORDS = frozenset(str(n) for n in range(11))
_TIME_UNITS = frozenset({"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h",
                         "day", "days", "d", "week", "weeks", "wk", "wks", "month", "months",
                         "mo", "mos", "year", "years", "yr", "yrs", "y"}
                        # the same in translated notes ("na 2 weken", "seit 3 Monaten"):
                        # Duden, Van Dale, Larousse, RAE, Treccani, Priberam, PWN
                        | {"minuten", "minutos", "minuti", "minut", "minuty", "uur", "stunden",
                           "horas", "ore", "heures", "godz", "tage", "tagen", "dagen", "días",
                           "dias", "jours", "giorni", "dni", "wochen", "weken", "semanas",
                           "semaines", "settimane", "tygodni", "monate", "monaten", "maanden",
                           "meses", "mois", "mesi", "miesięcy", "jahre", "jahren", "jaar",
                           "años", "anos", "ans", "anni", "lat"})  # fmt: skip
_NOT_A_SCORE_AFTER = frozenset({"%", "/", "mg", "ml", "cc", "mm", "cm", "percent", "of", "x"})
_CLAUSE_JOINS = frozenset({"and", ",", ";", "then", "but", "while", "with"})
_CLAUSE_ENDS = frozenset({".", ";", ",", "(", "|"})
# Labels whose words end the search for a pain value ("neck pain, MRI C5-6": not a score).
_OTHER_FACTS = ("LEVEL_PAIR", "LEVEL_COMPACT", "VERTEBRA", "LEVEL_SHORT", "VOLUME",
                "CONCENTRATION", "DOSE", "PERCENT", "DRUG", "CONTRAST_AGENT")  # fmt: skip
_VALUE_REACH = 8
_TIMES_WORDS = frozenset({"x", "×"})  # "pain diary x 8 h": a count or a duration follows
_SITE_REACH = 6  # tokens from a body site back from its score ("Buttock pain VAS 6 to VAS 2")
# Words of a bracketed aside that gives a score's time or scale between its label and its
# value ("Pain NRS (post, 20 min): 1", "Pre-op pain (0-10): 5", "NRS after (20 min, on the
# ward): 2"), besides pre/post cues.
_ASIDE_WORDS = frozenset({",", "-", "–", "/", "0", "10", "scale", "of", "out", "at", "nrs",
                          "vas", "nprs", "vrs", "numeric", "pain", "score",
                          "on", "in", "the", "ward", "unit"})  # fmt: skip
_ASIDE_REACH = 10  # tokens from an aside's opening bracket to its closing one
_OUT_OF_TEN = re.compile(r"\s*(?:/|\bout of\b|\bof\b)\s*10\b")
_SCORE_NUMBER_MM = re.compile(r"\d{1,3}")
_SCORE_NUMBER = re.compile(r"(?<![\d.])(10|[0-9])(?![\d.%])")
_RIGHT_CUE_REACH = 3
_LEFT_CUE_REACH = 24  # tokens back to a cue ("pain before the procedure was rated at 7/10")
_RELIEF_REACH = 6
_TODAY_REACH = 3  # tokens from a score to a today word marking it ("pain today is 6/10")
_HEADING_LINES = 4  # lines above a field searched for its pain heading
_FIELD_INDENT = 12  # characters before a field label on its line ("  - Pre-procedure: 7")
_FAR_RELIEF_REACH = 14  # tokens from a relief word back in the sentence to its percent
_FIELD_PUNCTUATION = frozenset({"(", ")", ":", "):", "=", "-", "|", ","})
_PAIN_CONTEXT = ("PAIN_WORD", "SCALE", "PAIN_SCORE", "RELIEF")
# what joins two body sites into one score's label ("headache/neck pain", "neck and arm")
_SITES_JOINED = (["/"], ["and"], ["&"], ["+"])
_HISTORY_SECTIONS = frozenset({"history", "indication", "exam", "imaging"})
_PRE_SECTIONS = _HISTORY_SECTIONS | {UNHEADED}
_BACKGROUND_SECTIONS = frozenset({"history", "indication"})
# Sections that close a clinic visit's history and examination: a score written before them
# (the triage "Vitals: BP ... Pain 6/10", the history's "6/10, worse with rotation") is the
# visit's, not the score taken right before the procedure that follows.
_VISIT_CLOSING_SECTIONS = frozenset({"assessment", "plan"})
_PROCEDURE_SECTIONS = frozenset({"procedure", "post_procedure"})
# Words joining the two ends of a range ("4-6/10", "60 to 70 percent", "between 4 and 6").
_NAMES_PAIN = re.compile(r"pain|\b(?:vas|nrs|nprs|vrs)\b", re.IGNORECASE)
_RANGE_JOINS = frozenset({"-", "–", "—", "to", "and", "or"})
_RANGE_VALUE = re.compile(r"^(\d{1,3}(?:\.\d)?)(?:/10)?$")
_ABOUT_MARKS = frozenset({"~", "≈"})  # "(~65%)": about 65 percent
_PERCENT_WORDS = frozenset({"%", "percent", "pct", "per", "cent", "per-cent"})
# Words that put a relief in the past: "80% relief in 2023", "last year", "two years ago",
# "RFA (2022) gave 70% relief".
_PAST_TIME = re.compile(
    r"\b(?:last|past|previous)\s+(?:year|month|week|visit|time|block|injection)s?\b"
    r"|\bago\b"
    r"|\b(?:in|during|since|from|back in)\s+(?:[a-z]+\.?\s+)?(?:19|20)\d{2}\b"
    r"|\(\s*(?:19|20)\d{2}\s*\)"
    # two or more days written month/day, as a list: earlier blocks' dates ("test blocks
    # (03/01 and 03/22) each gave 80% relief"); a day over /10 is no pain score
    r"|\b\d{1,2}/(?!10\b)\d{1,2}\s*(?:,|and|&)\s*\d{1,2}/(?!10\b)\d{1,2}\b(?!/)",
    re.IGNORECASE,
)
# a number followed by its time unit: when a score was taken, never the score ("2 at 10 min")
_TIME_POINT = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:" + "|".join(sorted(_TIME_UNITS, key=len, reverse=True)) + r")\b"
)
# a line's label that is only a time point after the block ("  15 min: ", "- 1 h = ")
_TIME_LABEL = re.compile(
    r"[ \t*•\-]*(?:at[ \t]+)?\d{1,3}[ \t]*(?:min|mins|minutes?|h|hrs?|hours?)\.?[ \t]*[:=][ \t]*",
    re.IGNORECASE,
)
_CLAUSE_REACH = 80  # characters either side of a relief percent searched for its time
_CLAUSE_BOUNDS = re.compile(r"[.;\n|]")


def score_values(mention: Mention) -> list[int]:
    """The scores a mention gives; a time point is none ("0 at 10 min": 0)."""
    text = _OUT_OF_TEN.sub(" ", mention.norm.lower())
    text = _TIME_POINT.sub(" ", text)
    return [int(value) for value in _SCORE_NUMBER.findall(text)]


class ResponseExtractor:
    def __init__(self, mentions: NoteMentions, region: str | None = None) -> None:
        self.mentions = mentions
        # the site of the treated spine among the body sites scored (the patterns' ids):
        # the low back for lumbar facet work, else the neck or back of the cervical and
        # thoracic spine
        self.treated_site = "lumbar" if region == "lumbar" else "spine"
        # Position indexes: every look-around below is a bounded search, so a note that is
        # one long run-on sentence costs time in proportion to its length.
        self.cues = PositionIndex(mentions.of("PRE", "POST"))
        self.cues_by_char = PositionIndex(mentions.of("PRE", "POST"), by_char=True)
        self.arrows = PositionIndex(mentions.of("ARROW"))
        self.relief_cues = PositionIndex(mentions.of("RELIEF"))
        self.values = PositionIndex(mentions.of("PAIN_SCORE", "PAIN_CHANGE", "PERCENT"))
        self.drugs = PositionIndex(mentions.of("DRUG"))
        self.today_words = PositionIndex(mentions.of("TODAY"))
        self.sites = PositionIndex(mentions.of("PAIN_SITE"))
        self.range_times: set[str | None] = set()
        self.recovery_headings = PositionIndex(mentions.of("RECOVERY_RECORD"), by_char=True)
        # the drugs injected at the targets: a sedation drug (midazolam, fentanyl, even a late
        # charting entry after the recovery scores) is not the injectate
        sedation = sedation_drugs()
        self.injectate = [
            m for m in mentions.of("DRUG") if m.is_today("medications") and m.value not in sedation
        ]
        # where today's procedure shows first: its name or its first drug
        self.procedure_start = min(
            (m.start_char for m in mentions.of("PROCEDURE") if m.is_today("procedure")),
            default=len(mentions.doc_text),
        )
        if self.injectate:
            self.procedure_start = min(self.procedure_start, self.injectate[0].start_char)
        self.narratives: frozenset[int] | None = None
        self.pain_context = PositionIndex(mentions.of(*_PAIN_CONTEXT), by_char=True)
        # a pain diary is read as a time series (`_from_the_diary`), not score by score
        self.diaries = Diaries(mentions.doc_text)
        self.grids = self._todays_grids()
        scores = [
            m
            for m in mentions.of(*_SCORE_KINDS)
            if self._is_todays_score(m) and not self.diaries.holds(m.start_char)
        ]
        self.scores = PositionIndex(scores)
        self.score_ends: dict[int, list[Mention]] = {}
        for score in scores:
            self.score_ends.setdefault(score.end, []).append(score)
        self.line_starts = [0] + [brk + 1 for brk in mentions.reading.line_breaks()]

    def extract(self) -> ResponseFact:
        scores = sorted(
            [m for m in self.mentions.of("PAIN_SCORE", "PAIN_CHANGE") if self._is_todays_score(m)]
            + self._values_after_pain_words(),
            key=lambda m: m.start,
        )
        if self.diaries:
            scores = [m for m in scores if not self.diaries.holds(m.start_char)]
        if self.grids:  # a grid's cells are read by its rows (`_from_the_grid`)
            scores = [m for m in scores if not self._in_a_grid(m.start_char)]
        scores = self._of_the_treated_spine(scores)
        # a range said to be the score before (or after) takes that score's place ("pre
        # 5-6/10"): no other score without a cue fills it
        # (a diagnosis line's "Mid-back pain, pre 5-6/10" too)
        self.range_times = {
            self._when(m)
            for m in self.mentions.of("PAIN_RANGE")
            if m.is_today("response") or (m.section == "diagnosis" and not m.context)
        }
        facet_part = self._facet_part(scores)
        diary = self._todays_diary()
        fact = self._read_scores(facet_part, diary)
        if len(facet_part) < len(scores) and None in (fact.pre_pain, fact.post_pain):
            # the session's scores may close the last item's stretch ("#2 Trigger points
            # ... Pre-procedure pain 8/10; post-procedure pain 4/10.")
            fact = self._read_scores(scores, diary)
        if self.grids:
            self._from_the_grid(fact, self.grids[0])
        self._millimetres(fact)
        self._relief(fact)
        if diary is not None:
            self._from_the_diary(fact, diary)
        ranges = self._today("PAIN_RANGE")
        if ranges:
            fact.pain_range = ranges[0].text
            fact.evidence.append(ranges[0].evidence)
        scales = self.mentions.of("SCALE")
        if scales:
            fact.scale = scales[0].value
        return fact

    def _read_scores(self, scores: list[Mention], diary: DiaryReading | None) -> ResponseFact:
        """Pre and post scores from today's score mentions, in text order. A time series'
        rows are labelled ("Pre 6", "30 min 2"): its scores come before a score that only
        its place in the note makes the pre or post score ("worst this week a 9")."""
        fact = ResponseFact()
        if self.grids:
            # the grid's row for the treated site, labelled by site and time, comes first
            # ("Low back   7   1" above "sit-to-stands (pre: 2)")
            self._from_the_grid(fact, self.grids[0], named=True)
        uncued: list[tuple[int, Mention]] = []
        recovery: list[tuple[int, Mention]] = []  # pain rows of a recovery-room record
        post_minutes: float | None = None  # the time point the post score was cued with
        post_by_place = False  # the post score is post only by its section or heading
        for mention in scores:
            if mention.value in _CUE_FREE and not self._about_pain(mention):
                continue
            if mention.value in _CUE_FREE and self._a_duration(mention):
                continue  # "40% better after 8 wk of therapy": how long, not a score
            values = score_values(mention)
            if not values or self._in_range(mention):
                continue  # "4-6/10", "pain score 4 to 6": a range, neither end a score
            earlier = self._earlier_result(mention)
            if mention.label == "PAIN_CHANGE" and earlier:
                continue
            if mention.label == "PAIN_CHANGE" and len(values) >= 2:
                if mention.value == "change_back":  # "1/10 (from 6/10)": the later score first
                    values = values[::-1]
                self._set(fact, "pre_pain", values[0], mention)
                self._set(fact, "post_pain", values[-1], mention)
                continue
            if self._recovery_row(mention):
                recovery.append((values[-1], mention))
                continue
            when = self._when(mention)
            if when == "post" and (earlier or self._in_the_visit(mention)):
                continue
            if when == "post" and fact.post_pain is not None and self._at_discharge(mention):
                # "2/10 at 15 min; 1/10 at 30 min at discharge": the last before discharge
                fact.post_pain = values[-1]
                fact.evidence.append(mention.evidence)
                continue
            if when == "post" and fact.post_pain is not None and post_by_place:
                # a post score only by where it stands ("Recovery:" over "08:25 ... NRS
                # 2/10", "08:40 ... NRS 1/10"; "15 min: 3/10" over "Post-procedure pain
                # (30 min): 2/10"): a later post score is the last before discharge
                fact.post_pain = values[-1]
                fact.evidence.append(mention.evidence)
                post_by_place = self._post_by_place(mention)
                continue
            if when == "post" and fact.post_pain is not None:
                minutes = self._cued_minutes(mention)
                if minutes is not None and post_minutes is not None and minutes > post_minutes:
                    # "at 15 min: 4/10" then "at 30 min: 3/10": the later time point's
                    fact.post_pain, post_minutes = values[-1], minutes
                    fact.evidence.append(mention.evidence)
                    continue
            if when:
                if when == "post" and fact.post_pain is None:
                    post_minutes = self._cued_minutes(mention)
                    post_by_place = self._post_by_place(mention)
                self._set(fact, f"{when}_pain", values[-1], mention)
            else:
                uncued.append((values[-1], mention))
        if fact.post_pain is None and recovery:
            self._set(fact, "post_pain", *recovery[-1])  # the last before discharge
        if diary is not None:
            self._from_the_diary(fact, diary, relief=False)
        self._fill_from_order(fact, uncued)
        return fact

    def _a_duration(self, score: Mention) -> bool:
        """A bare number its time unit follows ("after 8 wk", "before 2 days"): a duration."""
        doc = self.mentions.doc
        return (
            score.end < len(doc)
            and doc[score.end - 1].like_num
            and doc[score.end].lower_.rstrip(".") in _TIME_UNITS
        )

    def _is_todays_score(self, score: Mention) -> bool:
        """Today's by its section and context, or marked today right beside it in a clause
        that tells the history ("recurred two weeks ago, now 8/10")."""
        if score.is_today("response"):
            return True
        return score.is_today("response", ignore=_EARLIER) and self._marked_today(score)

    def _of_the_treated_spine(self, scores: list[Mention]) -> list[Mention]:
        """When the note scores the neck or back it treated by name ("Neck pain 6/10"), the
        scores it gives for another site ("R buttock pain 2/10" after an SI joint
        injection, "Buttock pain VAS 6 to VAS 2") are that site's, not the facet procedure's."""
        named = [self._site_mention(m) for m in scores]
        sites = [site.value if site is not None else None for site in named]
        if self.treated_site not in sites:
            return scores
        also_treated = self._scored_with_the_treated_site(scores)
        return [
            m
            for m, site in zip(scores, named, strict=True)
            if site is None or site.value == self.treated_site or site.text.lower() in also_treated
        ]

    def _scored_with_the_treated_site(self, scores: list[Mention]) -> set[str]:
        """Sites one score names together with the treated neck or back ("headache/neck pain
        2/10" after a third occipital nerve block): the complaint treated, so their own
        scores ("Headache today 7/10") are the procedure's too."""
        doc = self.mentions.doc
        joined: set[str] = set()
        for score in scores:
            nearest = self._site_mention(score)
            if nearest is None:
                continue
            label = [nearest]
            while True:
                before = self.sites.last_ending_by(label[-1].start)
                words = [t.lower_ for t in doc[before.end : label[-1].start]] if before else []
                if before is None or before.sent != score.sent or words not in _SITES_JOINED:
                    break
                label.append(before)
            if len(label) > 1 and any(site.value == self.treated_site for site in label):
                joined.update(site.text.lower() for site in label)
        return joined

    def _site_of(self, score: Mention) -> str | None:
        """The body site named just before a score in its sentence ("R buttock pain 2/10",
        "Neck pain 6/10"): "spine", "lumbar" or "elsewhere" (the pattern's id), else None."""
        site = self._site_mention(score)
        return site.value if site is not None else None

    def _site_mention(self, score: Mention) -> Mention | None:
        site = self.sites.last_ending_by(score.start)
        if site is None or site.sent != score.sent or score.start - site.end > _SITE_REACH:
            return None
        return site

    def _facet_part(self, scores: list[Mention]) -> list[Mention]:
        """In a combined session, the scores outside the other procedures' stretches
        ("Shoulder pain 7/10 -> 3/10" under a suprascapular block): the facet procedure's,
        when it has any."""
        stretches = other_procedure_stretches(self.mentions)
        kept = [m for m in scores if not inside(stretches, m.start_char)]
        return kept or scores

    def _todays_grids(self) -> list[ScoreGrid]:
        """The pain-score grids (`checker.extract.grids`) in a section read for the response
        whose scores are not an earlier block's."""
        scope = section_scopes()["response"]
        grids = []
        for grid in score_grids(self.mentions.doc_text):
            if self.mentions.reading.section_at(grid.start).category not in scope:
                continue
            inside = (
                m
                for m in self.mentions.of("PAIN_SCORE", "PRE", "POST")
                if grid.start <= m.start_char < grid.end
            )
            if not any(m.context & NOT_TODAY for m in inside):
                grids.append(grid)
        return grids

    def _in_a_grid(self, at: int) -> bool:
        return any(grid.start <= at < grid.end for grid in self.grids)

    def _from_the_grid(self, fact: ResponseFact, grid: ScoreGrid, named: bool = False) -> None:
        """The pre and post cells of the grid's row for the treated neck or back ("Neck  7
        2"), else (unless `named`) of its first row, for what the rest of the note leaves
        open."""
        sites = self.mentions.of("PAIN_SITE")
        row = next(
            (
                r
                for r in grid.rows
                if any(
                    m.value == self.treated_site
                    and r.label_at <= m.start_char < r.label_at + len(r.label)
                    for m in sites
                )
            ),
            None if named else grid.rows[0],
        )
        if row is None:
            return
        self._fill(fact, "pre_pain", row.pre, row.pre_at)
        self._fill(fact, "post_pain", row.post, row.post_at)

    def _todays_diary(self) -> DiaryReading | None:
        """The first pain time series in a section read for the response whose scores are
        not an earlier block's (a dated line, an earlier block's column)."""
        scope = section_scopes()["response"]
        for diary in self.diaries.all:
            if self.mentions.reading.section_at(diary.start).category not in scope:
                continue
            inside = (
                m
                for m in self.mentions.of("PAIN_SCORE", "PERCENT")
                if diary.start <= m.start_char < diary.end
            )
            if not any(m.context & _EARLIER for m in inside):
                return diary
        return None

    def _from_the_diary(self, fact: ResponseFact, diary: DiaryReading, relief: bool = True) -> None:
        """The baseline row's score, the post row's score and (with `relief`) its relief, for
        what the rest of the note leaves open."""
        self._fill(fact, "pre_pain", diary.pre_pain, diary.pre_at)
        self._fill(fact, "post_pain", diary.post_pain, diary.post_at)
        if relief:
            self._fill(fact, "percent_relief", diary.percent_relief, diary.relief_at)

    def _fill(self, fact: ResponseFact, field: str, value: int | None, at: int | None) -> None:
        """Set a field the rest of the note left open to a value read from a row's text at
        `at` (a grid's or a diary's cell), with that text as its evidence."""
        if value is None or at is None or getattr(fact, field) is not None:
            return
        setattr(fact, field, value)
        end = at + len(str(value))
        fact.evidence.append(Evidence(start=at, end=end, text=self.mentions.text[at:end]))

    def _recovery_row(self, score: Mention) -> bool:
        """A pain row of a recovery-room record: its paragraph opens with a recovery heading
        ("PACU RECORD (Phase II)") and its line names pain before the score ("10:50 BP
        138/82 ... Pain 3/10"), so a recovery score such as Aldrete's "9 / 10" is not one.
        Such rows are post-procedure scores wherever the record was printed; the physician's
        own post score, when there is one, comes first."""
        text = self.mentions.doc_text
        paragraph = text.rfind("\n\n", 0, score.start_char)
        paragraph = 0 if paragraph < 0 else paragraph + 2
        heading_end = text.find("\n", paragraph, score.start_char)
        if heading_end < 0 or not self.recovery_headings.count(paragraph, heading_end):
            return False
        line_start = text.rfind("\n", 0, score.start_char) + 1
        return bool(_NAMES_PAIN.search(text[line_start : score.start_char]))

    def _earlier_result(self, mention: Mention) -> bool:
        """A pain change or an after-score in the history ("two prior blocks gave relief, pain
        9/10 to 2/10") is an earlier block's result, unless that history paragraph tells
        today's procedure. (A SOAP note's "O:" after the procedure holds today's scores.)"""
        if mention.section not in _BACKGROUND_SECTIONS:
            return False
        if self.narratives is None:
            self.narratives = procedure_narratives(self.mentions)
        start = self.mentions.reading.section_at(mention.start_char).start
        return start not in self.narratives

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
        3/10.") the post-procedure score. Text under no header counts as before only up
        to the injectate: one score after it is the post score, never both."""
        first = self.injectate[0].start if self.injectate else None
        last = self.injectate[-1].end if self.injectate else None
        before = [
            (v, m)
            for v, m in uncued
            if (
                (m.section in _HISTORY_SECTIONS)
                or (m.section == UNHEADED and (last is None or m.start < last))
                or (first is not None and m.start < first)
            )
            and not self._in_the_visit(m)
        ]
        if fact.pre_pain is None and before and "pre" not in self.range_times:
            self._set(fact, "pre_pain", *before[0])
        after = [
            (v, m)
            for v, m in uncued
            if last is not None and m.start >= last and m.section not in _HISTORY_SECTIONS
        ]
        if fact.post_pain is None and after and "post" not in self.range_times:
            self._set(fact, "post_pain", *after[-1])

    def _in_the_visit(self, score: Mention) -> bool:
        """A score in a clinic visit's history or examination, with the visit's assessment or
        plan after it and today's procedure only after those: the triage or history score of
        the visit ("Vitals: BP 134/78, HR 62. Pain 6/10." above "Assessment" and "Plan:
        repeat injection today"), neither score of the procedure, unless the history marks
        it as today's ("Today 6/10"). After today's procedure is named or its injectate given
        (a SOAP note's "O:" after the procedure), a score is no longer the visit's."""
        if score.section not in _PRE_SECTIONS or self._marked_today(score):
            return False
        if self.procedure_start < score.start_char:
            return False
        for section in self.mentions.reading.sections:
            if section.start >= self.procedure_start:
                break
            if section.start < score.end_char:
                continue
            if section.category in _PROCEDURE_SECTIONS:
                return False
            if section.category in _VISIT_CLOSING_SECTIONS:
                return True
        return False

    def _marked_today(self, score: Mention) -> bool:
        """A today word right beside the score in its sentence: "Today 6/10", "7/10 now"."""
        return any(
            word.sent == score.sent
            for word in self.today_words.within(
                score.start - _TODAY_REACH, score.end + _TODAY_REACH
            )
        )

    def _today(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions.of(*labels) if m.is_today("response")]

    def _values_after_pain_words(self) -> list[Mention]:
        """A 0-10 number written shortly after a pain word or scale, skipping time phrases:
        "Numeric pain scale today 7", "NRS on arrival 7", "Pain 30 minutes after: 2"."""
        doc = self.mentions.doc
        taken = {i for m in self.mentions.of(*_SCORE_LABELS) for i in range(m.start, m.end)}
        taken |= {i for m in self.mentions.of(*_OTHER_FACTS) for i in range(m.start, m.end)}
        found: list[Mention] = []
        anchors = [(word, False) for word in self._today("PAIN_WORD")]
        anchors += [(cue, True) for cue in self._cues_in_pain_sentences()]
        for word, cue_led in sorted(anchors, key=lambda anchor: anchor[0].start):
            if word.end in taken or word.end + 1 in taken:
                continue
            sentence_end = self.mentions.reading.sentence_end(word.sent)
            end = min(sentence_end, word.end + _VALUE_REACH)
            index = word.end
            while index < end:
                token = doc[index]
                following = doc[index + 1].lower_ if index + 1 < len(doc) else ""
                if self._between_other_columns(token):
                    index += 1  # "nrs pre | 7 | 7 | 5": the pipes around other events' cells
                    end = min(sentence_end, end + 1)
                    continue
                aside_end = self._label_aside_end(index, sentence_end)
                if aside_end is not None:
                    index = aside_end  # "Pain NRS (post, 20 min): 1", "Pre-op pain (0-10): 5"
                    end = min(sentence_end, aside_end + _VALUE_REACH)
                    continue
                if token.i in taken or token.text in _CLAUSE_ENDS or "\n" in token.text:
                    break
                if token.like_num and following.rstrip(".") in _TIME_UNITS:
                    index += 2  # "30 minutes"
                    continue
                if token.lower_ in _TIMES_WORDS:
                    break  # "pain log x 8 h", "PT x 6": a count or a duration follows
                if self.mentions.earlier_columns and self.mentions.earlier_columns.holds(token.idx):
                    index += 1  # "Post-block NRS   2   1": the earlier block's column
                    end = min(sentence_end, end + 1)  # another column's cell is no distance
                    continue
                if token.norm_ in _SCORE_WORDS and following not in _NOT_A_SCORE_AFTER:
                    if not cue_led or _ends_clause(doc, index + 1, sentence_end):
                        # a cue-led number was found about pain: after a pain word in
                        # its sentence or as a field under a pain heading
                        found.append(self._score_at(word, token, "cued" if cue_led else "bare"))
                    break
                if token.like_num:
                    break
                index += 1
        return found

    def _label_aside_end(self, index: int, sentence_end: int) -> int | None:
        """The index after a bracketed aside of a score's label that names only its time or
        scale: "(post, 20 min)", "(20 min)", "(0-10)", "(NRS 0-10)", so the value after it
        is read ("Pain NRS (post, 20 min): 1"). None when the token at `index` opens no
        such aside (a bracket that says anything else still ends the search)."""
        doc = self.mentions.doc
        if doc[index].text != "(":
            return None
        cue_tokens = {
            i
            for cue in self.cues.within(index, index + _ASIDE_REACH)
            for i in range(cue.start, cue.end)
        }

        def step(at: int) -> int:
            token = doc[at]
            following = doc[at + 1].lower_ if at + 1 < len(doc) else ""
            if token.like_num and following in _TIME_UNITS:
                return 2  # "20 min"
            return 1 if at in cue_tokens or token.lower_ in _ASIDE_WORDS else 0

        return _aside_end(doc, index, min(sentence_end, index + _ASIDE_REACH), step)

    def _between_other_columns(self, token) -> bool:
        """A pipe that opens or closes a cell of an earlier block's or another event's
        column (`checker.extract.columns`): the row's reading goes on past it."""
        columns = self.mentions.earlier_columns
        return bool(
            columns
            and token.text == "|"
            and (columns.holds(token.idx - 1) or columns.holds(token.idx + 1))
        )

    def _cues_in_pain_sentences(self) -> list[Mention]:
        """Pre/post cues after a pain word or score in their sentence, which lead a score
        without naming pain again: "her pain was 6 out of 10 and after 30 minutes recovering
        on the day ward it was 2", "pain score pre procedure 6, post procedure 2"."""
        scored = {
            m.sent: m.start for m in reversed(self._today("PAIN_SCORE", "PAIN_CHANGE", "PAIN_WORD"))
        }
        return [
            cue
            for cue in self._today("PRE", "POST")
            if (cue.sent in scored and scored[cue.sent] < cue.start)
            or self._field_under_a_pain_heading(cue)
        ]

    def _field_under_a_pain_heading(self, mention: Mention) -> bool:
        """A field that starts its line (only spaces or a bullet before it) under a pain
        word or scale on one of the few lines above, with no blank line between: "Pain
        scores:" over "  Pre-procedure: 7" and "  Post-procedure: 2"."""
        starts, text = self.line_starts, self.mentions.doc_text
        line = bisect_right(starts, mention.start_char) - 1
        if mention.start_char - starts[line] > _FIELD_INDENT:
            return False  # (checked first: a run-on line is not sliced for each mention)
        if text[starts[line] : mention.start_char].strip(" \t-*•"):
            return False
        for above in range(line - 1, max(line - _HEADING_LINES, 0) - 1, -1):
            end = starts[above + 1] - 1
            if not text[starts[above] : end].strip():
                return False
            if next(self.pain_context.within(starts[above], end), None) is not None:
                return True
        return False

    def _in_range(self, mention: Mention) -> bool:
        """Whether the number a score or percent is written with is one end of a range:
        "4-6/10", "5 to 6 out of 10", "85-90%", "60 to 70 percent", "between 4 and 6"."""
        doc = self.mentions.doc
        values = [
            i
            for i in range(mention.start, mention.end)
            if _range_value(doc[i]) is not None
            and not (i > mention.start and doc[i - 1].lower_ in ("of", "/"))
        ]
        if not values:
            return False
        if any(b == a + 2 and self._range(a, a + 1, b) for a, b in pairwise(values)):
            return True  # inside the mention: "pain score 4 to 6"
        first, last = values[0], values[-1]
        join = first - 1
        other = join - 1
        while other >= 0 and doc[other].lower_ in _PERCENT_WORDS:
            other -= 1  # "60% to 70%"
        if other >= 0 and doc[join].lower_ in _RANGE_JOINS and self._range(other, join, first):
            return True
        join = last + 1
        while join < len(doc) and doc[join].lower_ in _PERCENT_WORDS:
            join += 1
        return (
            join + 1 < len(doc)
            and doc[join].lower_ in _RANGE_JOINS
            and self._range(last, join, join + 1)
        )

    def _range(self, low: int, join: int, high: int) -> bool:
        """Two numbers around a join read as a range: rising ("4-6", not "8 -> 2"), and a
        "to" without "from" ("from 2 to 6" is a change), "and" only after "between"."""
        doc = self.mentions.doc
        low_value, high_value = _range_value(doc[low]), _range_value(doc[high])
        if low_value is None or high_value is None or low_value >= high_value:
            return False
        before = [t.lower_ for t in doc[max(low - 2, 0) : low]]
        word = doc[join].lower_
        if word not in _RANGE_JOINS:
            return False
        if word == "to":
            return "from" not in before
        if word == "and":
            return bool(before) and before[-1] == "between"
        return True

    def _score_at(self, word: Mention, token, value: str) -> Mention:
        """A bare score token as a mention, with the section and context of its pain word."""
        start, end = token.idx, token.idx + len(token.text)
        return replace(
            word,
            label="PAIN_SCORE",
            value=value,
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
        if _NAMES_PAIN.search(mention.text):
            return True  # "VAS: 8 -> 2", "Pain score 8 to 2"
        if mention.label == "PAIN_CHANGE" and self._framed_by_cues(mention):
            return True  # "8 -> 2 post", "pre 8 -> 2": two scores with their time cue

        line_start, line_end = self._line_of(mention)
        if _has_own_cue(mention) and self._scored_elsewhere(mention):
            line = self.mentions.doc_text[line_start:line_end].strip(" \t-*•.")
            if line == mention.text.strip():
                return True  # "   Post: 1" alone on its line, in a note that scores pain
        others = (m for m in self.pain_context.within(line_start, line_end) if m is not mention)
        if next(others, None) is not None:
            return True
        # a field under a pain heading ("Pain (NRS 0-10)" over "Before: 7"), its number
        # ending the field ("after: 2 weeks" is no score)
        sentence_end = self.mentions.reading.sentence_end(mention.sent)
        return self._field_under_a_pain_heading(mention) and _ends_clause(
            self.mentions.doc, mention.end, sentence_end
        )

    def _scored_elsewhere(self, mention: Mention) -> bool:
        """Whether the note gives a pain score of today that names pain ("Pain score: 6")."""
        return any(m is not mention for m in self._scores_naming_pain)

    @functools.cached_property
    def _scores_naming_pain(self) -> list[Mention]:
        """Today's scores that name pain: found once a note, not once a score asked about."""
        return [
            m
            for m in self.mentions.of("PAIN_SCORE", "PAIN_CHANGE")
            if m.is_today("response") and _NAMES_PAIN.search(m.text)
        ]

    def _framed_by_cues(self, change: Mention) -> bool:
        """An arrow change with a pre cue right before it or a post cue right after it, in
        its sentence: the scores taken around the procedure, whatever the line names."""
        return any(
            cue.sent == change.sent
            and (
                (cue.label == "POST" and cue.start == change.end)
                or (cue.label == "PRE" and cue.end == change.start)
            )
            for cue in self.cues.within(change.start - 4, change.end + 1)
        )

    def _line_of(self, mention: Mention) -> tuple[int, int]:
        """From the start of the line where `mention` starts to the end of the one where it ends."""
        reading = self.mentions.reading
        return reading.line_bounds(mention.start_char)[0], reading.line_bounds(mention.end_char)[1]

    @staticmethod
    def _set(fact: ResponseFact, field: str, value: int, mention: Mention) -> None:
        if getattr(fact, field) is None:
            setattr(fact, field, value)
            fact.evidence.append(mention.evidence)

    def _when(self, score: Mention) -> str | None:
        """ "pre", "post" or None for one score, from cues, arrows and the section."""
        own = self._own_cue(score)
        if own:
            return own
        following, preceding = self._neighbour_scores(score)
        if following is not None and self._joined(score, following):
            return "pre"
        if preceding is not None and self._joined(preceding, score):
            return "post"
        if following is None and self._changes_to_a_range(score):
            return "pre"
        if self._after_a_time_label(score):
            return "post"
        cue = self._nearest_cue(score) or self._header_cue(score)
        if cue:
            return cue.label.lower()
        if score.section == "post_procedure":
            return "post"
        return None

    def _after_a_time_label(self, score: Mention) -> bool:
        """A score whose line opens with the time since the block as its label ("15 min:
        3/10", "1 h = 2/10"): taken after the procedure."""
        return self._time_label(score) is not None

    def _time_label(self, score: Mention) -> str | None:
        text = self.mentions.doc_text
        line_start = text.rfind("\n", 0, score.start_char) + 1
        label = _TIME_LABEL.fullmatch(text, line_start, score.start_char)
        return label.group() if label else None

    def _post_by_place(self, score: Mention) -> bool:
        """A score after the procedure only by its section or the cue of its heading: no cue
        of its own, in its sentence or beside another score."""
        if self._own_cue(score) is not None or self._nearest_cue(score) is not None:
            return False
        following, preceding = self._neighbour_scores(score)
        return following is None and preceding is None

    def _header_cue(self, score: Mention) -> Mention | None:
        """A cue in the score's section header ("PRE-PROCEDURE (RN)")."""
        section = self.mentions.reading.section_at(score.start_char)
        return next(self.cues_by_char.within(section.start, section.header_end), None)

    def _neighbour_scores(self, score: Mention) -> tuple[Mention | None, Mention | None]:
        """Today's scores just after and just before this one in its sentence."""
        following = next(
            (
                s
                for s in self.scores.within(score.start + 1, score.end + 8)
                if s.start > score.start
            ),
            None,
        )
        preceding = self.scores.last_ending_by(score.start)
        following = following if following is not None and following.sent == score.sent else None
        preceding = preceding if preceding is not None and preceding.sent == score.sent else None
        return following, preceding

    def _changes_to_a_range(self, score: Mention) -> bool:
        """A score an arrow leads from to a number that is no score of its own ("Pain 8/10 →
        "4-5ish" per pt", "7/10 → 3-4"): the score the change started from."""
        doc = self.mentions.doc
        arrow = next(self.arrows.within(score.end, score.end + 1), None)
        if arrow is None or arrow.sent != score.sent:
            return False
        after = arrow.end
        while after < len(doc) and not doc[after].is_space and not _has_alnum(doc[after].text):
            after += 1  # an opening quote, an about-mark ("~4")
        return after < len(doc) and doc[after].text[:1].isdigit()

    def _joined(self, first: Mention, second: Mention) -> bool:
        return second.start - first.end <= 4 and any(
            m.end <= second.start and m.sent == first.sent
            for m in self.arrows.within(first.end, second.start)
        )

    def _cued_minutes(self, score: Mention) -> float | None:
        """The minutes after the block that a score's own post cue names ("at 30 min: 3/10",
        "2/10 at 1 hour"), else None."""
        cue = self._nearest_cue(score)
        found = _CUE_TIME.search(cue.text) if cue is not None and cue.label == "POST" else None
        label = self._time_label(score)
        if found is None and label is not None:
            found = _CUE_TIME.search(label)  # "15 minutes: 3/10": the line's own label
        if found is None:
            return None
        hours = found.group(2).lower().startswith("h")
        return float(found.group(1)) * (60 if hours else 1)

    def _at_discharge(self, score: Mention) -> bool:
        """A score written with the time it was taken at discharge ("1/10 at discharge")."""
        return any(
            cue.label == "POST" and "discharge" in cue.text.lower() and cue.start >= score.end
            for cue in self._cues_near(score)
        )

    def _cues_near(self, score: Mention) -> list[Mention]:
        low = max(score.start - _LEFT_CUE_REACH, score.sent)
        high = score.end + _RIGHT_CUE_REACH + 1
        return [cue for cue in self.cues.within(low, high) if cue.sent == score.sent]

    def _nearest_cue(self, score: Mention) -> Mention | None:
        best: tuple[int, Mention] | None = None
        for cue in self._cues_near(score):
            if cue.end <= score.start:
                closes_earlier = any(
                    s is not score
                    for end in (cue.start, cue.start - 1)
                    for s in self.score_ends.get(end, ())
                )
                if closes_earlier and not self._cue_leads(cue, score):
                    continue  # "80 mm before the procedure and 15 mm after": the earlier one's
                between = self.scores.count(cue.end, score.start)
                distance = score.start - cue.end + between * 4
            elif cue.start >= score.end and cue.start - score.end <= _RIGHT_CUE_REACH:
                following = self.scores.first_starting_at(cue.end)
                if (
                    following is not None
                    and following.sent == cue.sent
                    and following.start - cue.end <= 3
                    and self._cue_leads(cue, following)
                ):
                    continue  # "7/10, post-procedure 2/10": the cue belongs to the next score
                distance = cue.start - score.end
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, cue)
        return best[1] if best else None

    def _cue_leads(self, cue: Mention, following: Mention) -> bool:
        """Whether a cue introduces the score after it rather than closing the one before:
        not when that score has its own cue, nor across "and" ("80 mm before the procedure
        and 15 mm after")."""
        if self._has_cue_beside(following):
            return False
        gap = self.mentions.between(cue.end, following.start).split()
        return not any(word in _CLAUSE_JOINS for word in gap)

    def _has_cue_beside(self, score: Mention) -> bool:
        """ "0/10 after", "2 post": the score carries its own cue, so a cue before it is free."""
        return self._own_cue(score) is not None or any(
            m.sent == score.sent for m in self.cues.within(score.end, score.end + 2)
        )

    def _own_cue(self, score: Mention) -> str | None:
        """ "pre" or "post" for a score written with its cue inside: "2 post", "pre: 7", "2 at
        30 minutes", or a pattern whose id names the time ("prima 8", "przed: 6")."""
        if score.value in _TIMED_BARE:
            return _TIMED_BARE[score.value]
        if _has_own_cue(score):
            lowered = score.text.lower()
            return "pre" if "pre" in lowered or "before" in lowered else "post"
        return None

    def _relief(self, fact: ResponseFact) -> None:
        for percent in (m for m in self.mentions.of("PERCENT") if m.is_today("relief")):
            if self.diaries.holds(percent.start_char):
                continue  # a diary row's relief: read with its row (`_from_the_diary`)
            if self._in_range(percent) or self._is_a_strength(percent):
                continue  # "85-90%", "60 to 70 percent": a range is not a value
            if self._in_the_past(percent):
                continue  # "80% relief in 2023", "70% relief after the 03/12/2024 block"
            near = self.relief_cues.within(
                percent.start - _RELIEF_REACH - 8, percent.end + _RELIEF_REACH + 1
            )
            if any(
                c.sent == percent.sent
                and (
                    abs(c.start - percent.end) <= _RELIEF_REACH
                    or abs(percent.start - c.end) <= _RELIEF_REACH
                )
                and not self._values_between(percent, c)
                for c in near
            ) or self._beside_a_pain_change(percent):
                value = int(score_digits(percent.norm))
                if 0 <= value <= 100:
                    fact.percent_relief = value
                    fact.evidence.append(percent.evidence)
                    return
        for cue in (m for m in self.mentions.of("RELIEF") if m.is_today("relief")):
            field_value = self._percent_field(cue)
            if field_value is not None:
                fact.percent_relief = field_value
                fact.evidence.append(cue.evidence)
                return
        stated = self._percent_after_a_relief_word() or self._percent_of_todays_change(fact)
        if stated is not None:
            fact.percent_relief = int(score_digits(stated.norm))
            fact.evidence.append(stated.evidence)

    def _percent_of_todays_change(self, fact: ResponseFact) -> Mention | None:
        """A relief percent stated beside the very change of today's scores ("block #1: 71%
        reduction (7 -> 2)" when today's scores are 7 and 2): today's, whatever the words
        around it made of it; an earlier block's change would not repeat today's scores."""
        if fact.pre_pain is None or fact.post_pain is None or fact.pre_pain == fact.post_pain:
            return None
        for change in self.mentions.of("PAIN_CHANGE"):
            if change.section not in section_scopes()["relief"]:
                continue
            if score_values(change) != [fact.pre_pain, fact.post_pain]:
                continue
            for percent in self.mentions.in_sentence(change.sent, "PERCENT"):
                if (
                    percent.end <= change.start
                    and change.start - percent.end <= _RELIEF_REACH
                    and self.relief_cues.count(percent.end, change.start)
                    and not self._values_between(percent, change)
                    and not self._in_the_past(percent)
                    and not self._is_a_strength(percent)
                    and 0 <= int(score_digits(percent.norm)) <= 100
                ):
                    return percent
        return None

    def _values_between(self, percent: Mention, cue: Mention) -> bool:
        """Whether a score or another percent stands between a percent and a relief word
        ("SpO2 98%  pain 0/10, relief 100%": the relief is the 100, not the 98)."""
        low, high = min(percent.end, cue.end), max(percent.start, cue.start)
        return any(
            m is not percent and low <= m.start and m.end <= high
            for m in self.values.within(low, high)
        )

    def _in_the_past(self, percent: Mention) -> bool:
        """A relief its own clause dates before today: a past year or time ("in 2023", "last
        year", "two years ago") or a date before the date of service."""
        text = self.mentions.doc_text
        low = max(percent.start_char - _CLAUSE_REACH, 0)
        high = min(percent.end_char + _CLAUSE_REACH, len(text))
        # a bound inside brackets closed before the percent ("done 2 weeks ago (10/24/2025;
        # 64490-50, 64491-50), with 80% relief") is no end of its clause
        before = [
            m.end()
            for m in _CLAUSE_BOUNDS.finditer(text, low, percent.start_char)
            if text.count(")", m.end(), percent.start_char)
            <= text.count("(", m.end(), percent.start_char)
        ]
        start = before[-1] if before else low
        after = _CLAUSE_BOUNDS.search(text, percent.end_char, high)
        end = after.start() if after else high
        return bool(_PAST_TIME.search(text, start, end)) or dates_before_service(
            text, start, end, self.mentions.service_day
        )

    def _is_a_strength(self, percent: Mention) -> bool:
        """A percent written beside a drug is its strength ("1% lidocaine", "Marcain 0.5%"),
        whatever relief word stands near."""
        return any(
            percent.end <= drug.start <= percent.end + 1
            or percent.start - 1 <= drug.end <= percent.start
            for drug in self.drugs.within(percent.start - 4, percent.end + 2)
        )

    def _percent_after_a_relief_word(self) -> Mention | None:
        """ "Relief of her usual pain was estimated at around 80%": a relief word further back
        in the sentence gives the percent its meaning when no drug, dose or level stands
        between them or right after the percent ("improvement ... 1% lidocaine" is not)."""
        others = PositionIndex(self.mentions.of(*(f for f in _OTHER_FACTS if f != "PERCENT")))
        for percent in (m for m in self.mentions.of("PERCENT") if m.is_today("relief")):
            cue = self.relief_cues.last_ending_by(percent.start)
            if (
                cue is None
                or cue.sent != percent.sent
                or not cue.is_today("relief")
                or percent.start - cue.end > _FAR_RELIEF_REACH
                or self._in_range(percent)
                or self._is_a_strength(percent)
                or self._in_the_past(percent)
                or not 0 <= int(score_digits(percent.norm)) <= 100
            ):
                continue
            between = (
                m
                for m in others.within(cue.end, percent.end + 3)
                if not percent.start <= m.start < percent.end  # "80%" read as a strength too
                and not m.context & _EARLIER  # an earlier block's column between them
            )
            if next(between, None) is None:
                return percent
        return None

    def _beside_a_pain_change(self, percent: Mention) -> bool:
        """ "VAS 5 -> 0 (100%)", "7/10 to 2/10 (70%)": a percent in brackets right after
        today's pain scores is the relief they make."""
        doc = self.mentions.doc
        opening = percent.start - 1
        if opening > 0 and doc[opening].text in _ABOUT_MARKS:
            opening -= 1  # "(~65%)", "(≈65%)": about 65
        if opening > 1 and doc[opening].text == ",":
            return self._after_a_change(percent, opening)
        if opening < 1 or doc[opening].text != "(":
            return False
        if (
            opening >= 3
            and doc[opening - 3].lower_ in ("@", "at")
            and self._time_point_after(opening - 3)
        ):
            opening -= 3  # "6/10 → 1/10 @ 20 min (≈85%)": the change's time point between
        return any(
            m.end == opening and m.is_today("relief")
            for m in self.mentions.in_sentence(percent.sent, "PAIN_CHANGE", "PAIN_SCORE")
        )

    def _after_a_change(self, percent: Mention, comma: int) -> bool:
        """ "pre 7/10 -> 30 min 1/10 (left), ~85%": a percent after a comma that closes an
        arrow's change of today's scores (a short bracketed aside may stand between) is the
        relief the change makes."""
        doc = self.mentions.doc
        end = comma
        if doc[end - 1].text == ")":
            opening = next(
                (
                    i
                    for i in range(end - 2, max(end - 2 - _ASIDE_TOKENS, 0), -1)
                    if doc[i].text == "("
                ),
                None,
            )
            if opening is None:
                return False
            end = opening
        return any(
            m.end == end
            and m.is_today("relief")
            and any(a.sent == m.sent for a in self.arrows.within(m.start - _ARROW_REACH, m.start))
            for m in self.mentions.in_sentence(percent.sent, "PAIN_CHANGE", "PAIN_SCORE")
        )

    def _time_point_after(self, index: int) -> bool:
        """ "at 30 min": a number and a time unit after the word at `index`."""
        doc = self.mentions.doc
        return (
            index + 2 < len(doc)
            and doc[index + 1].like_num
            and doc[index + 2].lower_.rstrip(".") in _TIME_UNITS
        )

    def _percent_field(self, cue: Mention) -> int | None:
        """A relief field whose label carries the unit: "Relief (%): 70", "% relief: 70"."""
        doc = self.mentions.doc
        before = doc[cue.start - 1].lower_ if cue.start > 0 else ""
        label = cue.text.lower()
        unit = before in ("%", "percent", "percentage") or any(
            word in label for word in ("percent", "pct", "%")
        )
        index, end = cue.end, min(cue.end + 6, len(doc))
        while index < end:
            token = doc[index]
            index += 1
            aside = _worded_aside_end(doc, token.i)
            if aside is not None:
                index, end = aside, min(aside + 4, len(doc))
                continue  # "% relief (patient report): 60": who reported it
            if token.text in _FIELD_PUNCTUATION or token.is_space or _is_leader(token.text):
                continue  # "Relief .......... 70"
            if token.lower_ in ("at", "after") and self._time_point_after(token.i):
                index, end = token.i + 3, min(token.i + 3 + 8, len(doc))
                continue  # "Percentage relief at 30 min (%) ..... 75"
            if token.lower_ in ("%", "percent", "pct"):
                unit = True  # "Relief (%): 70", "Relief (percent): 70"
                continue
            following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
            if unit and token.text.isdigit() and following not in ("/", "%", "-"):
                if token.i + 2 < len(doc) and self._range(token.i, token.i + 1, token.i + 2):
                    return None  # "Relief (%): 60 to 70"
                value = int(token.text)
                return value if 0 <= value <= 100 else None
            return None
        return None


def _is_leader(text: str) -> bool:
    """Dotted or underscored leaders between a form's label and its value ("......")."""
    return len(text) > 1 and not text.strip("._…")


def _has_alnum(text: str) -> bool:
    return any(character.isalnum() for character in text)


def _worded_aside_end(doc, index: int) -> int | None:
    """The index after a bracketed aside of words only ("(patient report)", "(per
    patient)") opened at `index`, else None: no number, unit or date inside."""

    def step(at: int) -> int:
        token = doc[at]
        return 1 if token.is_alpha and token.lower_ not in ("percent", "pct") else 0

    return _aside_end(doc, index, index + _ASIDE_REACH, step)


def _aside_end(doc, index: int, limit: int, step: Callable[[int], int]) -> int | None:
    """The index after a non-empty bracketed aside opened at `index` and closed before
    `limit`, each of whose tokens `step` accepts (it returns how many tokens it took, 0 for
    a token the aside may not hold); None for any other bracket."""
    if doc[index].text != "(":
        return None
    at = index + 1
    while at < min(limit, len(doc)):
        if doc[at].text.startswith(")"):
            return at + 1 if at > index + 1 else None
        taken = step(at)
        if not taken:
            return None
        at += taken
    return None


def _has_own_cue(score: Mention) -> bool:
    """A score written with its cue inside, as in "2 post", "pre: 7" or "2 at 30 minutes"."""
    return score.value == "bare" and any(
        word in score.text.lower() for word in ("pre", "post", "before", "after", " at ")
    )


def _ends_clause(doc, index: int, sentence_end: int) -> bool:
    """Whether the token at `index` ends the clause of the number before it ("it was 2.",
    "it was 2 and ..."), so the number is no count of something ("2 tablets")."""
    if index >= min(sentence_end, len(doc)):
        return True
    token = doc[index]
    return token.is_space or token.lower_ in _CLAUSE_ENDS | {"and", "but", ")", "!"}


def _range_value(token) -> float | None:
    """The number a token stands for as one end of a range ("4", "6/10", "seventy")."""
    match = _RANGE_VALUE.match(token.norm_)
    return float(match.group(1)) if match else None


def score_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
