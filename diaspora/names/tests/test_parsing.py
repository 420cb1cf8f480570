import pytest

from diaspora.names import NameParts, parse


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("Rashad Aliyev", NameParts("Rashad", "Aliyev")),
        ("Aliyev Rashad", NameParts("Rashad", "Aliyev")),
        ("АЛИЕВ Рашад Алиевич", NameParts("Рашад", "АЛИЕВ", "Алиевич", "-евич")),
        ("Мамедова Гюльнара Рашадовна", NameParts("Гюльнара", "Мамедова", "Рашадовна", "-овна")),
        ("Əliyev Rəşad Əli oğlu", NameParts("Rəşad", "Əliyev", "Əli oğlu", "oğlu")),
        ("Gülnarə Vəli qızı Məmmədova", NameParts("Gülnarə", "Məmmədova", "Vəli qızı", "qızı")),
        ("Гусейнзаде Айгюн Рашад кызы", NameParts("Айгюн", "Гусейнзаде", "Рашад кызы", "кызы")),
        ("Elvin Hüseyn zadə", NameParts("Elvin", "Hüseyn zadə")),
        ("Həsənli Orxan", NameParts("Orxan", "Həsənli")),
        ("MAMMADOV Rashad", NameParts("Rashad", "MAMMADOV")),
        ("Ali Reza Tabrizi", NameParts("Ali Reza", "Tabrizi")),
        ("محمد جعفری", NameParts("محمد", "جعفری")),
        ("Orxan", NameParts("Orxan")),
        ("", NameParts()),
    ],
)
def test_a_name_is_split_into_its_parts_whatever_the_order(written, parts):
    assert parse(written) == parts


def test_an_ali_is_a_given_name_even_though_it_ends_like_a_surname():
    assert parse("Ali Həsənli") == NameParts("Ali", "Həsənli")
