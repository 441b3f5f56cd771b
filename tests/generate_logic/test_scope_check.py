"""Scope check on several crafted scopes (managed print, network/WAN, hosting) in English and German."""

from __future__ import annotations

import pytest

from docsvc.generate.context import ChangeRequestItemCtx
from docsvc.generate.sample import sample_context
from docsvc.generate.scope_check import ChangeItem, ItemResult, ScopeEntry, classify_items

PRINT_IN = [ScopeEntry("Maintenance and repair of all multifunction printers", "Managed Print", ["London", "Leeds"],
                       {"page": 4}),
            ScopeEntry("Toner supply and replenishment", "Managed Print", [], {"page": 4})]
PRINT_OUT = [ScopeEntry("Consumables other than toner", "Managed Print", [], {"page": 5}),
             ScopeEntry("Repair of damage caused by misuse or accident", "Managed Print", [], {"page": 5})]

DRUCK_IN = [ScopeEntry("Wartung aller Multifunktionsdrucker", "Managed Print", ["Berlin"], {"page": 3}),
            ScopeEntry("Störungsbeseitigung an Netzwerkdruckern", "Managed Print", ["Berlin", "München"], {})]
DRUCK_OUT = [ScopeEntry("Verbrauchsmaterial außer Toner", "Managed Print", [], {"page": 6})]

WAN_IN = [ScopeEntry("Monitoring and management of WAN routers and SD-WAN edge devices", "Managed WAN", [], {}),
          ScopeEntry("Provision of MPLS circuits between the listed sites", "Managed WAN",
                     ["Manchester", "Bristol", "Glasgow"], {"page": 11})]
WAN_OUT = [ScopeEntry("Customer-owned firewalls and security appliances", "Managed WAN", [], {"page": 12}),
           ScopeEntry("In-building cabling and LAN switches", None, [], {"page": 12})]

HOST_IN = [ScopeEntry("Betrieb und Patchen der virtuellen Server im Rechenzentrum", "Hosting", [], {"page": 7}),
           ScopeEntry("Tägliche Datensicherung der Datenbanken", "Hosting", [], {"page": 7})]
HOST_OUT = [ScopeEntry("Anwendungsbetreuung und Lizenzen für Kundensoftware", "Hosting", [], {"page": 8})]


def one(item: ChangeItem, in_scope: list[ScopeEntry], out_of_scope: list[ScopeEntry],
        language: str = "en") -> ItemResult:
    [result] = classify_items([item], in_scope, out_of_scope, language=language)
    return result


def test_printers_at_a_listed_site_are_in_scope() -> None:
    result = one(ChangeItem(description="Add 5 multifunction printers at Leeds", quantity="5"), PRINT_IN, PRINT_OUT)
    assert result.classification == "in_scope"
    assert result.matched is PRINT_IN[0]
    assert "Maintenance and repair of all multifunction printers" in result.reason
    assert "(page 4)" in result.reason and "Leeds" in result.reason
    assert result.item.site is None  # the site came from the description


def test_explicit_site_field_is_checked_against_the_entry() -> None:
    result = one(ChangeItem(service="Managed Print", site="Cardiff", description="Repair multifunction printer"),
                 PRINT_IN, PRINT_OUT)
    assert result.classification == "unclear"
    assert "covers only London, Leeds; Cardiff is not listed" in result.reason


def test_supply_of_consumables_is_excluded() -> None:
    result = one(ChangeItem(service="Managed Print", description="Supply of consumables"), PRINT_IN, PRINT_OUT)
    assert result.classification == "out_of_scope"
    assert result.matched is PRINT_OUT[0]
    assert "Consumables other than toner" in result.reason and "(page 5)" in result.reason


def test_paper_stock_is_a_semantic_case_and_may_stay_unclear() -> None:
    result = one(ChangeItem(description="Replace paper stock"), PRINT_IN, PRINT_OUT)
    assert result.classification in {"unclear", "out_of_scope"}
    assert result.classification != "in_scope"


def test_the_exception_inside_an_exclusion_does_not_exclude() -> None:
    # "Consumables other than toner" must not exclude toner; the toner entry covers it
    result = one(ChangeItem(description="Additional toner cartridges"), PRINT_IN, PRINT_OUT)
    assert result.classification == "in_scope"
    assert result.matched is PRINT_IN[1]
    # without an in-scope toner entry the carve-out alone decides nothing
    alone = one(ChangeItem(description="Toner cartridges"), PRINT_IN[:1], PRINT_OUT)
    assert alone.classification == "unclear"
    assert "makes an exception for Toner" in alone.reason


def test_specific_exclusion_beats_the_broad_in_scope_entry() -> None:
    result = one(ChangeItem(description="Repair printer damage caused by misuse"), PRINT_IN, PRINT_OUT)
    assert result.classification == "out_of_scope"
    assert result.matched is PRINT_OUT[1]


def test_equal_matches_in_and_out_are_left_to_a_person() -> None:
    in_scope = [ScopeEntry("Repair of multifunction printers", None, [], {})]
    out_of_scope = [ScopeEntry("Repair of multifunction printers owned by the customer", None, [], {})]
    result = one(ChangeItem(description="Repair multifunction printers"), in_scope, out_of_scope)
    assert result.classification == "unclear"
    assert "equally well" in result.reason


