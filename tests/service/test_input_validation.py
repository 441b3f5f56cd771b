"""Hostile input is refused with a 422 problem naming the field, before anything is stored (issue 10, findings 8
and 13), on SQLite and PostgreSQL: decimals beyond their published pattern, NUL and control characters, lone
surrogates, free JSON nested 900 deep, numbers JSON can carry but no column can."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from docsvc.db import transaction
from docsvc.models import Customer, Document, Role
from docsvc.runtime import Runtime
from tests.fixtures.service_docs import write_priced_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest

DEEP = "[" * 900 + "]" * 900


def post_raw(client: TestClient, url: str, text: str, key: str, method: str = "POST") -> Any:
    """JSON as a hostile client writes it: escapes like "\\ud800" and numbers like 1e999999 verbatim."""
    return client.request(method, url, content=text.encode(),
                          headers={**bearer(key), "Content-Type": "application/json", "If-Match": '"1"'})


def refused(response: Any, location: str) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert location in [e["location"] for e in problem["errors"]], problem
    return str(problem["detail"])


def test_index_values_keep_to_the_published_decimal_pattern(client: TestClient, keys: dict[Role, str]) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    for value in ['"1e-999999"', '"1e-50"', '"1E+2"', '"NaN"', '"Infinity"', '"1234567"', '"0.123456789"',
                  '"\u0661\u0662"', '" 12"', "1e999999", "1e-999999", "0.000000001", "9" * 4000]:
        body = '{"values": [{"period": "2025-06", "value": ' + value + '}], "source": "ONS"}'
        refused(post_raw(client, "/v1/indices/CPI/values", body, manager), "body.values.0.value")
    # beyond 4,300 digits the JSON reader itself refuses the number: the body is named
    refused(post_raw(client, "/v1/indices/CPI/values", '{"values": [{"period": "2025-06", "value": '
                     + "9" * 5000 + "}]}", manager), "body")
    assert client.get("/v1/indices/CPI/values", headers=bearer(manager)).status_code == 404  # nothing stored
    good = post_raw(client, "/v1/indices/CPI/values", '{"values": [{"period": "2025-06", "value": "131.4"}, '
                    '{"period": "2025-07", "value": 0.30000000000000004}, {"period": "2025-08", "value": 1.5e-8}]}',
                    manager)
    assert good.status_code == 200, good.text
    stored = client.get("/v1/indices/CPI/values", headers=bearer(manager)).json()
    # a JSON number is a binary float: rounded to the 8 places a string may carry
    assert [v["value"] for v in stored] == ["131.4", "0.30000000", "0.00000002"]


def test_strings_refuse_nul_control_characters_and_lone_surrogates(client: TestClient,
                                                                   keys: dict[Role, str]) -> None:
    admin, manager = keys[Role.ADMIN], keys[Role.CONTRACT_MANAGER]
    contract = uuid.uuid4()  # validation comes first: no row needed
    for bad in ["a\\u0000b", "a\\u0007b", "\\u001b[31m", "a\\ud800b", "\\udfff"]:
        body = '{"title": "' + bad + '", "items": [{"description": "d"}]}'
        assert "title" in refused(post_raw(client, f"/v1/contracts/{contract}/change-requests", body, manager),
                                  "body.title")
        refused(post_raw(client, f"/v1/change-requests/{contract}/reject", '{"comment": "' + bad + '"}', manager),
                "body.comment")
        refused(post_raw(client, "/v1/indices/CPI/values",
                         '{"values": [{"period": "2025-06", "value": "1"}], "source": "' + bad + '"}', manager),
                "body.source")
        refused(post_raw(client, "/v1/keys", '{"name": "' + bad + '", "role": "reader"}', admin), "body.name")
    # free text keeps its tab and line breaks; a one-line title does not take them
    text = '{"title": "t", "description": "one\\ntwo\\r\\n\\tthree", "items": [{"description": "d"}]}'
    assert post_raw(client, f"/v1/contracts/{contract}/change-requests", text, manager).status_code == 404
    refused(post_raw(client, f"/v1/contracts/{contract}/change-requests",
                     '{"title": "a\\nb", "items": [{"description": "d"}]}', manager), "body.title")
    for url, location in [("/v1/contracts?text=a%00b", "query.text"), ("/v1/sla?service=%01", "query.service"),
                          ("/v1/contracts?type=%00", "query.type"), ("/v1/sla?priority=p%00", "query.priority")]:
        refused(client.get(url, headers=bearer(manager)), location)


def test_free_json_values_are_bounded_in_depth_size_and_content(client: TestClient, keys: dict[Role, str]) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    url = f"/v1/contracts/{uuid.uuid4()}"
    def generate(data: str) -> Any:
        return post_raw(client, f"{url}/generated", '{"template": "t", "data": ' + data + "}", manager)

    within = "[" * 31 + "]" * 31  # 32 levels with the data object itself
    assert generate('{"a": ' + within + ', "n": 9223372036854775807, "s": "' + "x" * 100_000 + '"}').status_code == 404
    for data in ['{"a": ' + DEEP + "}", '{"a": ' + "[" * 32 + "]" * 32 + "}", '{"a": "x\\u0000"}', '{"\\ud800": 1}',
                 '{"a": ["\\udc00"]}', '{"a": 1e999999}', '{"a": -1e999999}', '{"a": ' + str(2**63) + "}",
                 '{"a": [' + ",".join(["0"] * 10_001) + "]}", '{"a": "' + "x" * 100_001 + '"}']:
        refused(generate(data), "body.data")
    detail = refused(post_raw(client, f"{url}/fields/governing_law", '{"action": "correct", "value": ' + DEEP + "}",
                              manager, method="PATCH"), "body.value")
    assert "32 levels" in detail
    refused(post_raw(client, f"{url}/fields/governing_law", '{"action": "correct", "value": "\\u0000"}', manager,
                     method="PATCH"), "body.value")


def test_the_problem_itself_is_always_readable(client: TestClient, keys: dict[Role, str]) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    url = f"/v1/contracts/{uuid.uuid4()}/change-requests"
    # an unknown key is named in the problem, escaped: a NUL is no text to show, a lone surrogate cannot be UTF-8
    response = post_raw(client, url, '{"title": "t", "items": [{"description": "d"}], "\\u0000\\u001b": 1}', manager)
    assert json.loads(response.content.decode("utf-8"))
    refused(response, "body.\\x00\\x1b")
    for body in ['{"title": "t", "items": [{"description": "d"}], "\\ud800": 1}', '{"\\udfff": {"\\ud800": 1}}']:
        response = post_raw(client, url, body, manager)
        assert response.status_code == 422 and json.loads(response.content.decode("utf-8"))["errors"]
    # numbers the JSON reader refuses (over 4,300 digits) and nesting beyond the interpreter's stack: 422, not 400
    for body in ['{"title": "t", "items": [], "x": %s}' % ("9" * 5000), "[" * 3000 + "]" * 3000]:
        assert "cannot be read" in refused(post_raw(client, url, body, manager), "body")


def _stored(runtime: Runtime) -> tuple[int, int, int]:
    with transaction(runtime.sessions) as session:
        counts = [session.scalar(select(func.count()).select_from(model)) or 0 for model in (Document, Customer)]
    return counts[0], counts[1], sum(1 for _ in runtime.store.list())


def test_an_upload_with_nul_in_a_form_field_stores_nothing(client: TestClient, runtime: Runtime,
                                                           keys: dict[Role, str], tmp_path: Path) -> None:
    path = write_priced_contract(tmp_path / "c.docx", supplier="Acme", customer="Smith")
    before = _stored(runtime)
    for fields in [{"customer": "Smith\x00 Ltd"}, {"customer": "Smith\x1b[2J"}, {"document_type": "contract\x00"}]:
        with path.open("rb") as fh:
            response = client.post("/v1/documents", files={"file": ("c.docx", fh)}, data=fields,
                                   headers=bearer(keys[Role.CONTRACT_MANAGER]))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["location"] for e in response.json()["errors"]] == [f"body.{next(iter(fields))}"]
    assert _stored(runtime) == before


def test_a_corrected_price_review_clause_keeps_to_the_percent_bounds(client: TestClient, keys: dict[Role, str],
                                                                    tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    contract = ingest(client, manager, write_priced_contract(tmp_path / "c.docx", supplier="Acme", customer="S"))
    url = f"/v1/contracts/{contract}"
    clause = client.get(f"{url}/pricing", headers=bearer(manager)).json()["price_review"]
    etag = client.get(url, headers=bearer(manager)).headers["ETag"]
    corrected = client.patch(f"{url}/fields/pricing.price_review", headers={**bearer(manager), "If-Match": etag},
                             json={"action": "correct", "value": {**clause, "floor_percent": "1e999999"}})
    # the correction itself is validated against the field's type now (issue 12), so the bad floor never
    # reaches a price review
    assert corrected.status_code == 422, corrected.text
    assert corrected.json()["field"] == "pricing.price_review" and "floor_percent" in corrected.json()["detail"]
    review = client.post(f"{url}/price-reviews", json={"review_date": "2025-07-01", "percent": "3"},
                         headers=bearer(manager))
    assert review.status_code == 201, review.text


def test_template_names_with_a_trailing_line_break_are_refused() -> None:
    from docsvc.errors import Unprocessable
    from docsvc.templates_store.service import check_meta

    check_meta(name="change-request-en", kind="change_request", language="en")
    for bad in ("change-request-en\n", "a\nb", "", "-x"):
        with pytest.raises(Unprocessable):
            check_meta(name=bad, kind="change_request", language="en")
