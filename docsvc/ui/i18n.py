"""The workbench's message catalogue (English and German) and the choice of language.

A person's own setting wins; otherwise the browser's Accept-Language; otherwise English. Messages missing in
German fall back to English, so a new screen never shows a raw key.
"""

from __future__ import annotations

from docsvc.ui.i18n_work import DE_WORK, EN_WORK

EN: dict[str, str] = {
    "app": "docsvc workbench", "nav": "Main navigation", "skip": "Skip to content",
    "dashboard": "Dashboard", "upload": "Upload", "contracts": "Contracts", "templates": "Templates",
    "settings": "Settings", "users": "Users", "keys": "API keys", "sign_in": "Sign in", "sign_out": "Sign out",
    "email": "E-mail", "password": "Password", "or_key": "Or, for the first sign-in of a new installation:",
    "api_key": "Admin API key", "signed_in_as": "Signed in as",
    "bad_sign_in": "The e-mail and password (or key) do not match an active account.",
    "throttled": "Too many failed sign-ins. Try again in {seconds} seconds.",
    "form_expired": "This form has expired. Reload the page and try again.",
    "processing": "Documents being processed", "newest": "Newest contracts", "expiring": "Upcoming deadlines (90 days)",
    "needs_review": "Contracts needing review", "unreviewed_mark": "computed from unreviewed values",
    "dl_notice": "last day to give notice", "dl_expiry": "expiry", "dl_renewal": "renewal",
    "dl_price_review": "price review", "dl_price_review_notice": "price-review notice", "dl_novation": "novation",
    "generated": "Recently generated documents", "nothing": "Nothing here yet.",
    "status": "Status", "title": "Title", "type": "Type", "customer": "Customer", "effective": "Effective",
    "expires": "Expires", "file": "File", "open": "Open", "download": "Download",
    "choose_files": "Choose PDF or DOCX files (several at once), or drop them here",
    "drop_here": "Drop files here", "start_upload": "Upload", "duplicate": "Already uploaded: this is the same file.",
    "search": "Search", "text": "Title or party", "in_force_on": "In force on", "any": "any",
    "filter": "Filter", "next": "Next page", "first": "First page",
    "record": "Contract record", "page_image": "Document", "evidence": "Evidence", "value": "Value",
    "review": "Review", "accept": "Accept", "correct": "Correct", "reject": "Reject", "comment": "Comment",
    "new_value": "New value", "history": "History",
    "lineage": "Lineage", "amends": "This contract amends or novates", "amended_by": "Amended or novated by",
    "parties_on": "Parties in force on", "show_date": "Show", "proposed_link": "proposed, not yet confirmed",
    "no_lineage": "No amendments or novations are linked to this contract.", "changed_by_other":
    "Someone else changed this contract while you were looking at it. The page now shows the current values; "
    "please review again.", "saved": "Saved.", "no_page": "No page image for this document.",
    "general": "General",
    "parties": "Parties", "term": "Term", "law": "Governing law", "sla": "SLA matrix", "credits": "Service credits",
    "prices": "Prices", "scope": "Scope", "novation": "Novation and changes", "other": "Other fields",
    "state": "State", "confidence": "confidence", "accept_table": "Accept whole table",
    "add_row": "Add a missed row", "add": "Add row", "save_correction": "Save correction",
    "add_row_hint": "Select the words in the document (or click the page where they are) to fill the quote and "
    "evidence.", "quote": "Quote", "page": "Page", "bbox": "Box on the page (x0 top x1 bottom, points)",
    "paragraph": "Paragraph (DOCX)", "review_status": "Review status", "rs_needs_review": "needs review",
    "rs_in_review": "in review", "rs_reviewed": "reviewed", "mark_reviewed": "Mark contract reviewed",
    "st_pending": "pending", "st_accepted": "accepted", "st_corrected": "corrected", "st_rejected": "rejected",
    "st_added": "added", "invalid": "Not saved: see the message next to the form.",
    "nothing_pending": "No pending rows left in this table.",
    "generate": "Generate a document", "template": "Template", "format": "Format",
    "extra_fields": "Extra fields (one name=value per line)", "version": "Version", "versions": "Versions",
    "report": "Validation report", "upload_version": "Upload a new version", "name": "Name", "kind": "Kind",
    "language": "Language", "errors": "Errors", "warnings": "Warnings", "created": "Created", "by": "By",
    "display_name": "Display name", "role": "Role", "create_user": "Create user", "disable": "Disable",
    "disabled": "disabled", "create_key": "Create key", "revoke": "Revoke", "revoked": "revoked",
    "key_once": "Copy this key now; it is not shown again:", "no_customer": "(all customers)",
    "forbidden": "Your role does not allow this.", "not_found": "Not found.", "error": "Something went wrong",
    "status_409": "This conflicts with the current state.", "status_412": "Someone else changed this meanwhile.",
    "status_413": "The file or form is too large.", "status_415": "This file type is not accepted.",
    "status_422": "The input cannot be used.", "status_429": "Too many requests; wait a moment and try again.",
    "status_503": "The service is busy; try again shortly.", "details": "Details",
    "back": "Back", "when": "When", "who": "Who", "what": "What", "prepared_by": "Prepared by", "refused": "Refused",
    "none": "none",
}

