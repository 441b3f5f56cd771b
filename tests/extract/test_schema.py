import json

import jsonschema

from docsvc.extract.record import SCHEMA_VERSION, ContractRecord
from docsvc.extract.schema import SCHEMA_FILE, record_json_schema, render_schema


def test_committed_schema_matches_the_model() -> None:
    assert SCHEMA_FILE.exists(), "run `docsvc schema --write`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "contracts_schema/ drifted from docsvc/extract/record.py: run `docsvc schema --write` and commit"
    )


def test_schema_carries_its_version_and_validates_a_record() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert SCHEMA_VERSION in schema["$id"]
    evidence = {"page": 3, "bbox": [72.0, 100.0, 300.0, 112.0], "text": "governed by the laws of New York"}
    record = ContractRecord.model_validate(
        {
            "source": {"name": "msa.pdf"},
            "governing_law": {"value": "New York", "confidence": 0.9, "evidence": evidence},
            "sla": [
                {
                    "metric": "response_time",
                    "priority": "P1",
                    "target": {"value": 30, "unit": "minutes"},
                    "confidence": 0.8,
                    "evidence": evidence,
                }
            ],
            "pricing": {"items": [{"description": "click", "unit_price": "0.0049", "currency": "GBP",
                                   "confidence": 0.8, "evidence": evidence}]},
        }
    )
    jsonschema.validate(record.model_dump(mode="json"), schema)


def test_schema_rejects_a_wrong_metric() -> None:
    schema = record_json_schema()
    bad = {"schema_version": SCHEMA_VERSION, "source": {"name": "x"},
           "sla": [{"metric": "speed", "target": {"value": 1, "unit": "hours"}, "confidence": 1,
                    "evidence": {"text": "x"}}]}
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError as exc:
        assert "speed" in str(exc.message)
    else:
        raise AssertionError("a metric outside the enum must not validate")
