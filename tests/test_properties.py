"""Property-based tests: whatever the text, the checker returns a valid report line.

Random text and randomly damaged sample notes never crash the pipeline, never produce an
internal error, always slice the note to each piece of evidence, and always give a line
that validates against `checker schema`. Random bytes and records never stop the reader.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from evidence import evidence_pieces
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from checker.models import Report, report_schema
from checker.pipeline.normalize import CONFUSABLE_LETTERS, HIDDEN_TEXT_REQUIREMENT, normalize
from checker.reader import build_note, decode, read_notes

SAMPLE_NOTES = Path(__file__).resolve().parent.parent / "sample_notes"
SAMPLE_BODIES = [next(read_notes([path])).text for path in sorted(SAMPLE_NOTES.glob("*.txt"))[:24]]
VOCABULARY = sorted({word for body in SAMPLE_BODIES for word in body.split()})
VALIDATOR = Draft202012Validator(report_schema())

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def assert_sound(report: Report, text: str) -> None:
    """The invariants every report of a readable note keeps."""
    assert report.error is None or not report.error.startswith("internal error"), report.error
    line = report.to_json_line()
    assert "\n" not in line
    VALIDATOR.validate(json.loads(line))
    for piece in evidence_pieces(report.model_dump()):
        assert 0 <= piece["start"] <= piece["end"] <= len(text)
        assert text[piece["start"] : piece["end"]] == piece["text"]


# Text built from the notes' own words, numbers, punctuation and line breaks reaches far
# more of the matchers than arbitrary Unicode does; both are drawn.
note_words = st.lists(
    st.one_of(
        st.sampled_from(VOCABULARY),
        st.sampled_from(["\n", "\n\n", ": ", ". ", "(", ")", "-", "/", "%", "\t", "  "]),
        st.integers(0, 99).map(str),
        st.text(max_size=8),
    ),
    max_size=120,
).map(" ".join)


@PROPERTY_SETTINGS
@given(text=st.one_of(note_words, st.text(max_size=400)))
def test_any_text_gives_a_sound_report(check, text):
    report = check(text)
    assert_sound(report, text)
    if not text.strip():
        assert report.status == "error"


@st.composite
def damaged_notes(draw) -> str:
    """A sample note with spans deleted, repeated, upper-cased or glued together."""
    text = draw(st.sampled_from(SAMPLE_BODIES))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 200)))
        piece = text[start:end]
        replacement = draw(
            st.sampled_from(
                [
                    "",
                    piece * 2,
                    piece.upper(),
                    piece.replace("\n", " "),
                    piece.replace(" ", "\n"),
                    piece[::-1],
                ]
            )
            | st.text(max_size=20)
        )
        text = text[:start] + replacement + text[end:]
    return text


@PROPERTY_SETTINGS
@given(text=damaged_notes())
def test_damaged_sample_notes_give_sound_reports(check, text):
    assert_sound(check(text), text)


@PROPERTY_SETTINGS
@given(
    text=st.sampled_from(SAMPLE_BODIES),
    metadata=st.dictionaries(
        st.sampled_from(
            ["note_id", "provider", "payer", "date_of_service", "billed_codes", "extra", "text"]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=20),
            st.lists(st.text(max_size=10), max_size=4),
            st.dates(),
        ),
    ),
)
def test_any_front_matter_values_give_a_sound_report(checker, text, metadata):
    note = build_note(text, metadata, source="<prop>", default_id="prop")
    report = next(checker.check_notes([note]))
    assert_sound(report, text)
    assert report.note_id


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=600))
def test_any_bytes_decode_or_give_a_reason(raw):
    text, problem = decode(raw)
    assert (problem is None) or (text == "" and problem)
    assert "\r" not in text


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files=st.lists(
        st.tuples(st.sampled_from([".txt", ".jsonl"]), st.binary(max_size=300)),
        min_size=1,
        max_size=4,
    )
)
def test_any_files_give_one_note_per_file_or_record(scratch, files):
    for old in scratch.iterdir():
        old.unlink()
    expected = 0
    for index, (suffix, data) in enumerate(files):
        path = scratch / f"f{index}{suffix}"
        path.write_bytes(data)
        notes = list(read_notes([path]))
        assert notes
        for note in notes:
            assert note.source.startswith(str(path))
            assert note.read_error is None or note.read_error.startswith(note.source)
        expected += len(notes)
        if suffix == ".txt":
            assert len(notes) == 1
    assert len(list(read_notes([scratch]))) == expected


record_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(
        st.one_of(
            st.dictionaries(st.sampled_from(["note_id", "text", "payer", "x"]), record_values),
            record_values.map(json.dumps),
            # a raw line that is not JSON; line breaks come only from line_end below
            st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
        ),
        min_size=1,
        max_size=6,
    ),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_jsonl_gives_one_line_per_non_blank_record(scratch, records, line_end):
    """Records end at LF, CRLF or a lone CR (old Mac exports)."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path = scratch / "records.jsonl"
    path.write_bytes((line_end.join(lines) + line_end).encode("utf-8"))
    notes = list(read_notes([path]))
    non_blank = [line for line in lines if line.strip()]
    assert len(notes) == max(1, len(non_blank))  # an all-blank file is one error line


