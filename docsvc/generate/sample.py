"""A complete, realistic generation context for dry-run renders during template validation.

Every optional section is filled (change request and price review included) so a dry run walks every branch a
template can take; names carry ``&`` and ``<`` so escaping is exercised on every upload.
"""

from __future__ import annotations

from typing import Any

from docsvc.generate.context import GenerationContext

Obj = dict[str, Any]


def _evidence(page: int, quote: str) -> dict[str, Any]:
    return {"page": page, "paragraph": None, "quote": quote, "document": "msa-2024.pdf"}


def sample_context(language: str = "en") -> dict[str, Any]:
    de = language == "de"
    customer: Obj = {"name": "Smith & Sons <Print> GmbH" if de else "Smith & Sons <Print> Ltd", "role": "customer",
                "defined_as": "Kunde" if de else "Customer", "address": "Hauptstraße 1, 10115 Berlin" if de
                else "1 High Street, London EC1A 1AA"}
    supplier: Obj = {"name": "Acme Managed Services AG" if de else "Acme Managed Services plc", "role": "supplier",
                "defined_as": "Auftragnehmer" if de else "Supplier", "address": None}
    scope_in: Obj = {"text": "Wartung und Störungsbeseitigung aller Multifunktionsgeräte" if de
                else "Maintenance and repair of all multifunction printers", "service": "Managed Print",
                "sites": ["Berlin", "Hamburg"] if de else ["London", "Leeds"],
                "evidence": _evidence(4, "Scope of Services")}
    scope_out: Obj = {"text": "Verbrauchsmaterial außer Toner" if de else "Consumables other than toner",
                 "service": "Managed Print", "sites": [], "evidence": _evidence(5, "Exclusions")}
    clause: Obj = {"index": "VPI" if de else "CPI", "frequency": "annual", "cap_percent": "5", "floor_percent": "0",
              "fixed_percent": None, "base_date": "2024-06", "notice_period": "P3M",
              "evidence": _evidence(9, "Prices are reviewed annually in line with the index, capped at 5%.")}
    context: Obj = {
        "letterhead": {"company": supplier["name"], "address_lines": ["Example Road 1", "12345 Example City"],
                       "phone": "+44 20 7946 0000", "email": "service@example.com", "website": "example.com",
                       "registration": "Registered in England No. 01234567"},
        "document": {"title": "Sample", "reference": "DOC-0001", "date": "2025-07-01", "language": language,
                     "author": "Jane O'Neil", "recipient": customer},
        "contract": {
            "id": "00000000-0000-0000-0000-000000000001", "title": "Managed Print Services Agreement",
            "document_type": "contract", "language": language, "status": "active", "revision": 3,
            "customer": customer, "supplier": supplier, "parties": [customer, supplier],
            "contacts": [{"name": "Jane O'Neil", "role": "Service Delivery Manager", "organisation": supplier["name"],
                          "email": "jane@example.com", "phone": "+44 20 7946 0001"}],
            "escalation": [{"level": 1, "name": "Service Desk", "role": None, "organisation": supplier["name"],
                            "contact": "+44 20 7946 0002", "after": "immediately"},
                           {"level": 2, "name": "Jane O'Neil", "role": "Service Delivery Manager",
                            "organisation": supplier["name"], "contact": "jane@example.com", "after": "4 hours"}],
            "governing_law": "Germany" if de else "England and Wales", "initial_term": "P3Y",
            "renewal_term": "P1Y", "renewal_notice_period": "P3M", "termination_notice_period": "P6M",
            "auto_renewal": True,
            "dates": {"agreement_date": "2024-06-15", "effective_date": "2024-07-01",
                      "expiration_date": "2027-06-30", "renewal_date": "2027-07-01",
                      "notice_deadline": "2027-03-31", "next_price_review": "2025-07-01"},
            "sla": [
                {"service": "Managed Print", "metric": "availability", "priority": None, "target_value": "99.5",
                 "target_unit": "percent", "measurement_period": "monthly", "hours_of_cover": "Mon-Fri 08:00-18:00",
                 "exclusions": ["scheduled maintenance"], "review_state": "accepted",
                 "evidence": _evidence(6, "Availability 99.5% per month")},
                {"service": "Managed Print", "metric": "response_time", "priority": "P1", "target_value": "4",
                 "target_unit": "hours", "measurement_period": "monthly", "hours_of_cover": "24x7",
                 "exclusions": [], "review_state": "pending", "evidence": _evidence(6, "P1 response 4 hours")},
                {"service": "Managed Print", "metric": "resolution_time", "priority": "P1", "target_value": "1",
                 "target_unit": "business_days", "measurement_period": "monthly", "hours_of_cover": "24x7",
                 "exclusions": [], "review_state": "pending", "evidence": _evidence(6, "P1 fix next business day")},
            ],
            "sla_exclusions": ["scheduled maintenance"],
            "service_credits": [{"metric": "availability", "threshold": "below 99.5%", "threshold_upper": "99.5",
                                 "threshold_lower": "99.0", "credit_percent": "5", "credit_amount": None,
                                 "currency": None, "basis": "monthly charges",
                                 "evidence": _evidence(7, "5% of the monthly charges")}],
            "service_credit_cap": {"percent": "15", "amount": None, "currency": None, "basis": "monthly charges"},
            "pricing": {
                "currency": "EUR" if de else "GBP", "payment_terms_days": 30,
                "minimum_commitment": {"amount": "12000.00", "currency": "EUR" if de else "GBP",
                                       "frequency": "annual"},
                "price_review": clause,
                "items": [
                    {"description": "Mono click charge", "unit_price": "0.0045", "currency": "EUR" if de else "GBP",
                     "unit": "per page", "quantity": None, "frequency": "per_unit",
                     "evidence": _evidence(8, "Mono click 0.0045")},
                    {"description": "Device rental A3 MFP", "unit_price": "1234.50",
                     "currency": "EUR" if de else "GBP", "unit": "per device", "quantity": "12",
                     "frequency": "monthly", "evidence": _evidence(8, "Device rental 1,234.50")},
                ],
            },
            "scope": {"in_scope": [scope_in], "out_of_scope": [scope_out]},
            "documents": [{"filename": "msa-2024.pdf", "document_type": "contract", "sha256": "0" * 64,
                           "uploaded": "2024-06-20"}],
            "references": [{"label": "Governing law", "document": "msa-2024.pdf", "page": 12,
                            "quote": "This Agreement is governed by the laws of England and Wales."}],
        },
        "change_request": {
            "id": "00000000-0000-0000-0000-000000000002", "reference": "CR-0001", "title": "Two more devices",
            "description": "Add two A3 devices at the Leeds office.", "requester": "Tom Smith & Co <IT>",
            "status": "submitted", "requested_date": "2025-05-02", "implementation_date": "2025-06-01",
            "items": [{"service": "Managed Print", "site": "Leeds", "quantity": "2", "description": "A3 MFP",
                       "classification": "in_scope", "reason": "matches the in-scope service at this site",
                       "matched_scope": scope_in},
                      {"service": "Scanning", "site": "Leeds", "quantity": "1", "description": "Scan station",
                       "classification": "unclear", "reason": "no scope entry mentions this service",
                       "matched_scope": None}],
            "price_impact": {"amount": "2469.00", "currency": "EUR" if de else "GBP", "frequency": "monthly",
                             "description": "2 × device rental"},
            "approvals": [{"role": "Customer", "name": None, "decision": None, "date": None, "comment": None},
                          {"role": "Supplier", "name": None, "decision": None, "date": None, "comment": None}],
        },
        "price_review": {
            "id": "00000000-0000-0000-0000-000000000003", "review_date": "2025-07-01",
            "effective_date": "2025-07-01", "mode": "index", "raw_percent": "6.2500", "percent_applied": "5",
            "bound": "cap", "clause": clause,
            "index": {"name": clause["index"], "base_period": "2024-06", "base_value": "128.0",
                      "current_period": "2025-06", "current_value": "136.0", "change_percent": "6.2500"},
            "notice_period": "P3M",
            "lines": [{"description": "Mono click charge", "unit": "per page", "currency": "EUR" if de else "GBP",
                       "current_price": "0.0045", "new_price": "0.0047", "difference": "0.0002",
                       "calculation": "0.0045 × 1.05 = 0.004725 → 0.0047", "evidence": _evidence(8, "Mono click")}],
        },
        "service_review": _service_review(de),
        "data": {"note": "Sample & <test>"},
    }
    return GenerationContext.model_validate(context).model_dump(mode="json")


