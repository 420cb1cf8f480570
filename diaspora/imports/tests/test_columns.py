import pytest

from diaspora.imports.columns import suggest
from diaspora.imports.values import Unreadable, read_date, read_sex


@pytest.mark.parametrize(
    "header",
    [
        ["Soyadı", "Adı", "Ata adı", "Doğum tarixi", "Telefon", "E-poçt"],
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Телефон", "Эл. почта"],
        ["Last name", "First name", "Middle name", "Date of birth", "Phone", "E-mail"],
    ],
)
def test_columns_are_suggested_from_headers_in_three_languages(header):
    assert suggest(header) == {
        0: "surname",
        1: "given_name",
        2: "patronymic",
        3: "birth_date",
        4: "phone",
        5: "email",
    }


def test_an_organisations_saved_mapping_wins_and_a_field_is_used_once():
    header = ["Familiya", "Ad", "Ad"]
    assert suggest(header, {"Familiya": "surname"}) == {0: "surname", 1: "given_name"}


@pytest.mark.parametrize(
    "written",
    ["05.07.1980", "5/7/1980", "1980-07-05", "5 iyul 1980", "5 июля 1980 г.", "July 5, 1980"],
)
def test_dates_are_read_as_written_in_three_languages(written):
    assert read_date(written).isoformat() == "1980-07-05"


def test_a_month_first_column_is_read_month_first():
    assert read_date("07/05/1980", month_first=True).isoformat() == "1980-07-05"


@pytest.mark.parametrize("written", ["31.02.1980", "1.1.80", "2999-01-01", "soon"])
def test_impossible_dates_are_refused(written):
    with pytest.raises(Unreadable):
        read_date(written)


def test_sex_is_read_in_three_languages():
    assert {read_sex(word) for word in ("kişi", "М", "male")} == {"m"}
    assert {read_sex(word) for word in ("qadın", "жен.", "F")} == {"f"}