DE: dict[str, str] = {
    "app": "docsvc Arbeitsplatz", "nav": "Hauptnavigation", "skip": "Zum Inhalt springen",
    "dashboard": "Übersicht", "upload": "Hochladen", "contracts": "Verträge", "templates": "Vorlagen",
    "settings": "Einstellungen", "users": "Benutzer", "keys": "API-Schlüssel", "sign_in": "Anmelden",
    "sign_out": "Abmelden", "email": "E-Mail", "password": "Passwort",
    "or_key": "Oder, für die erste Anmeldung einer neuen Installation:", "api_key": "Admin-API-Schlüssel",
    "signed_in_as": "Angemeldet als",
    "bad_sign_in": "E-Mail und Passwort (oder Schlüssel) passen zu keinem aktiven Konto.",
    "throttled": "Zu viele fehlgeschlagene Anmeldungen. Bitte in {seconds} Sekunden erneut versuchen.",
    "form_expired": "Dieses Formular ist abgelaufen. Bitte die Seite neu laden und erneut versuchen.",
    "processing": "Dokumente in Verarbeitung", "newest": "Neueste Verträge", "expiring": "Anstehende Fristen (90 Tage)",
    "needs_review": "Zu prüfende Verträge", "unreviewed_mark": "aus ungeprüften Werten berechnet",
    "dl_notice": "letzter Kündigungstag", "dl_expiry": "Vertragsende", "dl_renewal": "Verlängerung",
    "dl_price_review": "Preisanpassung", "dl_price_review_notice": "Ankündigung der Preisanpassung",
    "dl_novation": "Vertragsübernahme",
    "generated": "Zuletzt erzeugte Dokumente", "nothing": "Noch nichts vorhanden.",
    "status": "Status", "title": "Titel", "type": "Art", "customer": "Kunde", "effective": "Beginn",
    "expires": "Ende", "file": "Datei", "open": "Öffnen", "download": "Herunterladen",
    "choose_files": "PDF- oder DOCX-Dateien wählen (mehrere möglich) oder hierher ziehen",
    "drop_here": "Dateien hier ablegen", "start_upload": "Hochladen",
    "duplicate": "Bereits hochgeladen: dieselbe Datei.", "search": "Suchen", "text": "Titel oder Partei",
    "in_force_on": "Gültig am", "any": "alle", "filter": "Filtern", "next": "Nächste Seite", "first": "Erste Seite",
    "record": "Vertragsdaten", "page_image": "Dokument", "evidence": "Fundstelle", "value": "Wert",
    "review": "Prüfen", "accept": "Bestätigen", "correct": "Korrigieren", "reject": "Verwerfen",
    "comment": "Kommentar", "new_value": "Neuer Wert", "history": "Verlauf",
    "lineage": "Vertragskette", "amends": "Dieser Vertrag ändert oder überträgt",
    "amended_by": "Geändert oder übertragen durch", "parties_on": "Vertragsparteien am", "show_date": "Anzeigen",
    "proposed_link": "vorgeschlagen, noch nicht bestätigt",
    "no_lineage": "Mit diesem Vertrag sind keine Änderungen oder Übertragungen verknüpft.", "changed_by_other":
    "Jemand anderes hat diesen Vertrag inzwischen geändert. Die Seite zeigt jetzt die aktuellen Werte; bitte "
    "erneut prüfen.", "saved": "Gespeichert.", "no_page": "Kein Seitenbild für dieses Dokument.",
    "general": "Allgemein", "parties": "Parteien", "term": "Laufzeit", "law": "Anwendbares Recht", "sla": "SLA-Matrix",
    "credits": "Gutschriften", "prices": "Preise", "scope": "Leistungsumfang", "novation": "Übertragung und Änderungen",
    "other": "Weitere Felder",
    "state": "Status", "confidence": "Sicherheit", "accept_table": "Ganze Tabelle bestätigen",
    "add_row": "Fehlende Zeile hinzufügen", "add": "Zeile hinzufügen", "save_correction": "Korrektur speichern",
    "add_row_hint": "Die Wörter im Dokument markieren (oder auf die Stelle der Seite klicken), um Zitat und "
    "Fundstelle auszufüllen.", "quote": "Zitat", "page": "Seite",
    "bbox": "Bereich auf der Seite (x0 oben x1 unten, Punkt)",
    "paragraph": "Absatz (DOCX)", "review_status": "Prüfstatus", "rs_needs_review": "ungeprüft",
    "rs_in_review": "in Prüfung", "rs_reviewed": "geprüft", "mark_reviewed": "Vertrag als geprüft markieren",
    "st_pending": "offen", "st_accepted": "bestätigt", "st_corrected": "korrigiert", "st_rejected": "verworfen",
    "st_added": "ergänzt", "invalid": "Nicht gespeichert: siehe die Meldung beim Formular.",
    "nothing_pending": "In dieser Tabelle sind keine offenen Zeilen mehr.",
    "generate": "Dokument erzeugen", "template": "Vorlage", "format": "Format",
    "extra_fields": "Zusätzliche Felder (ein name=wert pro Zeile)", "version": "Version", "versions": "Versionen",
    "report": "Prüfbericht", "upload_version": "Neue Version hochladen", "name": "Name", "kind": "Art",
    "language": "Sprache", "errors": "Fehler", "warnings": "Warnungen", "created": "Erstellt", "by": "Von",
    "display_name": "Anzeigename", "role": "Rolle", "create_user": "Benutzer anlegen", "disable": "Sperren",
    "disabled": "gesperrt", "create_key": "Schlüssel anlegen", "revoke": "Widerrufen", "revoked": "widerrufen",
    "key_once": "Diesen Schlüssel jetzt kopieren; er wird nicht wieder angezeigt:", "no_customer": "(alle Kunden)",
    "forbidden": "Ihre Rolle erlaubt das nicht.", "not_found": "Nicht gefunden.", "error": "Etwas ist schiefgegangen",
    "status_409": "Das widerspricht dem aktuellen Stand.",
    "status_412": "Jemand anderes hat das inzwischen geändert. Bitte neu laden.",
    "status_413": "Die Datei oder das Formular ist zu groß.", "status_415": "Dieser Dateityp wird nicht angenommen.",
    "status_422": "Die Eingabe kann nicht verwendet werden.",
    "status_429": "Zu viele Anfragen; bitte kurz warten und erneut versuchen.",
    "status_503": "Der Dienst ist ausgelastet; bitte gleich erneut versuchen.", "details": "Details",
    "back": "Zurück", "when": "Wann", "who": "Wer", "what": "Was", "prepared_by": "Erstellt von",
    "refused": "Abgelehnt", "none": "keine",
}

# The change-request, price-review and generated-documents screens (docsvc/ui/i18n_work.py).
EN |= EN_WORK
DE |= DE_WORK
CATALOGUES = {"en": EN, "de": DE}


def pick_language(setting: str | None, accept_language: str | None) -> str:
    if setting in CATALOGUES:
        return setting
    best, best_q = "en", -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower()[:2]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if lang in CATALOGUES and q > best_q:
            best, best_q = lang, q
    return best


def translator(language: str) -> dict[str, str]:
    return {**EN, **CATALOGUES.get(language, EN)}