def test_unrelated_request_is_unclear() -> None:
    result = one(ChangeItem(description="Install a firewall"), PRINT_IN, PRINT_OUT)
    assert (result.classification, result.matched, result.score) == ("unclear", None, 0.0)
    assert result.reason == "No scope entry mentions \u201cInstall a firewall\u201d."


def test_german_printer_at_an_unlisted_site() -> None:
    result = one(ChangeItem(description="Drucker am Standort Hamburg warten"), DRUCK_IN, DRUCK_OUT, "de")
    assert result.classification in {"unclear", "out_of_scope"}
    assert result.matched is DRUCK_IN[0]
    assert "Hamburg ist nicht aufgeführt" in result.reason and "Berlin" in result.reason


def test_german_printer_at_a_listed_site_with_compound_and_inflection() -> None:
    result = one(ChangeItem(site="Berlin", description="Wartung von drei weiteren Druckern"), DRUCK_IN, DRUCK_OUT,
                 "de")
    assert result.classification == "in_scope"
    assert result.reason.startswith("Abgedeckt durch den Leistungsumfang „Wartung aller Multifunktionsdrucker“ "
                                    "(Seite 3)")


def test_german_second_entry_covers_another_site() -> None:
    result = one(ChangeItem(site="München", description="Störung am Netzwerkdrucker beseitigen"), DRUCK_IN,
                 DRUCK_OUT, "de")
    assert result.classification == "in_scope"
    assert result.matched is DRUCK_IN[1]


def test_german_consumables_are_excluded_but_toner_is_not() -> None:
    paper = one(ChangeItem(description="Lieferung von Verbrauchsmaterialien"), DRUCK_IN, DRUCK_OUT, "de")
    assert paper.classification == "out_of_scope"
    assert "Verbrauchsmaterial außer Toner" in paper.reason
    toner = one(ChangeItem(description="Toner liefern"), DRUCK_IN, DRUCK_OUT, "de")
    assert toner.classification == "unclear"


@pytest.mark.parametrize(
    ("description", "site", "expected"),
    [
        ("Add two SD-WAN edge devices", None, "in_scope"),
        ("Replace WAN router in Manchester", None, "in_scope"),
        ("New MPLS circuit to Glasgow", "Glasgow", "in_scope"),
        ("New MPLS circuit to Leeds", "Leeds", "unclear"),
        ("Upgrade customer-owned firewalls", None, "out_of_scope"),
        ("Replace LAN switches on floor 3", None, "out_of_scope"),
        ("Migrate e-mail to the cloud", None, "unclear"),
    ],
)
def test_network_scope(description: str, site: str | None, expected: str) -> None:
    assert one(ChangeItem(service="Managed WAN", site=site, description=description),
               WAN_IN, WAN_OUT).classification == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Zwei zusätzliche virtuelle Server bereitstellen", "in_scope"),
        ("Datensicherung für eine weitere Datenbank", "in_scope"),
        ("Lizenzen für Kundensoftware verlängern", "out_of_scope"),
        ("Umzug der Telefonanlage", "unclear"),
    ],
)
def test_hosting_scope_in_german(description: str, expected: str) -> None:
    assert one(ChangeItem(service="Hosting", description=description), HOST_IN, HOST_OUT,
               "de").classification == expected


def test_service_name_alone_is_only_a_weak_match() -> None:
    result = one(ChangeItem(service="Managed Print", description="A3 MFP"), PRINT_IN, PRINT_OUT)
    assert result.classification == "unclear"
    assert "weak match" in result.reason


def test_empty_request_and_context_round_trip() -> None:
    assert one(ChangeItem(), PRINT_IN, PRINT_OUT).classification == "unclear"
    scope = sample_context("en")["contract"]["scope"]
    in_scope = [ScopeEntry.from_context(entry) for entry in scope["in_scope"]]
    out_of_scope = [ScopeEntry.from_context(entry) for entry in scope["out_of_scope"]]
    results = classify_items([ChangeItem(service="Managed Print", site="Leeds", quantity="2",
                                         description="Repair two multifunction printers")], in_scope, out_of_scope)
    context = results[0].to_context()
    ChangeRequestItemCtx.model_validate(context)
    assert context["classification"] == "in_scope"
    assert context["matched_scope"] == scope["in_scope"][0]


@pytest.mark.parametrize(
    ("description", "site", "in_scope", "out_of_scope", "expected"),
    [
        ("ADD 5 MULTIFUNCTION PRINTERS, at Leeds!", None, PRINT_IN, PRINT_OUT, "in_scope"),
        ("Stoerung am Netzwerkdrucker beseitigen", "Muenchen", DRUCK_IN, DRUCK_OUT, "in_scope"),
        ("Wartung der Multifunktionsdrucker.", "BERLIN", DRUCK_IN, DRUCK_OUT, "in_scope"),
    ],
)
def test_case_punctuation_and_umlaut_spelling_do_not_matter(description: str, site: str | None,
                                                            in_scope: list[ScopeEntry],
                                                            out_of_scope: list[ScopeEntry], expected: str) -> None:
    assert one(ChangeItem(site=site, description=description), in_scope, out_of_scope).classification == expected
