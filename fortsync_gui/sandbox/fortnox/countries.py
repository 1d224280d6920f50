"""Country names Fortnox derives from country codes (a POST with ``CountryCode:"SE"`` returns ``"Country":"Sverige"``).

Fortnox uses Swedish names. Codes outside this table are accepted and get an empty name.
"""

from __future__ import annotations

NAMES: dict[str, str] = {
    "AD": "Andorra", "AE": "Förenade Arabemiraten", "AR": "Argentina", "AT": "Österrike", "AU": "Australien",
    "BA": "Bosnien och Hercegovina", "BE": "Belgien", "BG": "Bulgarien", "BR": "Brasilien", "BY": "Belarus",
    "CA": "Kanada", "CH": "Schweiz", "CL": "Chile", "CN": "Kina", "CY": "Cypern", "CZ": "Tjeckien",
    "DE": "Tyskland", "DK": "Danmark", "EE": "Estland", "EG": "Egypten", "ES": "Spanien", "FI": "Finland",
    "FO": "Färöarna", "FR": "Frankrike", "GB": "Storbritannien", "GL": "Grönland", "GR": "Grekland",
    "HK": "Hongkong", "HR": "Kroatien", "HU": "Ungern", "IE": "Irland", "IL": "Israel", "IN": "Indien",
    "IS": "Island", "IT": "Italien", "JP": "Japan", "KR": "Sydkorea", "LI": "Liechtenstein", "LT": "Litauen",
    "LU": "Luxemburg", "LV": "Lettland", "MA": "Marocko", "MC": "Monaco", "MT": "Malta", "MX": "Mexiko",
    "NL": "Nederländerna", "NO": "Norge", "NZ": "Nya Zeeland", "PL": "Polen", "PT": "Portugal", "RO": "Rumänien",
    "RS": "Serbien", "RU": "Ryssland", "SA": "Saudiarabien", "SE": "Sverige", "SG": "Singapore", "SI": "Slovenien",
    "SK": "Slovakien", "TH": "Thailand", "TR": "Turkiet", "UA": "Ukraina", "US": "USA", "VA": "Vatikanstaten",
    "ZA": "Sydafrika",
}


def name_of(code: str | None) -> str | None:
    """The Swedish name for a country code; ``None`` when there is no code (Fortnox's ``null``)."""
    if not code:
        return None
    return NAMES.get(code.upper(), "")
