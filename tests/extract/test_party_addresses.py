"""The postal address of a party, read from its party block (docsvc/extract/extractors/parties/address.py)."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.parties.address import address_after, extract_party_addresses
from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _addresses(paragraphs: list[str], **kw: Any) -> dict[str, str | None]:
    ctx = make_context(paragraphs, (), **kw)
    found = extract_parties(ctx, {})
    merged = found | extract_party_addresses(ctx, found)
    return {p["name"]: p.get("address") for p in merged.get("parties", [])}


def test_us_preamble_with_place_of_business_leads() -> None:
    found = _addresses([
        'This Master Hosting Services Agreement is entered into as of June 3, 2024 by and between Cobalt Ridge Data '
        "Centers, Inc., a Delaware corporation having its principal place of business at 1800 Foundry Lane, Suite "
        '400, Columbus, Ohio 43215 ("Provider"), and Meridian Health Analytics, LLC, a New Jersey limited liability '
        'company having offices at 75 Livingston Avenue, Roseland, New Jersey 07068 ("Customer").',
    ])
    assert found == {
        "Cobalt Ridge Data Centers, Inc.": "1800 Foundry Lane\nSuite 400\nColumbus\nOhio 43215",
        "Meridian Health Analytics, LLC": "75 Livingston Avenue\nRoseland\nNew Jersey 07068",
    }


def test_german_party_block_one_item_per_line() -> None:
    found = _addresses([
        "Rahmenvertrag über Druckdienstleistungen",
        "zwischen",
        "NetzKontor GmbH, Hafenstraße 12, 20457 Hamburg, vertreten durch die Geschäftsführerin Anna Meyer",
        "– nachfolgend „Auftragnehmer“ –",
        "und",
        "Bäckerei Sonnenschein KG, Am Markt 3, 87654 Obertal",
        "– nachfolgend „Kunde“ –",
    ], language="de")
    assert found["NetzKontor GmbH"] == "Hafenstraße 12\n20457 Hamburg"
    assert found["Bäckerei Sonnenschein KG"] == "Am Markt 3\n87654 Obertal"


def test_uk_registered_office_without_descriptors() -> None:
    text = ('THIS AGREEMENT is dated 1 March 2025 and made BETWEEN (1) Smith & Sons Print Ltd, a company incorporated '
            "in England and Wales with company number 01234567, whose registered office is at Unit 4, Mill Lane, "
            'Leeds LS1 4AB (the "Customer"); and (2) Acme Print Services Limited ("Supplier").')
    assert address_after(text, "Smith & Sons Print Ltd") == "Unit 4\nMill Lane\nLeeds LS1 4AB"
    # No address in the block: nothing is made up, and a company number is not an address.
    assert address_after(text, "Acme Print Services Limited") is None


@pytest.mark.parametrize("text", [
    'between Foo Ltd (the "Customer") and Bar GmbH ("Supplier")',
    "between Foo Ltd, registered under number 12345 Berlin, and Bar GmbH",
    "Foo Ltd agrees to pay within 30 days of invoice.",
])
def test_no_address_is_invented(text: str) -> None:
    assert address_after(text, "Foo Ltd") is None
