"""UI text of the change-request, price-review and generated-documents screens (merged into the catalogue).

Kept apart from docsvc/ui/i18n.py so screens built at the same time add to the catalogue without editing the
same lines; a key here must not repeat one of i18n.py's.
"""

from __future__ import annotations

EN_WORK: dict[str, str] = {
    "change_requests": "Change requests", "price_reviews": "Price reviews", "generated_docs": "Generated documents",
    "cr_new": "New change request", "cr_for_contract": "Contract", "cr_go": "Open",
    "cr_reference": "Reference", "cr_title": "Title", "cr_description": "Description", "cr_requester": "Requester",
    "cr_requester_hint": "Default: your name", "cr_implementation": "Implementation date",
    "cr_items": "Items", "cr_item": "Item", "cr_service": "Service", "cr_site": "Site", "cr_quantity": "Quantity",
    "cr_item_description": "What is to change", "cr_more_rows": "More item rows",
    "cr_impact": "Price impact", "cr_amount": "Amount", "cr_currency": "Currency (e.g. GBP)",
    "cr_frequency": "Frequency (e.g. monthly)", "cr_impact_description": "Price impact description",
    "cr_create": "Create change request", "cr_scope_check": "Scope check", "cr_classification": "Result",
    "cr_reason": "Reason", "cr_matched": "Matching scope entry", "cr_cl_in_scope": "in scope",
    "cr_cl_out_of_scope": "out of scope", "cr_cl_unclear": "unclear",
    "cr_st_draft": "draft", "cr_st_submitted": "submitted", "cr_st_approved": "approved", "cr_st_rejected": "rejected",
    "cr_submit": "Submit", "cr_approve": "Approve", "cr_reject": "Reject", "cr_decision_comment": "Decision comment",
    "cr_decided": "Decided", "cr_changed_meanwhile": "Someone else changed this change request meanwhile: it is "
    "now {state}. The page shows its current state.", "cr_form": "Change-request form",
    "cr_generate_form": "Generate the form", "cr_no_items": "Enter at least one item with a description.",
    "cr_summary": "Summary", "cr_decide_hint": "Approving or rejecting is for contract managers.",
    "pr_indices": "Index values", "pr_index": "Index", "pr_index_name": "Index name (e.g. CPI)",
    "pr_values": "Values (one period,value line each, e.g. 2025-06,137.1)", "pr_source": "Source (e.g. ONS D7BT)",
    "pr_source_col": "Source",
    "pr_store": "Store values", "pr_stored": "Stored: {inserted} new, {updated} corrected, {unchanged} unchanged.",
    "pr_period": "Period", "pr_count": "Values", "pr_first": "First period", "pr_last": "Last period",
    "pr_compute": "Compute a price review", "pr_review_date": "Review date", "pr_basis": "Basis",
    "pr_by_index": "Index change", "pr_by_percent": "Agreed percent", "pr_base_period": "Base period (YYYY-MM)",
    "pr_current_period": "Current period (YYYY-MM)", "pr_percent": "Percent",
    "pr_calculation": "Calculation", "pr_line": "Price item", "pr_unit": "Unit", "pr_old": "Old price",
    "pr_index_base": "Index base", "pr_index_current": "Index current", "pr_change": "Change",
    "pr_bound": "Cap / floor", "pr_new": "New price", "pr_difference": "Difference", "pr_raw": "Change before cap "
    "and floor", "pr_applied": "Percent applied", "pr_cap": "Cap", "pr_floor": "Floor", "pr_bound_cap":
    "cap applied", "pr_bound_floor": "floor applied", "pr_bound_none": "none applied", "pr_effective": "Effective from",
    "pr_warnings": "Warnings", "pr_letter": "Price-review letter", "pr_generate_letter": "Generate the letter",
    "pr_mode_index": "index", "pr_mode_percent": "percent", "pr_manage_indices": "Enter or correct index values",
    "pr_shared": "Index values are shared by all customers; only people not limited to a customer change them.",
    "pr_open_contract": "Choose a contract to compute a review for",
    "pr_state_applied": "applied", "pr_state_computed": "computed, not applied",
    "pr_in_effect": "Applied", "pr_not_applied": "Not applied: the contract's prices are unchanged until a contract "
    "manager applies this review.", "pr_apply": "Apply the new prices",
    "pr_apply_hint": "Billing checks use the latest applied review. A review is applied once.",
    "pr_apply_done": "The price review is applied: its new prices are in effect.",
    "pr_apply_already": "This price review has already been applied; it cannot be applied again.",
    "pr_apply_changed": "The review or its contract changed since this page was loaded. The page now shows the "
    "current state: check it and apply again.",
    "pr_apply_outdated": "The contract's prices or review clause changed since this review was computed. Compute a "
    "new review and apply that one.",
    "pr_apply_superseded": "A review with a later review date is already applied; applying this older one would put "
    "earlier prices back into effect.",
    "gd_provenance": "Provenance", "gd_template": "Template and version", "gd_contract": "Contract",
    "gd_source": "Made from", "gd_src_contract": "contract record", "gd_src_change_request": "change request",
    "gd_src_price_review": "price review", "gd_revision": "Record revision", "gd_previous": "Previous page",
    "doc_language": "Document language", "doc_language_default": "the contract's", "ready": "Ready:",
    "actions": "Actions",
}