def _service_review(de: bool) -> Obj:
    """A month with a met and a missed term, a capped credit, one unreviewed term and every list filled."""
    currency = "EUR" if de else "GBP"
    availability = {"service": "Managed Print", "metric": "availability", "priority": None,
                     "target": {"value": "99.5", "unit": "percent"}, "achieved": {"value": "99.125", "unit": "percent"},
                     "met": False, "margin": {"value": "-0.375", "unit": "percentage_points"}, "unreviewed": False,
                     "evidence": _evidence(6, "99.5% & more <during> business hours")}
    response = {"service": "Managed Print", "metric": "response_time", "priority": "P1",
                "target": {"value": "2", "unit": "business_hours"}, "achieved": {"value": "1.5",
                                                                               "unit": "business_hours"},
                "met": True, "margin": {"value": "0.5", "unit": "business_hours"}, "unreviewed": True,
                "evidence": _evidence(7, "P1 response")}
    other = {"service": None, "metric": "other", "priority": None, "target": {"value": "95", "unit": "percent"},
             "achieved": None, "met": None, "margin": None, "unreviewed": False, "evidence": _evidence(7, "")}
    return {
        "id": "00000000-0000-0000-0000-000000000004", "period": "2026-08", "period_start": "2026-08-01",
        "period_end": "2026-08-31", "hours": "Mon-Fri 08:00-18:00", "holidays": "DE" if de else "GB-ENG",
        "terms": 3, "met": 1, "missed": 1, "not_judged": 1, "incidents": 12, "unreviewed": True,
        "scorecard": [availability, response, other],
        "unjudged": [{"service": "Managed Print", "metric": "first_time_fix", "priority": None,
                      "value": {"value": "87.5", "unit": "percent"}}],
        "trend": [{"period": "2026-07", "met": 2, "missed": 0, "not_judged": 1, "availability": "99.91",
                   "credit_percent": None, "credit_amount": None},
                  {"period": "2026-08", "met": 1, "missed": 1, "not_judged": 1, "availability": "99.125",
                   "credit_percent": "15", "credit_amount": "322.50"}],
        "credit": {"lines": [{"service": "Managed Print", "metric": "availability", "priority": None,
                              "achieved": {"value": "99.125", "unit": "percent"}, "percent": "20", "amount": None,
                              "evidence": _evidence(8, "credit")}],
                   "percent_total": "20", "percent_due": "15", "capped": True, "cap_percent": "15",
                   "cap_amount": None, "fee": "2150", "amount_due": "322.50", "currency": currency},
        "change_requests": [{"reference": "CR-0001", "title": "Two more devices & <A3>", "status": "submitted",
                             "implementation_date": "2026-09-01"}],
        "deadlines": [{"kind": "notice", "due": "2026-12-31", "title": "Last day to give notice", "reviewed": False}],
        "billing_mismatches": [{"kind": "price_differs", "description": "Mono click charge", "expected": "0.0045",
                                "invoiced": "0.0050", "difference": "0.0005"}],
    }
