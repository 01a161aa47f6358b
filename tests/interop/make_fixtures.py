"""Writes the FHIR and HL7 v2 fixtures in this folder from the notes beside them.

The `.txt` notes are the source of truth; the Bundle and the messages carry the same note
and the same billing facts in the shapes an EHR sends them. Run from the repository root:
    .venv/bin/python tests/interop/make_fixtures.py
Hand-made bad inputs (bad-*.json, bad-*.hl7) and the published ORU^R01 example are not
generated.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CPT = "http://www.ama-assn.org/go/cpt"
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
HL7_ESCAPES = (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("&", "\\T\\"), ("~", "\\R\\"))


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, block, body = text.split("---\n", 2)
    return yaml.safe_load(block), body


def fhir_bundle(meta: dict, body: str) -> dict:
    doc_id = meta["note_id"]
    encounter = f"Encounter/{meta['encounter_id']}"
    data = base64.b64encode(body.encode("utf-8")).decode("ascii")
    given, family = meta["provider"].split(",")[0].split(" ", 1)
    items = []
    for sequence, billed in enumerate(meta["billed_codes"], 1):
        code, *modifiers = billed.split("-")
        item = {
            "sequence": sequence,
            "productOrService": {"coding": [{"system": CPT, "code": code}]},
            "quantity": {"value": 1},
            "locationCodeableConcept": {
                "coding": [{"system": POS, "code": meta["place_of_service"]}]
            },
            "encounter": [{"reference": encounter}],
        }
        if modifiers:
            item["modifier"] = [{"coding": [{"system": CPT, "code": m}]} for m in modifiers]
        items.append(item)
    resources = [
        {
            "resourceType": "Patient",
            "id": meta["patient_id"],
            "name": [{"family": "Example", "given": ["Pat"]}],
        },
        {
            "resourceType": "Practitioner",
            "id": "pr-okafor",
            "name": [{"family": family, "given": [given], "suffix": ["MD"]}],
        },
        {
            "resourceType": "Organization",
            "id": "org-medicare",
            "name": "Medicare",
        },
        {
            "resourceType": "Encounter",
            "id": meta["encounter_id"],
            "status": "finished",
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "AMB",
            },
            "subject": {"reference": f"Patient/{meta['patient_id']}"},
        },
        {
            "resourceType": "DocumentReference",
            "id": doc_id,
            "status": "current",
            "docStatus": "final",
            "type": {
                "coding": [
                    {"system": "http://loinc.org", "code": "28570-0", "display": "Procedure note"}
                ]
            },
            "subject": {"reference": f"Patient/{meta['patient_id']}"},
            "date": f"{meta['date_of_service']}T16:20:00-05:00",
            "author": [{"reference": "Practitioner/pr-okafor"}],
            "content": [{"attachment": {"contentType": "text/plain; charset=utf-8", "data": data}}],
            "context": {
                "encounter": [{"reference": encounter}],
                "period": {"start": f"{meta['date_of_service']}T14:05:00-05:00"},
            },
        },
        {
            "resourceType": "Claim",
            "id": f"claim-{doc_id}",
            "status": "active",
            "type": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/claim-type",
                        "code": meta["claim_type"],
                    }
                ]
            },
            "use": "claim",
            "patient": {"reference": f"Patient/{meta['patient_id']}"},
            "created": f"{meta['date_of_service']}",
            "insurer": {"reference": "Organization/org-medicare"},
            "provider": {"reference": "Practitioner/pr-okafor"},
            "priority": {"coding": [{"code": "normal"}]},
            "supportingInfo": [
                {
                    "sequence": 1,
                    "category": {"coding": [{"code": "info"}]},
                    "valueReference": {"reference": f"DocumentReference/{doc_id}"},
                }
            ],
            "diagnosis": [
                {
                    "sequence": n,
                    "diagnosisCodeableConcept": {
                        "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": dx}]
                    },
                }
                for n, dx in enumerate(meta["diagnoses"], 1)
            ],
            "insurance": [
                {"sequence": 1, "focal": True, "coverage": {"display": "Medicare Part B"}}
            ],
            "item": items,
        },
    ]
    return {
        "resourceType": "Bundle",
        "id": f"bundle-{doc_id}",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:example:{r['resourceType']}/{r['id']}", "resource": r}
            for r in resources
        ],
    }


def hl7_escape(text: str) -> str:
    for plain, escaped in HL7_ESCAPES:
        text = text.replace(plain, escaped)
    return text


def mdm_t02(meta: dict, body: str) -> str:
    given, family = meta["provider"].split(",")[0].split(" ", 1)
    dos = str(meta["date_of_service"]).replace("-", "")
    doctor = f"1093817^{family}^{given}^^^^MD"
    segments = [
        f"MSH|^~\\&|EPIC|SPINECTR|CODING|FACETCHK|{dos}171500||MDM^T02^MDM_T02|MSG{dos}0042|P|2.5.1"
        "||||||UNICODE UTF-8",
        f"EVN|T02|{dos}171500",
        f"PID|1||{meta['patient_id']}^^^SPINECTR^MR||EXAMPLE^PAT||19581102|F",
        f"PV1|1|O|PAIN^PROC1^01||||{doctor}||||||||||||{meta['encounter_id']}",
        f"TXA|1|PN^Procedure note^HL70270|TX|{dos}1405|{doctor}||{dos}1620||{doctor}|||"
        f"{meta['note_id']}|||||AU||AV",
    ]
    for number, line in enumerate(body.split("\n"), 1):
        segments.append(f"OBX|{number}|TX|28570-0^Procedure note^LN|1|{hl7_escape(line)}||||||F")
    return "\r".join(segments) + "\r"


def obr(fields: dict[int, str]) -> str:
    """An OBR segment with the given fields (by number) and the others empty."""
    values = [fields.get(n, "") for n in range(1, max(fields) + 1)]
    values[0] = values[0] or "1"
    return "|".join(["OBR", *values])


def oru_r01(meta: dict, body: str) -> str:
    """The same note as an ORU^R01 result: one FT observation per paragraph, line breaks
    written as \\.br\\, segments ending in newlines as some exports write them."""
    given, family = meta["provider"].split(",")[0].split(" ", 1)
    dos = str(meta["date_of_service"]).replace("-", "")
    doctor = f"1093817^{family}^{given}^^^^MD"
    segments = [
        f"MSH|^~\\&|CERNER|SPINECTR|CODING|FACETCHK|{dos}171500||ORU^R01|ORU{dos}0077|P|2.5.1",
        f"PID|1||{meta['patient_id']}^^^SPINECTR^MR||EXAMPLE^PAT||19581102|F",
        f"PV1|1|O|PAIN^PROC1^01||||{doctor}||||||||||||{meta['encounter_id']}",
        obr(
            {
                2: f"ORD-{dos}-1",
                3: meta["note_id"],
                4: "28570-0^Procedure note^LN",
                7: f"{dos}1405",
                25: "F",
                32: doctor,
            }
        ),
    ]
    paragraphs = body.split("\n\n")
    for number, paragraph in enumerate(paragraphs, 1):
        value = "\\.br\\".join(hl7_escape(line) for line in paragraph.split("\n"))
        if number < len(paragraphs):
            value += "\\.br\\"  # the blank line between paragraphs
        segments.append(f"OBX|{number}|FT|28570-0^Procedure note^LN|1|{value}||||||F")
    return "\n".join(segments) + "\n"


def main() -> None:
    meta, body = split_front_matter(HERE / "procedure-note.txt")
    bundle = fhir_bundle(meta, body)
    (HERE / "procedure-note-bundle.json").write_text(json.dumps(bundle, indent=2) + "\n")
    meta, body = split_front_matter(HERE / "procedure-note-mdm.txt")
    message = mdm_t02(meta, body)
    # MLLP framing as captured off an interface engine: 0x0B, the message, 0x1C 0x0D
    (HERE / "procedure-note-mdm-t02.hl7").write_bytes(b"\x0b" + message.encode("utf-8") + b"\x1c\r")
    (HERE / "procedure-note-oru-r01.hl7").write_text(oru_r01(meta, body), encoding="utf-8")


if __name__ == "__main__":
    main()
