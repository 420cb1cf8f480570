from diaspora.localized import collation_key


def test_azerbaijani_names_sort_in_the_azerbaijani_alphabet():
    countries = ["Özbəkistan", "Çexiya", "İran", "Əfqanıstan", "Braziliya", "Bəhreyn", "Ermənistan"]
    ordered = sorted(countries, key=lambda name: collation_key(name, "az"))
    assert ordered == [
        "Bəhreyn",
        "Braziliya",
        "Çexiya",
        "Ermənistan",
        "Əfqanıstan",
        "İran",
        "Özbəkistan",
    ]


def test_russian_yo_sorts_after_ye_and_english_ignores_accents():
    assert sorted(["Ёлка", "Жук", "Ель"], key=lambda w: collation_key(w, "ru")) == [
        "Ель",
        "Ёлка",
        "Жук",
    ]
    assert sorted(["Zambia", "Åland", "Bahrain"], key=lambda w: collation_key(w, "en")) == [
        "Åland",
        "Bahrain",
        "Zambia",
    ]
