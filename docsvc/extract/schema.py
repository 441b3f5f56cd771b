"""The JSON Schema of the contract record, generated from the pydantic model.

``contracts_schema/contract-record.schema.json`` is the committed copy other systems read; a test fails when
it drifts from the model, and ``docsvc schema --write`` regenerates it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docsvc.extract.record import SCHEMA_VERSION, ContractRecord

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "contracts_schema" / "contract-record.schema.json"
SCHEMA_ID = f"https://docsvc.dev/schemas/contract-record/{SCHEMA_VERSION}.json"


def record_json_schema() -> dict[str, Any]:
    schema = ContractRecord.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def render_schema() -> str:
    return json.dumps(record_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
