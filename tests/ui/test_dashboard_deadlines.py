"""The dashboard lists the same upcoming deadlines as GET /v1/deadlines (current term after renewals, reviewed
values first), keeps to the person's customer, and lists the contracts still needing review."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from docsvc.db import transaction
from docsvc.models import Contract, Customer, ExtractedField, Role
from docsvc.runtime import Runtime
from docsvc.users.service import create_user
from tests.ui.conftest import sign_in


def _seed(runtime: Runtime) -> dict[str, str]:
    """Two customers' contracts that end 40 days from today (independent of the day the test runs) with one
    month's notice: an expiry and a notice date (about 10 days from today) within the dashboard's 90 days."""
    end = dt.date.today() + dt.timedelta(days=40)
    ids = {}
    with transaction(runtime.sessions) as session:
        for name in ("Alpha", "Beta"):
            customer = Customer(name=name)
            session.add(customer)
            session.flush()
            contract = Contract(customer_id=customer.id, title=f"{name} managed print")
            session.add(contract)
            session.flush()
            for field, value in (("expiration_date", end.isoformat()), ("renewal_notice_period", "P1M"),
                                 ("auto_renewal", False)):
                session.add(ExtractedField(contract_id=contract.id, name=field, value=value, review_state="accepted",
                                           confidence=0.9, evidence={"page": 1, "text": field}))
            ids[name] = str(contract.id)
            ids[f"{name}-customer"] = str(customer.id)
        create_user(session, email="alex@alpha.example", display_name="Alex", role=Role.READER,
                    password="a long enough password", actor="test", customer_id=customer.id)  # Beta's reader
    return ids


def test_the_dashboard_shows_upcoming_deadlines_and_contracts_to_review(client: TestClient,
                                                                       runtime: Runtime) -> None:
    ids = _seed(runtime)
    assert sign_in(client, email="alex@alpha.example", password="a long enough password") == 303
    page = client.get("/ui/")
    assert page.status_code == 200
    section = page.text[page.text.index('id="upcoming-deadlines"'):]
    section = section[:section.index("</ul>")]
    end = dt.date.today() + dt.timedelta(days=40)
    listed = re.findall(r'<time datetime="([0-9-]+)">', section)
    # the expiry and the notice date before it, both within 90 days, in date order; only Beta's contract
    assert end.isoformat() in listed and len(listed) == 2 and listed == sorted(listed), section
    assert f"/ui/contracts/{ids['Beta']}" in section and f"/ui/contracts/{ids['Alpha']}" not in section
    assert "last day to give notice" in section and "expiry" in section
    review = page.text[page.text.index('id="h-rev"'):]
    assert "Beta managed print" in review[:review.index("</section>")]
    german = client.get("/ui/", headers={"Accept-Language": "de"}).text
    assert "Anstehende Fristen" in german and "letzter Kündigungstag" in german
