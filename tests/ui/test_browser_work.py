"""The change-request, price-review and generated-documents screens in a real browser (Playwright driving the
system Chromium) against a real ``docsvc serve``: a coordinator creates a change request, a contract manager
approves it and downloads the form; index values are loaded, a price review computed, its calculation read and
its letter downloaded; the generated documents list shows both. Screenshots go to test-output/ui/.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import docx
import httpx

from tests.fixtures.service_docs import write_priced_contract
from tests.ui.test_browser import ARGS, CHROMIUM, PASSWORD, SHOTS, playwright_sync, server

__all__ = ["server"]  # the module-scoped `docsvc serve` fixture, shared with test_browser.py's walk
CUSTOMER = "Smith & Sons Ltd"


def _ingest(base: str, admin: str, path: Path) -> str:
    auth = {"Authorization": f"Bearer {admin}"}
    with path.open("rb") as fh:
        accepted = httpx.post(f"{base}/v1/documents", files={"file": (path.name, fh)},
                              data={"customer": "Smith & Sons"}, headers=auth, timeout=60)
    assert accepted.status_code == 202, accepted.text
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = httpx.get(f"{base}/v1/jobs/{accepted.json()['job']['id']}", headers=auth, timeout=10).json()
        if job["status"] in ("succeeded", "failed"):
            assert job["status"] == "succeeded", job
            return str(job["contract_id"])
        time.sleep(0.3)
    raise AssertionError("the contract was not processed in time")


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])


def _sign_in(page: Any, email: str) -> None:
    page.goto("/ui/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#sign-in").click()
    page.locator("form.who").wait_for()


def _download(page: Any, target: Path) -> bytes:
    with page.expect_download() as info:
        page.locator("#fresh-download").click()
    info.value.save_as(target)
    return target.read_bytes()


def test_change_request_price_review_and_generated_documents(server: tuple[str, str], tmp_path: Path) -> None:
    base, admin = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    contract_id = _ingest(base, admin, write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print",
                                                             customer=CUSTOMER))
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900}, accept_downloads=True,
                                      locale="en-GB")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

        def shot(name: str) -> None:
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

        # The first admin (bootstrap key) creates a coordinator and a contract manager.
        page.goto("/ui/sign-in")
        page.get_by_text("Or, for the first sign-in").click()
        page.get_by_label("Admin API key").fill(admin)
        page.locator("#sign-in-key").click()
        for email, name, role in (("chris@example.com", "Chris Coordinator", "coordinator"),
                                  ("mara@example.com", "Mara Manager", "contract_manager")):
            page.goto("/ui/settings/users")
            page.get_by_label("E-mail").fill(email)
            page.get_by_label("Display name").fill(name)
            page.get_by_label("Role").select_option(role)
            page.get_by_label("Password").fill(PASSWORD)
            page.locator("#create-user").click()
        page.get_by_role("button", name="Sign out").click()

        # The coordinator creates a change request with three items and sees the scope check per item.
        _sign_in(page, "chris@example.com")
        page.get_by_role("link", name="Change requests").click()
        page.get_by_label("Contract").select_option(contract_id)
        page.get_by_role("button", name="New change request").click()
        page.get_by_label("Title").fill("More printers in Leeds")
        page.get_by_label("Item 1: Service").fill("Managed Print")
        page.get_by_label("Item 1: Site").fill("Leeds")
        page.get_by_label("Item 1: Quantity").fill("5")
        page.get_by_label("Item 1: What is to change").fill("Add 5 multifunction printers")
        page.get_by_label("Item 2: What is to change").fill("Supply paper for all sites")
        page.get_by_label("Item 3: What is to change").fill("Install a firewall")
        shot("11-change-request-new")
        page.locator("#cr-create").click()
        rows = page.locator("#cr-items tbody tr")
        assert rows.count() == 3
        assert [rows.nth(i).get_attribute("class") for i in range(3)] == ["cl-in_scope", "cl-out_of_scope",
                                                                          "cl-unclear"]
        assert "multifunction printers" in rows.nth(0).inner_text()
        page.locator("#cr-submit").click()
        assert page.locator("#cr-status").inner_text() == "submitted"
        shot("12-change-request-submitted")
        request_url = page.url
        page.get_by_role("button", name="Sign out").click()

        # The contract manager approves it (keyboard: the comment, then Enter on the button) and downloads the form.
        _sign_in(page, "mara@example.com")
        page.goto(request_url)
        page.get_by_label("Decision comment").fill("ok for Q3")
        page.locator("#cr-approve").focus()
        page.keyboard.press("Enter")
        page.locator("#cr-status.cr-approved").wait_for()
        assert "Mara Manager" in page.locator("#cr-decided").inner_text()
        page.get_by_label("Format").select_option("docx")
        page.locator("#cr-generate").click()
        form = _text(_download(page, tmp_path / "cr.docx"))
        assert "More printers in Leeds" in form and "Install a firewall" in form and "Mara Manager" in form
        shot("13-change-request-approved-form")

        # Index values, then a price review with every line's calculation, then its letter.
        page.get_by_role("link", name="Price reviews").click()
        page.locator("#indices-link").click()
        page.get_by_label("Index name (e.g. CPI)").fill("CPI")
        page.get_by_label("Values (one period,value line each").fill("period,value\n2024-06,133.0\n2025-06,137.1")
        page.get_by_label("Source (e.g. ONS D7BT)").fill("ONS D7BT")
        page.locator("#ix-store").click()
        assert page.locator("#flash").inner_text() == "Stored: 2 new, 0 corrected, 0 unchanged."
        shot("14-index-values")
        page.get_by_role("link", name="Price reviews").click()
        page.get_by_label("Choose a contract").select_option(contract_id)
        page.get_by_role("button", name="Open").click()
        page.get_by_label("Review date").fill("2025-07-01")
        page.get_by_label("Index change").check()
        page.locator("#pr-index").select_option("CPI")
        page.get_by_label("Base period (YYYY-MM)").fill("2024-06")
        page.get_by_label("Current period (YYYY-MM)").fill("2025-06")
        page.locator("#pr-compute").click()
        assert page.locator("#pr-raw").inner_text() == "3.0827 %"
        mono = page.locator("#pr-lines tbody tr").filter(has_text="Mono click charge")
        cells = mono.locator("td").all_inner_texts()
        assert "0.0045" in cells[2] and "133.0" in cells[3] and "137.1" in cells[4] and "0.0046" in cells[7]
        assert "1288.53" in page.locator("#pr-lines tbody tr").filter(has_text="Service management fee").inner_text()
        shot("15-price-review-calculation")
        review_url = page.url.split("?")[0].split("#")[0]
        page.locator("#pr-generate").click()
        letter = _text(_download(page, tmp_path / "letter.docx"))
        assert "£1,288.53" in letter and "£0.0046" in letter and "Mara Manager" in letter
        shot("16-price-review-letter")
        page.locator("#pr-apply").click()  # put into effect: said so, by whom, and not offered again
        assert page.locator("#flash").inner_text() == "The price review is applied: its new prices are in effect."
        assert "Mara Manager" in page.locator("#pr-state").inner_text()
        assert page.locator("#pr-apply").count() == 0

        # The generated documents: both, with template and version, contract, source, who and when.
        page.get_by_role("link", name="Generated documents").click()
        listed = page.locator("#generated-list tbody tr")
        assert listed.count() == 2
        assert "price-review-letter-en" in listed.nth(0).inner_text()
        assert "change-request-en" in listed.nth(1).inner_text()
        assert all("Mara Manager" in listed.nth(i).locator("td.actor").inner_text() for i in range(2))
        shot("17-generated-documents")
        with page.expect_download() as info:
            listed.nth(1).locator("td").first.get_by_role("link").click()
        assert info.value.suggested_filename.startswith("change-request-en")
        assert errors == [], errors

        # The same screens in German, from the browser's language.
        page = browser.new_context(base_url=base, locale="de-DE", viewport={"width": 1400, "height": 900}).new_page()
        _sign_in(page, "mara@example.com")
        page.goto(review_url)
        assert page.get_by_role("heading", name="Berechnung").is_visible()
        assert "Bisheriger Preis" in page.locator("#pr-lines thead").inner_text()
        assert page.get_by_text("In Kraft gesetzt", exact=True).is_visible()
        shot_de = SHOTS / "18-price-review-de.png"
        page.screenshot(path=str(shot_de), full_page=True)
        page.goto(request_url)
        assert page.locator("#cr-status").inner_text() == "genehmigt"
        assert page.get_by_role("heading", name="Prüfung gegen den Leistungsumfang").is_visible()
        page.screenshot(path=str(SHOTS / "19-change-request-de.png"), full_page=True)
        browser.close()
