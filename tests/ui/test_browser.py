"""The workbench in a real browser (Playwright driving the system Chromium) against a real ``docsvc serve``.

Screenshots of every screen go to test-output/ui/ (not committed), to look at. Skipped only when Chromium is
absent and we are not root (as root, ``make test`` installs it through .ci/system-packages, so absent is a
failure there).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest

from docsvc.auth.keys import generate_key
from tests.fixtures.documents import CONTRACTS, write_contract_pdf
from tests.fixtures.service_docs import write_sla_contract
from tests.service.test_e2e_server import free_port

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "ui"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PASSWORD = "a long enough password"

if not CHROMIUM.exists() and os.geteuid() != 0:
    pytest.skip("Chromium (/usr/bin/chromium) is not installed and we are not root to install it",
                allow_module_level=True)
playwright_sync = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    home = tmp_path_factory.mktemp("home")
    admin = generate_key().plaintext
    port = free_port()
    env = {**os.environ, "DOCSVC_HOME": str(home), "DOCSVC_ADMIN_KEY": admin}
    proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        raise RuntimeError("server did not become ready")
    yield base, admin
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def test_a_contract_manager_works_through_the_workbench(server: tuple[str, str], tmp_path: Path) -> None:
    base, admin = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = write_contract_pdf(tmp_path / "msa.pdf", CONTRACTS["en"])
    docx_file = write_sla_contract(tmp_path / "sla.docx", supplier="Northwind", customer="Acme")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900}, accept_downloads=True,
                                      locale="en-GB")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

        def shot(name: str, full_page: bool = True) -> None:
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)

        # The bootstrap: the first admin signs in with the first admin key and creates a person.
        page.goto("/ui/")
        assert page.url.endswith("/ui/sign-in")
        shot("01-sign-in")
        page.get_by_text("Or, for the first sign-in").click()
        page.get_by_label("Admin API key").fill(admin)
        page.locator("#sign-in-key").click()
        page.goto("/ui/settings/users")
        page.get_by_label("E-mail").fill("erika@example.com")
        page.get_by_label("Display name").fill("Erika Mustermann")
        page.get_by_label("Role").select_option("contract_manager")
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("#create-user").click()
        assert page.get_by_role("cell", name="erika@example.com", exact=True).is_visible()
        shot("02-settings-users")
        # Two admins' tabs hold the same user form; the second save is refused instead of undoing the first.
        page.locator('a[aria-label$="erika@example.com"]').click()
        other = page.context.new_page()
        other.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        other.goto(page.url)
        page.get_by_label("Display name").fill("Erika  Mustermann")  # saved (spaces folded): a new revision
        page.locator("#save-user").click()
        other.get_by_label("Display name").fill("Erika Stale")
        other.locator("#save-user").click()
        assert other.get_by_role("alert").get_by_text("Someone else changed this meanwhile.").is_visible()
        other.screenshot(path=str(SHOTS / "02a-stale-user-form.png"))
        other.close()
        assert [e for e in errors if "412" in e] and all("412" in e for e in errors), errors  # only the refusal
        errors.clear()
        page.goto("/ui/settings/users")
        assert page.get_by_role("cell", name="Erika Mustermann", exact=True).is_visible()
        assert not page.get_by_text("Erika Stale").count()
        page.get_by_role("link", name="API keys").click()
        assert page.get_by_role("heading", name="Create key").is_visible()
        shot("02b-settings-keys")
        page.get_by_role("button", name="Sign out").click()

        # The person signs in with e-mail and password.
        page.get_by_label("E-mail").fill("erika@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("#sign-in").click()
        assert page.get_by_text("Erika Mustermann").first.is_visible()

        # Upload a PDF and a DOCX at once; both finish, each with a link to its contract.
        page.get_by_role("link", name="Upload").click()
        page.get_by_label("Customer").fill("Acme")
        page.locator("#files").set_input_files([str(pdf), str(docx_file)])
        page.locator("#start-upload").click()
        # (Locator waits, not wait_for_function: the page's CSP forbids the eval that one needs.)
        page.locator("#uploads li a.open").nth(1).wait_for(timeout=120_000)
        states = [page.locator("#uploads li").nth(i).get_attribute("data-state") for i in range(2)]
        assert states == ["succeeded", "succeeded"]
        shot("03-upload")
        page.locator("#files").set_input_files([str(pdf)])  # the same file again: a clear duplicate message
        page.locator("#start-upload").click()
        page.locator("#uploads li").nth(2).filter(has_text="Already uploaded").wait_for()
        notes = tmp_path / "notes.txt"
        notes.write_text("not a contract")
        page.locator("#files").set_input_files([str(notes)])  # refused with the reason, at once
        page.locator("#start-upload").click()
        page.locator("#uploads li.refused").wait_for()
        assert "notes.txt" in page.locator("#uploads li.refused").inner_text()
        shot("03b-upload-refusals")
        assert errors and all("415" in e for e in errors), errors  # the refusal itself, nothing else
        errors.clear()
        page.goto("/ui/")
        shot("04-dashboard")
        page.goto("/ui/contracts")
        assert page.locator("table.list tbody tr").count() == 2
        shot("05-contracts")

        # The DOCX's contract: evidence is a paragraph of the document, shown beside the record.
        page.goto("/ui/contracts?text=managed+network")
        page.locator("table.list tbody tr a").first.click()
        page.locator("table[data-rows=sla] button.value").first.click()
        page.locator(".docx .hl").wait_for(state="visible")
        assert "minutes" in page.locator(".docx .hl").inner_text() or page.locator(".docx .hl").count() == 1
        page.wait_for_timeout(700)
        shot("05b-contract-docx-sla", full_page=False)
        review_rows(page, base, admin, shot)

        # The PDF's contract: click an SLA value, its evidence is highlighted on its page.
        page.goto("/ui/contracts?text=" + CONTRACTS["en"].title.split()[0])
        page.locator("table.list tbody tr a").first.click()
        page.wait_for_selector("figure.page img")
        value = page.locator("#field-governing_law button.value")
        value.click()
        box = page.locator(".highlight.active")
        box.wait_for(state="visible")
        size = box.bounding_box()
        assert size is not None and size["width"] > 5 and size["height"] > 3
        assert box.evaluate("b => b.closest('figure').id") == "page-2"  # governing law is on page 2
        page.wait_for_timeout(700)  # the smooth scroll to the box
        shot("06-contract-highlight", full_page=False)

        reject_a_price(page, base, admin, shot)

        # Correct a field value; the audit history shows the person's display name.
        page.locator("#v-governing_law").fill("Scotland")
        page.locator("#field-governing_law").get_by_role("button", name="Correct").click()
        assert page.locator("#flash").inner_text() == "Saved."
        assert page.locator("#field-governing_law button.value").inner_text() == "Scotland"
        assert "Erika Mustermann" in page.locator("td.actor").first.inner_text()

        # Generate a document and open it: "Prepared by" is the person.
        page.locator("#g-template").select_option("process-documentation-en")
        page.locator("#generate").click()
        with page.expect_download() as download_info:
            page.locator("#fresh-download").click()
        target = tmp_path / "generated.docx"
        download_info.value.save_as(target)
        text = "\n".join([para.text for para in docx.Document(str(target)).paragraphs] + [
            cell.text for table in docx.Document(str(target)).tables for row in table.rows for cell in row.cells])
        assert "Erika Mustermann" in text
        shot("07-contract-generated")

        page.goto("/ui/templates")
        shot("08-templates")
        broken = tmp_path / "broken.docx"
        letter = docx.Document()
        letter.add_paragraph("Dear {{ contract.customer ")  # an unclosed tag: the version is rejected
        letter.save(str(broken))
        page.get_by_label("Name").fill("my-letter")
        page.get_by_label("Kind").select_option("custom")
        page.get_by_label("File (.docx)").set_input_files(str(broken))
        page.get_by_role("button", name="Upload a new version").click()
        assert page.locator("#v1 h3").inner_text().startswith("Version 1 — rejected")
        assert page.locator("#v1 li.sev-error").count() >= 1
        shot("08b-template-rejected")
        page.goto("/ui/templates/process-documentation-en")
        shot("09-template-versions")
        assert errors == [], errors  # no CSP violation or script error on any page

        # German from the browser's language.
        german = browser.new_context(base_url=base, locale="de-DE", viewport={"width": 1400, "height": 900})
        page = german.new_page()
        page.goto("/ui/sign-in")
        assert page.get_by_role("heading", name="Anmelden").is_visible()
        shot("10-sign-in-de")
        browser.close()


def review_rows(page: Any, base: str, admin: str, shot: Callable[..., None]) -> None:
    """On the DOCX contract: correct an SLA value, add a missed SLA row from a paragraph selection, accept the
    rest of the table and mark the contract reviewed; the API then shows the person's rows as reviewed."""
    contract_id = page.url.split("/ui/contracts/", 1)[1].split("?")[0].split("#")[0]
    assert page.locator("#review-status-value").inner_text() == "needs review"
    first = page.locator("table[data-rows=sla] tr[data-row]").first
    row_id = (first.get_attribute("id") or "").removeprefix("row-sla-")
    first.locator("details.correct-row summary").click()
    first.get_by_label("target_value").fill("7")
    first.get_by_role("button", name="Save correction").click()
    assert page.locator("#flash").inner_text() == "Saved."
    corrected = page.locator(f"#row-sla-{row_id}")
    assert "corrected" in (corrected.get_attribute("class") or "")
    assert "7" in corrected.locator("button.value").inner_text()

    page.locator("#add-sla summary").click()
    paragraph = page.locator(".docx p").filter(has_text=re.compile("[A-Za-z]{4}")).nth(1)
    paragraph.click(click_count=3)  # a triple click selects the paragraph, as a person would with the mouse
    quote = page.locator("#a-sla-quote").input_value()
    assert quote and quote in paragraph.inner_text()
    assert page.locator("#a-sla-paragraph").input_value().isdigit()
    page.locator("#add-sla").get_by_label("metric").fill("other")
    page.locator("#a-sla-target_value").fill("8")
    page.locator("#a-sla-target_unit").fill("business_hours")
    shot("05c-row-add-form", full_page=False)
    page.locator("#add-sla-submit").click()
    assert page.locator("#flash").inner_text() == "Saved."
    assert page.locator("table[data-rows=sla] tr.state-added").count() == 1

    page.locator("#accept-sla").click()
    assert page.locator("#flash").inner_text() == "Saved."
    assert page.locator("table[data-rows=sla] tr.state-pending").count() == 0
    assert page.locator("#accept-sla").count() == 0  # nothing pending is left to accept
    page.locator("#mark-reviewed").click()
    assert page.locator("#review-status-value").inner_text() == "reviewed"
    shot("05d-rows-reviewed")

    rows = httpx.get(f"{base}/v1/sla", params={"reviewed": "true", "limit": 200},
                     headers={"Authorization": f"Bearer {admin}"}).json()["items"]
    mine = {r["id"]: r for r in rows if r["contract_id"] == contract_id}
    assert mine[row_id]["review_state"] == "corrected" and float(mine[row_id]["target_value"]) == 7
    added = [r for r in mine.values() if r["review_state"] == "added"]
    assert len(added) == 1 and added[0]["target_unit"] == "business_hours" and added[0]["evidence"]["text"] == quote


def reject_a_price(page: Any, base: str, admin: str, shot: Callable[..., None]) -> None:
    """On the PDF contract: clicking the page fills a missed row's page and box; a rejected price is gone from
    the API's default listing."""
    contract_id = page.url.split("/ui/contracts/", 1)[1].split("?")[0].split("#")[0]
    page.locator("#add-prices summary").click()
    page.locator("#page-1 img").click(position={"x": 200, "y": 300})
    assert page.locator("#a-prices-page").input_value() == "1"
    assert len(page.locator("#a-prices-bbox").input_value().split()) == 4
    page.locator("#add-prices summary").click()
    row = page.locator("table[data-rows=prices] tr[data-row]").first
    row_id = (row.get_attribute("id") or "").removeprefix("row-prices-")
    row.get_by_role("button", name="Reject").click()
    assert page.locator("#flash").inner_text() == "Saved."
    assert "rejected" in (page.locator(f"#row-prices-{row_id}").get_attribute("class") or "")
    shot("06b-price-rejected", full_page=False)
    listed = httpx.get(f"{base}/v1/contracts/{contract_id}/price-items",
                       headers={"Authorization": f"Bearer {admin}"}).json()
    assert listed and row_id not in {p["id"] for p in listed}
