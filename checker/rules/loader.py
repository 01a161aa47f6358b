"""Read, validate and merge rules files: the built-in data, then each `--rules FILE`.

Every problem is a `DataFileError` naming the file and the field, e.g.
`rules.yaml: overrides.contrast.severity: Input should be 'blocking', 'warning' or 'info'`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from checker.resources import DataFileError, load_yaml
from checker.rules.checks import CHECKS, COMMON_VALUES, CheckSpec
from checker.rules.ncci import NcciTables, builtin_tables, extend
from checker.rules.schema import (
    CodingTables,
    Outcome,
    PayerProfile,
    Requirement,
    RequirementOverride,
    RulesFile,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def builtin_files() -> list[Path]:
    """The shipped rules: requirements first, then one file per payer profile."""
    return [DATA_DIR / "requirements.yaml", *sorted((DATA_DIR / "payers").glob("*.yaml"))]


def _where(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "(top level)"


def _rules_text(path: Path) -> str:
    """The file as UTF-8 text; any other encoding or binary data is refused by name."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read rules file ({exc.strerror or exc})") from exc
    if b"\x00" in data[:4096]:
        raise DataFileError(f"{path}: not a text file (binary or UTF-16); save it as UTF-8 YAML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{path}: not UTF-8 text (byte {exc.start}: 0x{data[exc.start]:02x}, perhaps "
            "Windows-1252); save it as UTF-8"
        ) from exc