# --- Unicode that reads the same to a person: invisible characters, look-alike letters,
# hyphen and digit variants. The checker must read what a person reads, quote the note as
# written, and warn when the text carries characters that change how it reads.

ASCII_BODIES = [body for body in SAMPLE_BODIES if body.isascii()]
FORMAT_CHARACTERS = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\u202e", "\u202c", "\ufeff"]
LATIN_TO_LOOK_ALIKE: dict[str, str] = {}
for _look_alike, _latin in CONFUSABLE_LETTERS.items():
    LATIN_TO_LOOK_ALIKE.setdefault(_latin, _look_alike)
HYPHEN_VARIANTS = ["\u2011", "\u2010", "\u2212", "\uff0d"]


# Keys that quote the note's own words as written (the words that ruled a fact out): like
# evidence, they differ between the disguised and the clean text by design.
QUOTED_WORDS = frozenset({"cues", "negated_by"})


def without_evidence(value: object) -> object:
    """A report dump with evidence and quoted words left out (they index different texts)."""
    if isinstance(value, dict):
        return {
            key: without_evidence(item)
            for key, item in value.items()
            if "evidence" not in key
            and key not in QUOTED_WORDS
            and set(value) != {"start", "end", "text"}
        }
    if isinstance(value, list):
        return [without_evidence(item) for item in value]
    return value


@st.composite
def disguised_notes(draw) -> tuple[str, str, bool]:
    """(clean note, the same note disguised, whether a reader-changing character was used)."""
    clean = draw(st.sampled_from(ASCII_BODIES))
    edits: dict[int, str] = {}
    changes_reading = False
    words = [m for m in re.finditer(r"[A-Za-z]{2,}", clean)]
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["format", "look-alike", "hyphen", "digit", "space"]))
        if kind == "look-alike" and words:
            word = draw(st.sampled_from(words))
            letters = [i for i in range(*word.span()) if clean[i] in LATIN_TO_LOOK_ALIKE]
            if letters and not any(i in edits for i in range(*word.span())):
                index = draw(st.sampled_from(letters))
                edits[index] = LATIN_TO_LOOK_ALIKE[clean[index]]
                changes_reading = True
        elif kind == "format":
            index = draw(st.integers(0, len(clean) - 1))
            edits[index] = draw(st.sampled_from(FORMAT_CHARACTERS)) + edits.get(index, clean[index])
            changes_reading = True
        else:
            wanted = {"hyphen": "-", "digit": "0123456789", "space": " "}[kind]
            spots = [i for i, ch in enumerate(clean) if ch in wanted and i not in edits]
            if spots:
                index = draw(st.sampled_from(spots))
                if kind == "hyphen":
                    edits[index] = draw(st.sampled_from(HYPHEN_VARIANTS))
                elif kind == "digit":
                    edits[index] = chr(0xFF10 + int(clean[index]))
                else:
                    edits[index] = draw(st.sampled_from(["\u00a0", "\u2007", "\u202f"]))
    disguised = "".join(edits.get(i, ch) for i, ch in enumerate(clean))
    return clean, disguised, changes_reading


@PROPERTY_SETTINGS
@given(case=disguised_notes())
def test_disguised_text_reads_like_the_clean_note_and_quotes_the_original(check, case):
    clean, disguised, changes_reading = case
    assert normalize(disguised).text == clean
    expected, report = check(clean), check(disguised)
    assert_sound(report, disguised)
    assert report.codes == expected.codes
    hidden = [gap for gap in report.gaps if gap.requirement == HIDDEN_TEXT_REQUIREMENT]
    assert bool(hidden) == changes_reading
    others = [
        gap for gap in report.model_dump()["gaps"] if gap["requirement"] != HIDDEN_TEXT_REQUIREMENT
    ]
    assert without_evidence(others) == without_evidence(expected.model_dump()["gaps"])
    assert without_evidence(report.model_dump()["extraction"]) == without_evidence(
        expected.model_dump()["extraction"]
    )


@PROPERTY_SETTINGS
@given(
    text=st.text(
        st.one_of(
            st.characters(),
            st.sampled_from(FORMAT_CHARACTERS + HYPHEN_VARIANTS + list(CONFUSABLE_LETTERS)),
        ),
        max_size=300,
    )
)
def test_normalising_any_text_maps_every_span_back_into_the_original(text):
    view = normalize(text)
    assert len(view.text) <= 3 * len(text)
    for start in range(len(view.text) + 1):
        first, last = view.to_original(start, min(start + 3, len(view.text)))
        assert 0 <= first <= last <= len(text)
