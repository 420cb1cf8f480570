"""How the demo network names its organisations, in the three interface languages."""

from typing import NamedTuple


class Words(NamedTuple):
    en: str
    az: str
    ru: str


# Names that Azerbaijani associations abroad commonly take: places, poets, symbols.
MOTTOS = (
    Words("Vatan", "Vətən", "Ватан"),
    Words("Odlar Yurdu", "Odlar Yurdu", "Одлар Юрду"),
    Words("Karabakh", "Qarabağ", "Карабах"),
    Words("Khazar", "Xəzər", "Хазар"),
    Words("Shusha", "Şuşa", "Шуша"),
    Words("Araz", "Araz", "Араз"),
    Words("Kapaz", "Kəpəz", "Кяпаз"),
    Words("Goygol", "Göygöl", "Гёйгёль"),
    Words("Novruz", "Novruz", "Новруз"),
    Words("Dede Gorgud", "Dədə Qorqud", "Деде Горгуд"),
    Words("Nizami", "Nizami", "Низами"),
    Words("Fuzuli", "Füzuli", "Физули"),
    Words("Natavan", "Natəvan", "Натаван"),
    Words("Uzeyir", "Üzeyir", "Узеир"),
    Words("Birlik", "Birlik", "Бирлик"),
    Words("Korpu", "Körpü", "Кёрпю"),
    Words("Chinar", "Çinar", "Чинар"),
    Words("Ojag", "Ocaq", "Оджаг"),
    Words("Yurd", "Yurd", "Юрд"),
    Words("Tabriz", "Təbriz", "Тебриз"),
    Words("Nakhchivan", "Naxçıvan", "Нахчыван"),
    Words("Lachin", "Laçın", "Лачин"),
    Words("Kharibulbul", "Xarıbülbül", "Харыбюльбюль"),
    Words("Gobustan", "Qobustan", "Гобустан"),
    Words("Ganja", "Gəncə", "Гянджа"),
    Words("Sabah", "Sabah", "Сабах"),
    Words("Ayna", "Ayna", "Айна"),
    Words("Mugham", "Muğam", "Мугам"),
)

FOCUS_PHRASES = {
    "general": Words("Azerbaijani Community", "Azərbaycan İcması", "Азербайджанская община"),
    "cultural": Words(
        "Azerbaijani Cultural Centre",
        "Azərbaycan Mədəniyyət Mərkəzi",
        "Азербайджанский культурный центр",
    ),
    "youth": Words(
        "Azerbaijani Youth Union", "Azərbaycan Gənclər Birliyi", "Союз азербайджанской молодёжи"
    ),
    "women": Words(
        "Azerbaijani Women's Council", "Azərbaycan Qadınlar Şurası", "Совет азербайджанских женщин"
    ),
    "student": Words(
        "Azerbaijani Students' Association",
        "Azərbaycan Tələbələr Assosiasiyası",
        "Ассоциация азербайджанских студентов",
    ),
    "business": Words(
        "Azerbaijani Business Club", "Azərbaycan Biznes Klubu", "Азербайджанский бизнес-клуб"
    ),
    "media": Words(
        "Azerbaijani Media Centre", "Azərbaycan Media Mərkəzi", "Азербайджанский медиацентр"
    ),
    "religious": Words(
        "Azerbaijani Religious Community",
        "Azərbaycan Dini İcması",
        "Азербайджанская религиозная община",
    ),
    "professional": Words(
        "Association of Azerbaijani Professionals",
        "Azərbaycanlı Mütəxəssislər Assosiasiyası",
        "Ассоциация азербайджанских специалистов",
    ),
}


def council(country: Words) -> Words:
    return Words(
        f"Coordination Council of Azerbaijanis in {country.en}",
        f"{country.az} Azərbaycanlılarının Koordinasiya Şurası",
        f"Координационный совет азербайджанцев ({country.ru})",
    )


def house(city: Words) -> Words:
    return Words(
        f"Azerbaijan House in {city.en}",
        f"{city.az} Azərbaycan Evi",
        f"Дом Азербайджана ({city.ru})",
    )


def school(city: Words, number: int, karabakh: bool) -> Words:
    if karabakh:
        return Words(
            f"Karabakh Sunday School No. {number}, {city.en}",
            f"“Qarabağ” {number} nömrəli bazar günü məktəbi ({city.az})",
            f"Воскресная школа «Карабах» № {number} ({city.ru})",
        )
    return Words(
        f"Azerbaijani Sunday School No. {number}, {city.en}",
        f"{number} nömrəli Azərbaycan bazar günü məktəbi ({city.az})",
        f"Азербайджанская воскресная школа № {number} ({city.ru})",
    )


def association(focus: str, motto: Words, city: Words) -> Words:
    phrase = FOCUS_PHRASES[focus]
    return Words(
        f"{phrase.en} “{motto.en}”, {city.en}",
        f"“{motto.az}” {phrase.az} ({city.az})",
        f"{phrase.ru} «{motto.ru}» ({city.ru})",
    )
