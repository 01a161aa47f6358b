"""FHIR R4 input: DocumentReference notes and the Claims that bill them, validated with
`fhir.resources` (its R4B models, which read R4 DocumentReference and Claim unchanged).

Every problem is an error line naming the file, the resource and the FHIR path, e.g.
`bundle.json: DocumentReference dr-2: Bundle.entry[3].resource.content[0].attachment.data:
not base64`; nothing here raises for bad input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, TypeVar

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim
from fhir.resources.R4B.documentreference import DocumentReference
from pydantic import BaseModel, ValidationError

from checker.models import Note
from checker.reader import build_note, decode, normalise_line_ends, parse_json

# LOINC document types of a procedure note; other types are read too (a searchset may hold
# them), the code is kept on the note as `document_type`.
M = TypeVar("M", bound=BaseModel)

PROCEDURE_NOTE_LOINC = ("28570-0", "11505-5")
CPT_SYSTEMS = ("http://www.ama-assn.org/go/cpt", "urn:oid:2.16.840.1.113883.6.12")
ICD10_SYSTEMS = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
# Claim.type (terminology.hl7.org claim-type) -> the contract's claim_type
CLAIM_TYPES = {"professional": "professional", "institutional": "facility"}
# DocumentReference.status values that mean the document must not be billed from
_NOT_CURRENT = {
    "superseded": "superseded by a newer document",
    "entered-in-error": "entered in error",
}


class FhirInputError(Exception):
    """A resource that cannot become a note; the message holds the FHIR path."""


@dataclass
class _Entry:
    index: int | None
    resource: dict[str, Any]
    full_url: str | None = None

    @property
    def path(self) -> str:
        kind = self.resource.get("resourceType", "Resource")
        return kind if self.index is None else f"Bundle.entry[{self.index}].resource"

    @property
    def label(self) -> str:
        kind = self.resource.get("resourceType", "resource")
        ident = self.resource.get("id")
        return f"{kind} {ident}" if ident else str(kind)

    def references(self) -> set[str]:
        """The ways another resource in the bundle may point at this one."""
        refs = set()
        if self.full_url:
            refs.add(self.full_url)
        if self.resource.get("id"):
            refs.add(f"{self.resource.get('resourceType')}/{self.resource['id']}")
        return refs


@dataclass
class _Context:
    """What a bundle holds besides the notes: claims and resources to resolve names from."""

    claims: list[tuple[_Entry, Claim]] = field(default_factory=list)
    claim_errors: list[str] = field(default_factory=list)
    by_reference: dict[str, dict[str, Any]] = field(default_factory=dict)
    replaced: dict[str, str] = field(default_factory=dict)  # reference -> the replacing doc
    single_document: bool = False


def notes_from_json_bytes(raw: bytes, source: str, default_id: str) -> Iterator[Note]:
    text, problem = decode(raw)
    if problem:
        yield _error(default_id, source, problem)
        return
    data, problem = parse_json(text)
    if problem:
        yield _error(default_id, source, problem)
        return
    if isinstance(data, dict) and "resourceType" not in data and isinstance(data.get("text"), str):
        # a plain note record, as in JSON Lines
        yield build_note(normalise_line_ends(data["text"]), data, source, default_id)
        return
    yield from notes_from_resource(data, source, default_id)


def notes_from_resource(data: Any, source: str, default_id: str) -> Iterator[Note]:
    """Notes from one FHIR resource: a DocumentReference, or a Bundle holding them."""
    if not isinstance(data, dict):
        yield _error(default_id, source, "not a FHIR resource (expected a JSON object)")
        return
    kind = data.get("resourceType")
    if kind == "Bundle":
        yield from _bundle_notes(data, source, default_id)
    elif kind == "DocumentReference":
        entry = _Entry(None, data)
        yield _document_note(entry, _Context(single_document=True), source, default_id)
    else:
        yield _error(
            default_id,
            source,
            f"resourceType {kind!r}: expected a DocumentReference or a Bundle of them",
        )


def _bundle_notes(data: dict[str, Any], source: str, default_id: str) -> Iterator[Note]:
    entries = data.get("entry") or []
    if not isinstance(entries, list):
        yield _error(default_id, source, "Bundle.entry: not a list")
        return
    shell = {**data, "entry": [_without_resource(e) for e in entries]}
    try:
        Bundle.model_validate(shell)
    except ValidationError as exc:
        yield _error(default_id, source, _validation_message("Bundle", "Bundle", exc))
        return
    documents, context = _index_bundle(entries)
    if not documents:
        yield _error(default_id, source, "Bundle has no DocumentReference (no note to check)")
        return
    context.single_document = len(documents) == 1
    for entry in documents:
        note_source = f"{source}#Bundle.entry[{entry.index}]"
        yield _document_note(entry, context, note_source, f"{default_id}-{entry.index}")


def _without_resource(entry: Any) -> Any:
    return {k: v for k, v in entry.items() if k != "resource"} if isinstance(entry, dict) else entry


def _index_bundle(entries: list[Any]) -> tuple[list[_Entry], _Context]:
    documents: list[_Entry] = []
    context = _Context()
    for index, raw in enumerate(entries):
        resource = raw.get("resource") if isinstance(raw, dict) else None
        if not isinstance(resource, dict):
            continue
        entry = _Entry(index, resource, raw.get("fullUrl"))
        for ref in entry.references():
            context.by_reference[ref] = resource
        kind = resource.get("resourceType")
        if kind == "DocumentReference":
            documents.append(entry)
            for target in _replaces(resource):
                context.replaced[target] = entry.label
        elif kind == "Claim":
            try:
                context.claims.append((entry, Claim.model_validate(resource)))
            except ValidationError as exc:
                context.claim_errors.append(_validation_message(entry.label, entry.path, exc))
    return documents, context


def _replaces(resource: dict[str, Any]) -> list[str]:
    targets = []
    for relation in resource.get("relatesTo") or []:
        if isinstance(relation, dict) and relation.get("code") == "replaces":
            ref = (relation.get("target") or {}).get("reference")
            if ref:
                targets.append(ref)
    return targets


def _document_note(entry: _Entry, context: _Context, source: str, default_id: str) -> Note:
    note_id = _document_id(entry.resource) or default_id
    try:
        document = _validated(DocumentReference, entry)
        _check_current(entry, document, context)
        if context.claim_errors:
            raise FhirInputError(
                f"its bundle's Claim is invalid, so its billed codes are unknown: "
                f"{context.claim_errors[0]}"
            )
        text = _document_text(entry, document)
        metadata = _document_metadata(document, context)
        claim = _claim_for(entry, document, context)
        if claim is not None:
            metadata.update(_claim_metadata(claim, context, metadata))
    except FhirInputError as exc:
        return _error(note_id, source, str(exc))
    metadata["note_id"] = note_id
    if entry.resource.get("id"):
        metadata["document_reference"] = f"DocumentReference/{entry.resource['id']}"
    return build_note(normalise_line_ends(text), metadata, source, default_id)


def _validated(model: type[M], entry: _Entry) -> M:
    try:
        return model.model_validate(entry.resource)
    except ValidationError as exc:
        raise FhirInputError(_validation_message(entry.label, entry.path, exc)) from None


def _check_current(entry: _Entry, document: DocumentReference, context: _Context) -> None:
    reason = _NOT_CURRENT.get(str(document.status))
    if reason:
        raise FhirInputError(f"{entry.label}: {entry.path}.status: {reason}; not checked")
    replacing = next(
        (context.replaced[r] for r in entry.references() if r in context.replaced), None
    )
    if replacing:
        raise FhirInputError(
            f"{entry.label}: replaced by {replacing} in the same input (relatesTo replaces); "
            "the replacement is checked instead"
        )


def _document_id(resource: dict[str, Any]) -> str | None:
    master = resource.get("masterIdentifier") or {}
    identifiers = resource.get("identifier") or [{}]
    candidates = (resource.get("id"), master.get("value"), (identifiers[0] or {}).get("value"))
    return next((str(c) for c in candidates if c), None)


def _document_text(entry: _Entry, document: DocumentReference) -> str:
    """The note text: the first text/plain attachment with inline data, else text/html reduced
    to text. A linked attachment (url only) is never fetched."""
    chosen = None
    for wanted in ("text/plain", "text/html"):
        for index, content in enumerate(document.content or []):
            attachment = content.attachment
            if _media_type(attachment.contentType) == wanted and attachment.data is not None:
                chosen = (index, attachment, attachment.data, wanted)
                break
        if chosen:
            break
    if chosen is None:
        types = sorted({str(c.attachment.contentType) for c in document.content or []})
        raise FhirInputError(
            f"{entry.label}: {entry.path}.content: no text/plain or text/html attachment "
            f"with inline data (found {', '.join(types) or 'none'})"
        )
    index, attachment, data, media = chosen
    where = f"{entry.label}: {entry.path}.content[{index}].attachment.data"
    text = _decode_attachment(data, _charset(attachment.contentType), where)
    return html_to_text(text) if media == "text/html" else text


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


def _decode_attachment(raw: bytes, charset: str | None, where: str) -> str:
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise FhirInputError(f"{where}: not valid {charset} text") from None
    text, problem = decode(raw)
    if problem:
        raise FhirInputError(f"{where}: {problem}")
    return text


def _document_metadata(document: DocumentReference, context: _Context) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    ctx = document.context
    if ctx is not None and ctx.period is not None and ctx.period.start is not None:
        metadata["date_of_service"] = _date(ctx.period.start)
    elif document.date is not None:
        metadata["date_of_service"] = _date(document.date)
    if document.author:
        metadata["provider"] = _name_of(document.author[0], context)
    if document.subject is not None:
        metadata["patient_id"] = _reference_id(document.subject)
    if ctx is not None and ctx.encounter:
        metadata["encounter_id"] = _reference_id(ctx.encounter[0])
    if document.type is not None:
        metadata["document_type"] = next(
            (c.code for c in document.type.coding or [] if c.code), document.type.text
        )
    if document.docStatus:
        metadata["doc_status"] = str(document.docStatus)
    replaced = [r.target.reference for r in document.relatesTo or [] if r.code == "replaces"]
    if replaced:
        metadata["replaces"] = [ref for ref in replaced if ref]
    return {k: v for k, v in metadata.items() if v not in (None, "", [])}


def _claim_for(entry: _Entry, document: DocumentReference, context: _Context) -> Claim | None:
    """The Claim that bills this note: by supporting-info reference to the note, else by its
    encounter, else the only Claim of a bundle holding only this note."""
    mine = entry.references()
    encounters = (
        {e.reference for e in (document.context.encounter or [])} if document.context else set()
    )
    for _, claim in context.claims:
        supporting = {
            info.valueReference.reference
            for info in claim.supportingInfo or []
            if info.valueReference is not None
        }
        if supporting & mine:
            return claim
    for _, claim in context.claims:
        claimed = {e.reference for item in claim.item or [] for e in item.encounter or []}
        if encounters and claimed & encounters:
            return claim
    if context.single_document and len(context.claims) == 1:
        return context.claims[0][1]
    return None


def _claim_metadata(claim: Claim, context: _Context, note: dict[str, Any]) -> dict[str, Any]:
    metadata: dict[str, Any] = {"billed_codes": _billed_codes(claim)}
    if claim.id:
        metadata["claim_reference"] = f"Claim/{claim.id}"
    diagnoses = [
        coding.code
        for diagnosis in claim.diagnosis or []
        if diagnosis.diagnosisCodeableConcept is not None
        for coding in diagnosis.diagnosisCodeableConcept.coding or []
        if coding.code and (coding.system in ICD10_SYSTEMS or coding.system is None)
    ]
    if diagnoses:
        metadata["diagnoses"] = diagnoses
    payer = _payer(claim, context)
    if payer:
        metadata["payer"] = payer
    place = _place_of_service(claim)
    if place:
        metadata["place_of_service"] = place
    kind = next((c.code for c in (claim.type.coding if claim.type else []) or []), None)
    if kind in CLAIM_TYPES:
        metadata["claim_type"] = CLAIM_TYPES[kind]
    if "provider" not in note and claim.provider is not None:
        metadata["provider"] = _name_of(claim.provider, context)
    if "patient_id" not in note and claim.patient is not None:
        metadata["patient_id"] = _reference_id(claim.patient)
    return {k: v for k, v in metadata.items() if v not in (None, "")}


def _billed_codes(claim: Claim) -> list[str]:
    """`64490-RT` style codes, as in front matter: CPT code plus modifiers, once per unit."""
    codes = []
    for item in claim.item or []:
        code = next(
            (c.code for c in item.productOrService.coding or [] if c.system in CPT_SYSTEMS), None
        ) or next((c.code for c in item.productOrService.coding or [] if c.code), None)
        if not code:
            continue
        modifiers = [c.code for m in item.modifier or [] for c in m.coding or [] if c.code]
        units = int(item.quantity.value) if item.quantity and item.quantity.value else 1
        codes.extend(["-".join([code, *modifiers])] * max(units, 1))
    return codes


def _payer(claim: Claim, context: _Context) -> str | None:
    if claim.insurer is not None:
        return _name_of(claim.insurer, context)
    for insurance in claim.insurance or []:
        coverage = context.by_reference.get(insurance.coverage.reference or "")
        for payor in (coverage or {}).get("payor") or []:
            name = payor.get("display") or _resource_name(
                context.by_reference.get(payor.get("reference", ""))
            )
            if name:
                return name
        if insurance.coverage.display:
            return insurance.coverage.display
    return None


def _place_of_service(claim: Claim) -> str | None:
    for item in claim.item or []:
        concept = item.locationCodeableConcept
        if concept is not None:
            code = next((c.code for c in concept.coding or [] if c.code), None)
            if code:
                return code
    return None


def _name_of(reference: Any, context: _Context) -> str | None:
    if reference.display:
        return reference.display
    return _resource_name(context.by_reference.get(reference.reference or ""))


def _resource_name(resource: dict[str, Any] | None) -> str | None:
    """A Practitioner's or Organization's name as people write it."""
    if not resource:
        return None
    name = resource.get("name")
    if isinstance(name, str):
        return name
    if isinstance(name, list) and name:
        first = name[0]
        if first.get("text"):
            return first["text"]
        parts = [*first.get("given", []), first.get("family", "")]
        written = " ".join(p for p in parts if p)
        suffix = ", ".join(first.get("suffix", []))
        return f"{written}, {suffix}" if suffix else written or None
    return None


def _reference_id(reference: Any) -> str | None:
    if reference.reference:
        return reference.reference.rsplit("/", 1)[-1]
    if reference.identifier is not None and reference.identifier.value:
        return reference.identifier.value
    return reference.display


def _date(value: Any) -> str:
    return str(value)[:10]


def _validation_message(label: str, path: str, exc: ValidationError) -> str:
    """`DocumentReference dr-2: Bundle.entry[3].resource.content[0].attachment.data: not base64`."""
    errors = exc.errors()
    first = errors[0]
    where = path + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
    message = "not base64" if first["type"] == "base64_decode" else first["msg"]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{label}: {where}: {message}{more}"


def _error(note_id: str, source: str, reason: str) -> Note:
    file = source.split("#", 1)[0]
    return Note(note_id=note_id, source=source, text="", read_error=f"{file}: {reason}")


class _TextExtractor(HTMLParser):
    """Text of an HTML note: block elements become line breaks, scripts and styles vanish."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
    )
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable text from an HTML note, one line per block, no blank runs."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n")


def get_model(resource_type: str) -> type:
    """The fhir.resources R4B model class for a resource type (used by the output tests)."""
    return get_fhir_model_class(resource_type)
