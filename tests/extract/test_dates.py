"""Agreement, effective and expiration dates from preambles, term clauses, key/value rows and signature blocks."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.term.dates import extract_dates
from tests.fixtures.contexts import make_context

FILLER = [f"{n}. The Supplier shall perform obligation number {n} with reasonable skill and care." for n in range(30)]


def _dates(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
           **kwargs: Any) -> dict[str, str]:
    ctx = make_context(paragraphs, tables or [], language=language, **kwargs)
    return {k: v["value"] for k, v in extract_dates(ctx, {}).items()}


def test_preamble_with_defined_effective_date() -> None:
    found = _dates(['This Master Hosting Services Agreement (this "Agreement") is entered into as of the 3rd day of '
                    'June, 2024 (the "Effective Date") by and between Cobalt Ridge, Inc. and Meridian, LLC.'])
    assert found == {"agreement_date": "2024-06-03", "effective_date": "2024-06-03"}


def test_agreement_date_and_separate_commencement_and_end() -> None:
    found = _dates([
        "THIS AGREEMENT is dated 14th March 2024",
        "2.1 This Agreement shall take effect on 1 April 2024 (the “Commencement Date”) and shall continue for an "
        "initial period of thirty-six (36) months ending on 31 March 2027 (the “Initial Term”).",
    ])
    assert found == {"agreement_date": "2024-03-14", "effective_date": "2024-04-01", "expiration_date": "2027-03-31"}


def test_dates_of_other_agreements_are_ignored() -> None:
    found = _dates([
        "Amendment No. 2 to the Managed WAN Services Agreement dated 12 January 2022",
        "This Amendment No. 2 (the “Amendment”) is made on 18 November 2024 between Alpenlink AG and Rheintal AG.",
        "A. The Parties entered into a Managed WAN Services Agreement dated 12 January 2022.",
        "WHEREAS, the parties are parties to that certain Lease dated as of February 23, 1996.",
    ])
    assert found["agreement_date"] == "2024-11-18"


def test_novation_date_definition() -> None:
    found = _dates(["THIS DEED is dated 28 February 2025", "1.1 In this deed, “Novation Date” means 1 March 2025."])
    assert found["agreement_date"] == "2025-02-28"
    assert found["effective_date"] == "2025-03-01"


def test_german_in_kraft_and_end_date_with_signature_dates() -> None:
    found = _dates([
        "Rahmenvertrag über IT-Dienstleistungen",
        "(1) Dieser Vertrag tritt am 01.07.2024 in Kraft. Er wird für eine feste Laufzeit von 24 Monaten geschlossen "
        "und endet frühestens am 30.06.2026 (Mindestvertragslaufzeit).",
        *FILLER,
        "Nürnberg, 12.06.2024 | Lauf an der Pegnitz, 12.06.2024",
    ], language="de")
    assert found == {"agreement_date": "2024-06-12", "effective_date": "2024-07-01", "expiration_date": "2026-06-30"}


def test_german_defined_start_with_time_and_gilt_ab() -> None:
    found = _dates(["1.1 Die übernehmende Partei tritt mit Wirkung zum 1. Januar 2025, 00:00 Uhr (nachfolgend "
                    "„Wirksamkeitsdatum“), anstelle der übertragenden Partei in sämtliche Rechte ein."], language="de")
    assert found["effective_date"] == "2025-01-01"
    found = _dates(["Diese Leistungsbeschreibung regelt die Leistungen. Sie gilt ab dem 1. April 2025 und ersetzt "
                    "die Version 2.0."], language="de")
    assert found == {"effective_date": "2025-04-01"}


def test_german_title_date_and_verb_last() -> None:
    assert _dates(["Rahmenvertrag vom 12.06.2024", "zwischen der A GmbH und der B AG"], language="de") == {
        "agreement_date": "2024-06-12", "effective_date": "2024-06-12"}
    assert _dates(["Anlage 2 zum Rahmenvertrag Nr. RV-2023-0458 vom 15.09.2023"], language="de") == {}
    found = _dates(["Dieser Vertrag wurde am 12.06.2024 in Nürnberg geschlossen. Leistungsbeginn ist der 01.07.2024."],
                   language="de")
    assert found == {"agreement_date": "2024-06-12", "effective_date": "2024-07-01"}


def test_key_value_rows_and_signature_table() -> None:
    rows = [
        ["Order Date", "23/09/2024"],
        ["Service Start Date", "01-Oct-2024"],
        ["Minimum Term", "24 months from the Service Start Date, ending 30-Sep-2026"],
    ]
    found = _dates(["Order Form"], [rows], pdf=False)
    assert found == {"agreement_date": "2024-09-23", "effective_date": "2024-10-01", "expiration_date": "2026-09-30"}


def test_signature_dates_fall_back_to_the_agreement_date() -> None:
    found = _dates(["This Agreement is made between Acme Inc. and Beta LLC.", *FILLER,
                    "Date: June 8, 2010 Date: June 7, 2010", "Date: June 8, 2010"])
    assert found["agreement_date"] == "2010-06-08"
    assert found["effective_date"] == "2010-06-08"


def test_cover_page_signature_block_with_dates_above_their_labels() -> None:
    # Dates typed on one line, their "Date" labels on the next, in a block on the first page (not "late").
    rows = [["By: /s/ A. Smith", "By: /s/ B. Jones"], ["4/24/2018", "04/25/2018"], ["Date", "Date"]]
    found = _dates(["CHANNEL RESELLER AGREEMENT", "This Agreement is entered into as of the Effective Date by and "
                    "between Acme Inc. and Beta LLC.", *FILLER], [rows], pdf=False)
    assert found["agreement_date"] == "2018-04-25"  # the later signature concludes the contract
    assert found["effective_date"] == "2018-04-25"
    # The same row without the labels below it is no signature block.
    assert "agreement_date" not in _dates(["This Agreement is made between Acme Inc. and Beta LLC.", *FILLER],
                                          [[["4/24/2018", "04/25/2018"], ["Total", "12"]]], pdf=False)


def test_signature_dates_written_with_hyphens() -> None:
    found = _dates(["This Agreement is made between Acme Inc. and Beta LLC.", *FILLER,
                    "IN WITNESS WHEREOF, the Parties have caused this Agreement to be executed.",
                    "By: /s/ M. Frick Name: M. Frick Date: 3-14-18 Date: 3-7-18"])
    assert found["agreement_date"] == "2018-03-14"


def test_periods_of_payments_and_definitions_are_not_the_term() -> None:
    found = _dates([
        "This Agreement is made as of January 5, 2010 by and between Acme Inc. and Beta LLC.",
        "Beta shall purchase the minimum volume for the twelve-month period commencing July 1, 2010 and ending "
        "June 30, 2011.",
        "“Transition Services” shall mean services performed from the Effective Date through December 31, 2010.",
        "Royalties are payable for the fiscal year beginning April 1, 2011.",
    ])
    assert found == {"agreement_date": "2010-01-05", "effective_date": "2010-01-05"}


def test_term_range() -> None:
    found = _dates(["3.1 The Cooperation Term of the parties shall be two years from May 1, 2013 to April 30, 2015."])
    assert found == {"effective_date": "2013-05-01", "expiration_date": "2015-04-30"}


def test_evidence_and_confidence() -> None:
    ctx = make_context(["Effective date: April 1, 2025", "These Terms govern your use of the Services."])
    found = extract_dates(ctx, {})["effective_date"]
    assert found["evidence"]["text"] == "Effective date: April 1, 2025"
    assert found["confidence"] >= 0.8
