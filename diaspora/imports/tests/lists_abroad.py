"""Member lists as organisations abroad send them: their language's headers, their
encoding, phones written the local way or the Soviet way, cities the directory may
not know, now and then a value nobody can read."""

from datetime import date

SURNAMES = ["Мамедов", "Алиев", "Гасанов", "Гусейнов", "Керимов", "Рзаев", "Велиев", "Джафаров"]
MEN = ["Рашад", "Эльчин", "Фуад", "Тофиг", "Ильгар", "Самир"]
WOMEN = ["Айгюн", "Севиндж", "Гюнай", "Лейла", "Наргиз", "Тамилла"]


def person(i: int) -> tuple[str, str, str, str]:
    """Surname, given name, sex, date of birth: no two rows alike."""
    woman = i % 2 == 1
    surname = SURNAMES[i % len(SURNAMES)] + ("а" if woman else "")
    given = (WOMEN if woman else MEN)[(i // 2) % 6]
    born = date(1950 + i % 50, 1 + i % 12, 1 + i % 28).strftime("%d.%m.%Y")
    return surname, given, "ж" if woman else "м", born


# Per city: (country as written, city as written, phones as written, header, encoding)
LISTS = {
    "london": (
        "Великобритания",
        "Лондон",
        [
            "8 (050) 986-{n:02}-79",  # an Azerbaijani mobile, the Soviet way
            "07700 900{n:03}",  # a British mobile
            "050 986 {n:02} 79",
            "(012) 498-{n:02}-34",  # a Baku landline
            "+44 20 7946 0{n:03}",
            "звоните вечером",  # not a number: kept as written
        ],
        "Фамилия;Имя;Пол;Дата рождения;Телефон;Эл. почта;Страна;Город",
        "cp1251",
    ),
    "berlin": (
        "Almaniya",
        "Berlin-Neukölln",
        ["0151 2345{n:04}", "030 1234{n:04}", "8 (055) 210-{n:02}-10", "+49 (0)30 901820"],
        "Soyadı;Adı;Cinsi;Doğum tarixi;Telefon;E-poçt;Ölkə;Şəhər",
        "utf-8-sig",
    ),
    "kyiv": (
        "Украина",
        "Киев",
        ["067 123 {n:04}", "8 (044) 123-{n:02}-67", "+994 50 986 {n:02} 79", "044 23{n:05}"],
        "Фамилия;Имя;Пол;Дата рождения;Мобильный;E-mail;Страна;Город",
        "cp1251",
    ),
    "ganja": (
        "Azərbaycan",
        "Gəncə",
        ["(022) 256-{n:02}-34", "8 (050) 311-{n:02}-22", "055 311 {n:02} 22"],
        "Soyadı;Adı;Cinsi;Doğum tarixi;Telefon;E-poçt;Ölkə;Şəhər",
        "utf-8-sig",
    ),
}


def member_list(city: str, count: int) -> bytes:
    """A list of `count` members of an organisation in `city` (a key of LISTS): every
    seventh email malformed, the phones in turn as the LISTS give them."""
    country, town, phones, header, encoding = LISTS[city]
    lines = [header]
    first = list(LISTS).index(city) * 1000  # each city's members people of their own
    for i in range(count):
        surname, given, sex, born = person(first + i)
        phone = phones[i % len(phones)].format(n=i % 100)
        email = f"member{i}(at)mail.ru" if i % 7 == 3 else f"member{i}@example.org"
        lines.append(";".join([surname, given, sex, born, phone, email, country, town]))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)
