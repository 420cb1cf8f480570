"""How people write a country in a member list, beyond its codes: its name in the
languages the diaspora's lists are written in (from CLDR, through Babel), and the
everyday names CLDR does not give (UK, England, USA, США, РФ, Holland, Turkey as
English wrote it until 2022, Белоруссия)."""

from babel import Locale

# The languages of the countries the diaspora lives in, and the homeland's neighbours.
LIST_LANGUAGES = (
    "az", "ru", "en", "tr", "de", "fr", "uk", "be", "kk", "ky", "uz", "ka", "fa", "ar",
    "es", "it", "nl", "pl", "sv", "nb", "da", "fi", "cs", "he", "pt", "ro", "hu", "el",
    "bg", "sr", "hr", "lt", "lv", "et", "tk", "tg", "hy",
)  # fmt: skip

EVERYDAY = {
    "GB": [
        "UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
        "Northern Ireland", "Англия", "Британия", "Соединённое Королевство",
        "Соединенное Королевство", "Böyük Britaniya", "İngiltərə", "Şotlandiya",
    ],
    "US": ["USA", "U.S.A.", "US", "U.S.", "America", "США", "Америка", "ABŞ", "Amerika"],
    "RU": ["РФ", "Российская Федерация", "Russian Federation", "Rusiya Federasiyası"],
    "TR": ["Turkey", "Türkiye Cumhuriyeti", "Türkei"],
    "NL": ["Holland", "Голландия", "Hollandiya"],
    "BY": ["Белоруссия", "Belorussia", "Byelorussia"],
    "KG": ["Киргизия", "Kirgiziya", "Kirghizia"],
    "MD": ["Молдавия", "Moldavia"],
    "AE": ["UAE", "U.A.E.", "ОАЭ", "BƏƏ", "Emirates", "Эмираты"],
    "CZ": ["Czech Republic", "Чешская Республика"],
    "IR": ["Persia", "Персия", "İran İslam Respublikası"],
    "KR": ["South Korea", "Республика Корея"],
    "MK": ["Macedonia", "Македония"],
    "CI": ["Ivory Coast"],
}  # fmt: skip


def spellings(code: str) -> list[str]:
    """The ways a list may write the country with this two-letter code."""
    names = [Locale.parse(language).territories.get(code, "") for language in LIST_LANGUAGES]
    return [name for name in [*names, *EVERYDAY.get(code, [])] if name]
