"""NCCI edits as data: procedure-to-procedure pairs and MUEs for the facet codes.

The built-in table (`data/ncci.yaml`) holds the pairs and values the project could source,
each marked unverified. A user who has CMS's quarterly files (practitioner PTP edits and
practitioner MUE table, saved as CSV or tab-separated text) names them in a rules file:

    ncci:
      ptp_files: [ccipra-v321r0-f1.txt]
      mue_files: [MCR_MUE_PractitionerServices.csv]

Their rows replace the built-in ones for the codes they cover and count as verified (the
primary text). Only rows that touch the codes this checker knows are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.coding import code_book
from checker.resources import DataFileError, load_yaml
from checker.rules.schema import NcciFileNames

NCCI_FILE = Path(__file__).resolve().parent / "data" / "ncci.yaml"
_CODE = re.compile(r"^([0-9]{5}|[0-9]{4}[FTU]|[A-Z][0-9]{4})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MueEntry(_Strict):
    code: str
    value: int = Field(ge=0)
    source: str
    verified: bool


class PtpEntry(_Strict):
    codes_a: list[str]
    codes_b: list[str]
    modifier_indicator: int | None = None  # 0: no modifier bypasses it; 1: 59/X{EPSU} may
    source: str
    verified: bool


class NcciTables(_Strict):
    version: int = 1
    quarter: str = ""
    # modifiers that bypass a PTP edit with modifier indicator 1 (NCCI policy manual)
    bypass_modifiers: list[str] = Field(default_factory=list)
    also_read: list[str] = Field(default_factory=list)  # codes kept from a CMS file's rows
    mue: list[MueEntry] = Field(default_factory=list)
    ptp: list[PtpEntry] = Field(default_factory=list)

    def mue_of(self, code: str) -> MueEntry | None:
        return next((entry for entry in self.mue if entry.code == code), None)

    def pairs_billed(self, billed: set[str]) -> list[tuple[str, str, PtpEntry]]:
        found = []
        for entry in self.ptp:
            for a in entry.codes_a:
                if a not in billed:
                    continue
                found += [(a, b, entry) for b in entry.codes_b if b in billed and b != a]
        return found


def builtin_tables() -> NcciTables:
    raw = load_yaml(NCCI_FILE.read_text(encoding="utf-8"))
    try:
        return NcciTables.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(f"{NCCI_FILE}: {exc.errors()[0]['msg']}") from exc


def _known_codes() -> set[str]:
    """The codes whose rows a CMS file is read for: the facet families, the built-in pairs
    and MUEs, and the extra codes the data names."""
    builtin = builtin_tables()
    codes = {code for family in code_book().families for code in family.codes}
    codes |= {code for entry in builtin.ptp for code in (*entry.codes_a, *entry.codes_b)}
    return codes | {entry.code for entry in builtin.mue} | set(builtin.also_read)


def _rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read NCCI file ({exc.strerror or exc})") from exc
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    return [
        [cell.strip() for cell in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)
    ]


def _date(text: str) -> dt.date | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) != 8:
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def read_cms_ptp(path: Path, today: dt.date | None = None) -> list[PtpEntry]:
    """CMS practitioner PTP rows: column 1, column 2, prior-1996 flag, effective date,
    deletion date ("*" none), modifier indicator. Deleted pairs are left out."""
    known, today = _known_codes(), today or dt.date.today()
    entries = []
    for row in _rows(path):
        if len(row) < 6 or not (_CODE.match(row[0]) and _CODE.match(row[1])):
            continue
        if row[0] not in known and row[1] not in known:
            continue
        deleted = _date(row[4])
        if deleted is not None and deleted <= today:
            continue
        indicator = int(row[5]) if row[5] in {"0", "1", "9"} else None
        entries.append(
            PtpEntry(
                codes_a=[row[0]],
                codes_b=[row[1]],
                modifier_indicator=indicator,
                source=f"CMS NCCI practitioner PTP file {path.name}",
                verified=True,
            )
        )
    if not entries:
        raise DataFileError(f"{path}: no PTP rows for the facet codes (is this a CMS PTP file?)")
    return entries


def read_cms_mue(path: Path) -> list[MueEntry]:
    """CMS practitioner MUE rows: code, MUE value, adjudication indicator, rationale."""
    known = _known_codes()
    entries = []
    for row in _rows(path):
        if len(row) < 2 or not _CODE.match(row[0]) or row[0] not in known:
            continue
        if not row[1].isdigit():
            continue
        entries.append(
            MueEntry(
                code=row[0],
                value=int(row[1]),
                source=f"CMS practitioner MUE table {path.name}",
                verified=True,
            )
        )
    if not entries:
        raise DataFileError(f"{path}: no MUE rows for the facet codes (is this a CMS MUE file?)")
    return entries


def extend(tables: NcciTables, files: NcciFileNames, base: Path) -> NcciTables:
    """The tables with a user's CMS files read in (paths relative to their rules file)."""
    ptp, mue = list(tables.ptp), list(tables.mue)
    for name in files.ptp_files:
        pairs = read_cms_ptp(base / name)
        covered = {code for row in pairs for code in row.codes_a + row.codes_b}
        ptp = [e for e in ptp if not set(e.codes_a + e.codes_b) & covered] + pairs
    for name in files.mue_files:
        limits = read_cms_mue(base / name)
        covered = {row.code for row in limits}
        mue = [e for e in mue if e.code not in covered] + limits
    quarter = ", ".join(Path(n).name for n in files.ptp_files + files.mue_files)
    return tables.model_copy(update={"ptp": ptp, "mue": mue, "quarter": quarter or tables.quarter})