def read_rules_file(path: Path) -> RulesFile:
    text = _rules_text(path)
    try:
        raw = load_yaml(text)
    except RecursionError as exc:
        raise DataFileError(f"{path}: invalid YAML: nested too deeply") from exc
    except ValueError as exc:  # a value YAML parses but Python refuses (a date 2026-13-45)
        raise DataFileError(f"{path}: invalid YAML: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DataFileError(f"{path}: invalid YAML{where}: {problem}") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DataFileError(f"{path}: a rules file must be a mapping (keys such as requirements:)")
    document = {"payers": [raw]} if "profile" in raw else raw
    try:
        return RulesFile.model_validate(document)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = error["loc"]
        if "profile" in raw and location[:2] == ("payers", 0):
            location = location[2:]
        extra = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise DataFileError(f"{path}: {_where(location)}: {error['msg']}{extra}") from exc


@dataclass
class Origin:
    """Where a requirement was last defined or changed, for error messages."""

    path: Path
    field: str


@dataclass
class RulesState:
    """The merged result of all files read so far."""

    tables: CodingTables | None = None
    ncci: NcciTables = field(default_factory=builtin_tables)
    requirements: dict[str, Requirement] = field(default_factory=dict)
    profiles: dict[str, PayerProfile] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    profile_files: dict[str, Path] = field(default_factory=dict)

    def apply(self, path: Path, rules: RulesFile) -> None:
        if rules.coding is not None:
            self.tables = _merge_tables(self.tables, rules.coding)
        if rules.ncci is not None:
            self.ncci = extend(self.ncci, rules.ncci, path.parent)
        for index, profile in enumerate(rules.payers):
            self._apply_profile(path, index, profile)
        for index, requirement in enumerate(rules.requirements):
            self._check_profile_exists(path, f"requirements.{index}.id", requirement.id)
            self.requirements[requirement.id] = requirement
            self.origins[requirement.id] = Origin(path, f"requirements.{index}")
        for requirement_id, override in rules.overrides.items():
            where = f"overrides.{requirement_id}"
            base = self.requirements.get(requirement_id)
            if base is None:
                raise DataFileError(f"{path}: {where}: no requirement with this id to override")
            self.requirements[requirement_id] = _override(path, where, base, override)
            self.origins[requirement_id] = Origin(path, where)

    def _apply_profile(self, path: Path, index: int, profile: PayerProfile) -> None:
        self._check_aliases(path, index, profile)
        existing = self.profiles.get(profile.profile)
        self.profiles[profile.profile] = profile.model_copy(update={"requirements": []})
        if existing is not None and not profile.aliases:
            self.profiles[profile.profile].aliases = existing.aliases
        for number, requirement in enumerate(profile.requirements):
            self.requirements[requirement.id] = requirement
            self.origins[requirement.id] = Origin(path, f"payers.{index}.requirements.{number}")

    def _check_aliases(self, path: Path, index: int, profile: PayerProfile) -> None:
        """A payer name must select one profile: a clash names the file and the alias."""
        from checker.rules import normalise_payer  # the one definition of a payer key

        taken = {
            normalise_payer(alias): name
            for name, other in self.profiles.items()
            if name != profile.profile
            for alias in (name, *other.aliases)
        }
        for number, alias in enumerate([profile.profile, *profile.aliases]):
            owner = taken.get(normalise_payer(alias))
            if owner is not None:
                where = f"payers.{index}." + (f"aliases.{number - 1}" if number else "profile")
                raise DataFileError(
                    f"{path}: {where}: payer alias {alias!r} already belongs to profile "
                    f"{owner!r} (from {self.profile_files.get(owner, 'the built-in rules')})"
                )
        self.profile_files.setdefault(profile.profile, path)

    def _check_profile_exists(self, path: Path, where: str, requirement_id: str) -> None:
        parts = requirement_id.split(".")
        if parts[0] == "payer" and len(parts) > 2 and parts[1] not in self.profiles:
            raise DataFileError(
                f"{path}: {where}: no payer profile {parts[1]!r}; define it under payers: first"
            )


def _merge_tables(base: CodingTables | None, update: CodingTables) -> CodingTables:
    if base is None:
        return update
    merged = base.model_dump()
    for key, value in update.model_dump(exclude_unset=True).items():
        if isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return CodingTables.model_validate(merged)


def _override(
    path: Path, where: str, base: Requirement, override: RequirementOverride
) -> Requirement:
    changes = override.model_dump(exclude_unset=True)
    data = base.model_dump()
    outcomes = {key: dict(value) for key, value in data["outcomes"].items()}
    for key in ("severity", "message", "fix"):
        if key in changes and "outcomes" not in changes:
            # A requirement-wide value replaces the per-outcome ones, or it would not show.
            for outcome in outcomes.values():
                outcome[key] = None
    for key, value in changes.pop("outcomes", {}).items():
        outcomes.setdefault(key, {}).update({k: v for k, v in value.items() if v is not None})
    if "params" in changes:
        changes["params"] = {**data["params"], **changes["params"]}
    data.update(changes)
    data["outcomes"] = outcomes
    try:
        return Requirement.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise DataFileError(f"{path}: {where}.{_where(error['loc'])}: {error['msg']}") from exc


def fields_in(template: str) -> set[str]:
    """The value names a message quotes; a conversion or format (`{code!z}`, `{levels:d}`)
    is refused here, at load time, as it would fail on every note it applies to."""
    names = set()
    for _, name, spec, conversion in Formatter().parse(template):
        if name is not None:
            if spec or conversion:
                written = (
                    name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                )
                raise ValueError(
                    f"{{{written}}}: only plain values such as {{{name}}} can be quoted"
                )
            names.add(name)  # "{code.upper}" is refused: only plain names are filled in
    return names


def validate_requirement(requirement: Requirement, origin: Origin) -> BaseModel:
    """The requirement's check exists, its params fit, and every outcome has a message that
    quotes only values the check provides. Returns the validated params."""
    where = f"{origin.path}: {origin.field}"
    spec = CHECKS.get(requirement.check)
    if spec is None:
        known = ", ".join(sorted(CHECKS))
        raise DataFileError(f"{where}.check: unknown check {requirement.check!r} (known: {known})")
    try:
        params = spec.params.model_validate(requirement.params)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise DataFileError(f"{where}.params.{_where(error['loc'])}: {error['msg']}") from exc
    for name in requirement.outcomes:
        if name not in spec.outcomes:
            known = ", ".join(spec.outcomes)
            raise DataFileError(
                f"{where}.outcomes.{name}: check {spec.name!r} has no such outcome ({known})"
            )
    for name, allowed in spec.outcomes.items():
        outcome = _outcome_for(requirement, spec, name)
        message = outcome.message or requirement.message
        if not message:
            raise DataFileError(f"{where}.outcomes.{name}.message: no message for this outcome")
        texts = (
            (message, f"outcomes.{name}.message" if outcome.message else "message"),
            (outcome.fix or requirement.fix, f"outcomes.{name}.fix" if outcome.fix else "fix"),
        )
        for text, field_name in texts:
            try:
                unknown = fields_in(text) - set(allowed) - set(COMMON_VALUES)
            except ValueError as exc:
                raise DataFileError(f"{where}.{field_name}: {exc}") from exc
            if unknown:
                usable = ", ".join(sorted(set(allowed) | set(COMMON_VALUES)))
                raise DataFileError(
                    f"{where}.{field_name}: unknown value {{{sorted(unknown)[0]}}} "
                    f"in outcome {name!r} (usable: {usable})"
                )
    return params


def _outcome_for(requirement: Requirement, spec: CheckSpec, name: str) -> Outcome:
    """The requirement's wording for an outcome, or for the outcome it falls back to."""
    for candidate in spec.outcome_chain(name):
        if candidate in requirement.outcomes:
            return requirement.outcomes[candidate]
    return Outcome()


def load_state(extra_files: list[str | Path]) -> RulesState:
    state = RulesState()
    for path in builtin_files():
        state.apply(path, read_rules_file(path))
    for raw in extra_files:
        path = Path(raw)
        state.apply(path, read_rules_file(path))
    if state.tables is None:
        raise DataFileError(f"{builtin_files()[0]}: coding: the code tables are missing")
    return state