DE_WORK: dict[str, str] = {
    "change_requests": "Änderungsanträge", "price_reviews": "Preisanpassungen", "generated_docs": "Erzeugte Dokumente",
    "cr_new": "Neuer Änderungsantrag", "cr_for_contract": "Vertrag", "cr_go": "Öffnen",
    "cr_reference": "Nummer", "cr_title": "Titel", "cr_description": "Beschreibung", "cr_requester": "Antragsteller",
    "cr_requester_hint": "Vorgabe: Ihr Name", "cr_implementation": "Umsetzungsdatum",
    "cr_items": "Positionen", "cr_item": "Position", "cr_service": "Leistung", "cr_site": "Standort",
    "cr_quantity": "Menge", "cr_item_description": "Was geändert werden soll",
    "cr_more_rows": "Weitere Positionszeilen",
    "cr_impact": "Preisauswirkung", "cr_amount": "Betrag", "cr_currency": "Währung (z. B. EUR)",
    "cr_frequency": "Turnus (z. B. monatlich)", "cr_impact_description": "Beschreibung der Preisauswirkung",
    "cr_create": "Änderungsantrag anlegen", "cr_scope_check": "Prüfung gegen den Leistungsumfang",
    "cr_classification": "Ergebnis", "cr_reason": "Begründung", "cr_matched": "Passender Eintrag im Leistungsumfang",
    "cr_cl_in_scope": "im Umfang", "cr_cl_out_of_scope": "außerhalb des Umfangs", "cr_cl_unclear": "unklar",
    "cr_st_draft": "Entwurf", "cr_st_submitted": "eingereicht", "cr_st_approved": "genehmigt",
    "cr_st_rejected": "abgelehnt", "cr_submit": "Einreichen", "cr_approve": "Genehmigen", "cr_reject": "Ablehnen",
    "cr_decision_comment": "Kommentar zur Entscheidung", "cr_decided": "Entschieden",
    "cr_changed_meanwhile": "Jemand anderes hat diesen Änderungsantrag inzwischen geändert: er ist jetzt {state}. "
    "Die Seite zeigt den aktuellen Stand.", "cr_form": "Änderungsformular",
    "cr_generate_form": "Formular erzeugen", "cr_no_items": "Mindestens eine Position mit Beschreibung angeben.",
    "cr_summary": "Übersicht", "cr_decide_hint": "Genehmigen oder Ablehnen ist Sache der Vertragsmanager.",
    "pr_indices": "Indexwerte", "pr_index": "Index", "pr_index_name": "Indexname (z. B. VPI)",
    "pr_values": "Werte (je Zeile Zeitraum,Wert, z. B. 2025-06,137.1)", "pr_source": "Quelle (z. B. Destatis 61111)",
    "pr_source_col": "Quelle",
    "pr_store": "Werte speichern",
    "pr_stored": "Gespeichert: {inserted} neu, {updated} korrigiert, {unchanged} unverändert.",
    "pr_period": "Zeitraum", "pr_count": "Werte", "pr_first": "Erster Zeitraum", "pr_last": "Letzter Zeitraum",
    "pr_compute": "Preisanpassung berechnen", "pr_review_date": "Anpassungsdatum", "pr_basis": "Grundlage",
    "pr_by_index": "Indexänderung", "pr_by_percent": "Vereinbarter Prozentsatz",
    "pr_base_period": "Basiszeitraum (JJJJ-MM)", "pr_current_period": "Aktueller Zeitraum (JJJJ-MM)",
    "pr_percent": "Prozent", "pr_calculation": "Berechnung", "pr_line": "Preisposition", "pr_unit": "Einheit",
    "pr_old": "Bisheriger Preis", "pr_index_base": "Index Basis", "pr_index_current": "Index aktuell",
    "pr_change": "Änderung", "pr_bound": "Ober-/Untergrenze", "pr_new": "Neuer Preis", "pr_difference": "Differenz",
    "pr_raw": "Änderung vor Ober- und Untergrenze", "pr_applied": "Angewandter Prozentsatz", "pr_cap": "Obergrenze",
    "pr_floor": "Untergrenze", "pr_bound_cap": "Obergrenze angewandt", "pr_bound_floor": "Untergrenze angewandt",
    "pr_bound_none": "keine angewandt", "pr_effective": "Gültig ab", "pr_warnings": "Hinweise",
    "pr_letter": "Preisanpassungsschreiben", "pr_generate_letter": "Schreiben erzeugen", "pr_mode_index": "Index",
    "pr_mode_percent": "Prozentsatz", "pr_manage_indices": "Indexwerte eingeben oder korrigieren",
    "pr_shared": "Indexwerte gelten für alle Kunden; nur Personen ohne Kundenbeschränkung ändern sie.",
    "pr_open_contract": "Vertrag wählen, für den eine Anpassung berechnet werden soll",
    "pr_state_applied": "in Kraft gesetzt", "pr_state_computed": "berechnet, nicht in Kraft",
    "pr_in_effect": "In Kraft gesetzt", "pr_not_applied": "Nicht in Kraft gesetzt: die Preise des Vertrags bleiben "
    "unverändert, bis ein Vertragsmanager diese Anpassung in Kraft setzt.", "pr_apply": "Neue Preise in Kraft setzen",
    "pr_apply_hint": "Abrechnungsprüfungen verwenden die zuletzt in Kraft gesetzte Anpassung. Eine Anpassung wird "
    "nur einmal in Kraft gesetzt.",
    "pr_apply_done": "Die Preisanpassung ist in Kraft gesetzt: ihre neuen Preise gelten.",
    "pr_apply_already": "Diese Preisanpassung ist bereits in Kraft gesetzt; sie kann nicht noch einmal in Kraft "
    "gesetzt werden.",
    "pr_apply_changed": "Die Anpassung oder ihr Vertrag wurde geändert, seit diese Seite geladen wurde. Die Seite "
    "zeigt jetzt den aktuellen Stand: bitte prüfen und erneut in Kraft setzen.",
    "pr_apply_outdated": "Die Preise oder die Anpassungsklausel des Vertrags wurden geändert, seit diese Anpassung "
    "berechnet wurde. Bitte eine neue Anpassung berechnen und diese in Kraft setzen.",
    "pr_apply_superseded": "Eine Anpassung mit späterem Anpassungsdatum ist bereits in Kraft gesetzt; diese ältere "
    "würde frühere Preise wieder in Kraft setzen.",
    "gd_provenance": "Herkunft", "gd_template": "Vorlage und Version", "gd_contract": "Vertrag",
    "gd_source": "Erzeugt aus", "gd_src_contract": "Vertragsdaten", "gd_src_change_request": "Änderungsantrag",
    "gd_src_price_review": "Preisanpassung", "gd_revision": "Stand der Vertragsdaten", "gd_previous": "Vorige Seite",
    "doc_language": "Dokumentsprache", "doc_language_default": "die des Vertrags", "ready": "Fertig:",
    "actions": "Aktionen",
}
