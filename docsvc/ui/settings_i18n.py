"""Texts of the settings screens (organisation, user editing, customer addresses), kept apart from the main
catalogue (docsvc/ui/i18n.py) so screens added in parallel do not edit one dict; merged into ``ui.t`` per page."""

from __future__ import annotations

EN: dict[str, str] = {
    "organisation": "Organisation", "org_name": "Company name", "org_address": "Address (one line per line)",
    "signatory": "Default signatory", "signatory_hint": "Empty: the person who generates the document signs.",
    "formats": "Date and number formats", "date_format": "Date format", "number_format": "Number format",
    "date_format_hint": "CLDR pattern, e.g. d MMMM y or dd.MM.yyyy", "example": "Example",
    "lang_en": "English documents", "lang_de": "German documents", "save": "Save",
    "logo": "Logo", "logo_hint": "PNG or JPEG, at most 512 KB", "upload_logo": "Upload logo",
    "remove_logo": "Remove logo", "no_logo": "No logo yet.", "from_environment":
    "Not saved yet: these are the installation's defaults (DOCSVC_ORGANISATION_*).",
    "changed_meanwhile": "Someone else changed the settings meanwhile. The page now shows their version; please "
    "apply your change again.", "edit": "Edit", "edit_user": "Edit user", "enable": "Enable",
    "reset_password": "Reset password", "new_password": "New password", "browser_language": "Browser",
    "customer_addresses": "Customer addresses", "customer_address": "Postal address (one line per line)",
    "address_hint": "Printed in letters under the customer's name when the contract's party block has none.",
}

DE: dict[str, str] = {
    "organisation": "Organisation", "org_name": "Firmenname", "org_address": "Anschrift (eine Zeile je Zeile)",
    "signatory": "Unterzeichner", "signatory_hint": "Leer: Es unterschreibt, wer das Dokument erzeugt.",
    "formats": "Datums- und Zahlenformate", "date_format": "Datumsformat", "number_format": "Zahlenformat",
    "date_format_hint": "CLDR-Muster, z. B. d. MMMM y oder dd.MM.yyyy", "example": "Beispiel",
    "lang_en": "Englische Dokumente", "lang_de": "Deutsche Dokumente", "save": "Speichern",
    "logo": "Logo", "logo_hint": "PNG oder JPEG, höchstens 512 KB", "upload_logo": "Logo hochladen",
    "remove_logo": "Logo entfernen", "no_logo": "Noch kein Logo.", "from_environment":
    "Noch nicht gespeichert: Dies sind die Vorgaben der Installation (DOCSVC_ORGANISATION_*).",
    "changed_meanwhile": "Jemand anderes hat die Einstellungen inzwischen geändert. Die Seite zeigt jetzt diese "
    "Fassung; bitte die Änderung erneut vornehmen.", "edit": "Bearbeiten", "edit_user": "Benutzer bearbeiten",
    "enable": "Entsperren", "reset_password": "Passwort zurücksetzen", "new_password": "Neues Passwort",
    "browser_language": "Browser", "customer_addresses": "Kundenanschriften",
    "customer_address": "Postanschrift (eine Zeile je Zeile)",
    "address_hint": "Wird in Briefen unter dem Kundennamen gedruckt, wenn der Vertrag selbst keine Anschrift nennt.",
}


def settings_texts(language: str) -> dict[str, str]:
    return {**EN, **(DE if language == "de" else {})}
