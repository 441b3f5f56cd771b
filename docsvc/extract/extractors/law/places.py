"""Jurisdiction vocabulary for the governing-law rule: place names and adjectives (EN + DE) → English name.

Only names in this list are accepted as a governing law, which is what keeps the rule precise: "laws of the
State of Delaware" yields "Delaware", while "laws of your country of residence" or "laws of physics" yield
nothing. The list covers US states, Canadian provinces, Australian states, the UK nations and the countries
contracts usually choose, each with its German spelling.
"""

from __future__ import annotations

import re

US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "District of Columbia",
)
OTHER_REGIONS = (
    "Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba", "Nova Scotia", "New South Wales", "Victoria",
    "Queensland", "Western Australia", "Scotland", "Northern Ireland", "Hong Kong", "Macau", "Puerto Rico",
    "Bermuda", "Cayman Islands", "British Virgin Islands", "Jersey", "Guernsey", "Isle of Man", "Gibraltar",
)
COUNTRIES = (
    "Argentina", "Australia", "Austria", "Belgium", "Brazil", "Bulgaria", "Canada", "Chile", "China", "Colombia",
    "Croatia", "Cyprus", "Czech Republic", "Denmark", "Estonia", "Finland", "France", "Germany", "Greece",
    "Hungary", "Iceland", "India", "Indonesia", "Ireland", "Israel", "Italy", "Japan", "Korea", "Latvia",
    "Liechtenstein", "Lithuania", "Luxembourg", "Malaysia", "Malta", "Mexico", "Monaco", "Netherlands",
    "New Zealand", "Norway", "Papua New Guinea", "Peru", "Philippines", "Poland", "Portugal", "Romania", "Russia",
    "Singapore", "Slovakia", "Slovenia", "South Africa", "Spain", "Sweden", "Switzerland", "Taiwan", "Thailand",
    "Turkey", "Ukraine", "United Arab Emirates", "Vietnam", "England and Wales", "Wales", "United Kingdom",
    "United States",
)

# Other spellings (English variants and German names) of the places above.
ALIASES = {
    # English law is the law of England and Wales, however a contract names it.
    "England": "England and Wales", "England & Wales": "England and Wales",
    "the Netherlands": "Netherlands", "Holland": "Netherlands",
    "People's Republic of China": "China", "PRC": "China", "Republic of Korea": "Korea", "South Korea": "Korea",
    "UK": "United Kingdom", "Great Britain": "United Kingdom", "USA": "United States",
    "United States of America": "United States", "Hong Kong SAR": "Hong Kong",
    # German
    "Deutschland": "Germany", "Bundesrepublik Deutschland": "Germany", "Österreich": "Austria",
    "Republik Österreich": "Austria", "Schweiz": "Switzerland", "Schweizerischen Eidgenossenschaft": "Switzerland",
    "Luxemburg": "Luxembourg", "Irland": "Ireland", "Republik Irland": "Ireland", "Frankreich": "France",
    "Niederlande": "Netherlands", "Niederlanden": "Netherlands", "Belgien": "Belgium", "Schweden": "Sweden",
    "Finnland": "Finland", "Dänemark": "Denmark", "Norwegen": "Norway", "Spanien": "Spain", "Italien": "Italy",
    "Polen": "Poland", "Tschechien": "Czech Republic", "Ungarn": "Hungary", "Griechenland": "Greece",
    "Kanada": "Canada", "Australien": "Australia", "Singapur": "Singapore", "Hongkong": "Hong Kong",
    "Japan": "Japan", "Indien": "India", "Brasilien": "Brazil", "Mexiko": "Mexico", "Russland": "Russia",
    "Türkei": "Turkey", "Zypern": "Cyprus", "Kroatien": "Croatia", "Rumänien": "Romania", "Bulgarien": "Bulgaria",
    "Slowakei": "Slovakia", "Slowenien": "Slovenia", "Estland": "Estonia", "Lettland": "Latvia",
    "Litauen": "Lithuania", "Island": "Iceland", "Neuseeland": "New Zealand", "Südafrika": "South Africa",
    "England und Wales": "England and Wales", "Vereinigtes Königreich": "United Kingdom",
    "Vereinigten Königreich": "United Kingdom", "Vereinigten Königreichs": "United Kingdom",
    "Großbritannien": "United Kingdom", "Schottland": "Scotland", "Nordirland": "Northern Ireland",
    "Vereinigte Staaten": "United States", "Vereinigten Staaten": "United States",
    "Vereinigten Staaten von Amerika": "United States", "Kalifornien": "California", "Pennsylvanien": "Pennsylvania",
    "Nord-Carolina": "North Carolina", "Süd-Carolina": "South Carolina", "Neu-Mexiko": "New Mexico",
}

# Adjectives that name a legal system: "English law", "deutsches Recht", "österreichischem Recht".
ADJECTIVES = {
    "english": "England and Wales", "scottish": "Scotland",
    "scots": "Scotland", "irish": "Ireland", "german": "Germany",
    "austrian": "Austria", "swiss": "Switzerland", "french": "France", "dutch": "Netherlands",
    "belgian": "Belgium", "luxembourg": "Luxembourg", "luxembourgish": "Luxembourg", "swedish": "Sweden",
    "finnish": "Finland", "danish": "Denmark", "norwegian": "Norway", "spanish": "Spain", "italian": "Italy",
    "polish": "Poland", "israeli": "Israel", "japanese": "Japan", "singaporean": "Singapore",
    "californian": "California", "canadian": "Canada", "australian": "Australia",
    "deutsch": "Germany", "österreichisch": "Austria", "schweizerisch": "Switzerland", "schweizer": "Switzerland",
    "luxemburgisch": "Luxembourg", "irisch": "Ireland", "englisch": "England and Wales", "französisch": "France",
    "niederländisch": "Netherlands", "belgisch": "Belgium", "schwedisch": "Sweden", "finnisch": "Finland",
    "dänisch": "Denmark", "norwegisch": "Norway", "spanisch": "Spain", "italienisch": "Italy",
    "polnisch": "Poland", "israelisch": "Israel", "liechtensteinisch": "Liechtenstein", "tschechisch": "Czech Republic",
    "kalifornisch": "California", "schottisch": "Scotland", "japanisch": "Japan",
}

_CANONICAL = {name: name for name in (*US_STATES, *OTHER_REGIONS, *COUNTRIES)} | ALIASES
_BY_LOWER = {k.lower(): v for k, v in _CANONICAL.items()}
# Longest names first so "New York" wins over "York" and "England and Wales" over "England".
_PLACE_ALT = "|".join(re.escape(k) for k in sorted(_CANONICAL, key=len, reverse=True))
PLACE_PATTERN = f"(?:{_PLACE_ALT})"
# German adjectives inflect ("deutsches", "deutschem", "deutschen"); English ones do not.
ADJECTIVE_PATTERN = "(?:" + "|".join(sorted(map(re.escape, ADJECTIVES), key=len, reverse=True)) + r")(?:e[smnr]?)?"


_INFLECTION_RE = re.compile(r"e[smnr]?$")


def place_name(text: str) -> str | None:
    """The English name of a place name as written (case as in the lists; "PRC" stays upper case)."""
    return _BY_LOWER.get(text.lower())


def adjective_place(text: str) -> str | None:
    word = text.lower()
    if word in ADJECTIVES:
        return ADJECTIVES[word]
    stem = _INFLECTION_RE.sub("", word)
    return ADJECTIVES.get(stem)
