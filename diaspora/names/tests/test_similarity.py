import pytest
from hypothesis import given
from hypothesis import strategies as st

from diaspora.names import matched_words, similarity

SAME_PERSON = [
    ("Əliyev Rəşad Əli oğlu", "Rashad Aliyev"),
    ("Əliyev Rəşad Əli oğlu", "АЛИЕВ Рашад Алиевич"),
    ("Məmmədova Gülnarə", "Гюльнара Мамедова"),
    ("Orxan Qasımov", "Orkhan Gasimov"),
    ("Hüseynzadə Elvin", "ELVIN GUSEINZADE"),
    ("Cəfərov Cəfər", "Cafer Caferov"),
    ("حسین زاده علی", "Ali Huseynzade"),
    ("Şükürova Aygün", "SHUKIUROVA AIGIUN"),
]
DIFFERENT_PEOPLE = [
    ("Rəşad Əliyev", "Rəşad Quliyev"),
    ("Orxan Qasımov", "Kamran Qasımov"),
    ("Məmmədova Gülnarə", "Aygün Məmmədova"),
    ("Elvin Hüseynov", "Elnur Həsənov"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_one_person_in_two_spellings_scores_high(a, b):
    assert similarity(a, b) >= 0.9


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_people_score_below_the_same_person(a, b):
    assert similarity(a, b) < 0.85


def test_the_exact_spelling_beats_another_script():
    assert similarity("Məmmədov Rəşad", "Məmmədov Rəşad") == 1.0
    assert similarity("Məmmədov Rəşad", "Мамедов Рашад") < 1.0


def test_a_sister_scores_below_the_same_man():
    same = similarity("Rəşad Əliyev", "Rashad Aliyev")
    sister = similarity("Rəşad Əliyev", "Rəşad Əliyeva")
    assert sister < same


def test_the_matched_words_say_which_spelling_answered():
    pairs = matched_words("Гусейнзаде Эльвин", "Elvin Hüseynzadə")
    assert {(query, found) for query, found, _score in pairs} == {
        ("Гусейнзаде", "Hüseynzadə"),
        ("Эльвин", "Elvin"),
    }


names = st.text(alphabet=st.sampled_from("Əəİıaeiouqxcçşğüö АлиевМамед-ی ح'"), max_size=30)


@given(names, names)
def test_similarity_is_symmetric_and_bounded(a, b):
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(similarity(b, a))


@given(st.text(max_size=40))
def test_any_text_folds_without_error(text):
    similarity(text, text)


def test_a_daughter_and_a_son_of_one_father_are_told_apart():
    son, daughter = "Kərimov Nihal Rəşid oğlu", "Kərimova Nihal Rəşid qızı"
    assert similarity(son, daughter) < similarity(son, "Керимов Нихал Рашидович") - 0.05
    assert similarity("Алиев Рашад Алиевич", "Алиева Рашад Алиевна") < 0.9


def test_a_word_that_is_only_a_marker_is_still_a_word():
    assert similarity("кызы", "kyzy") > 0.9


def test_a_query_without_diacritics_ranks_the_name_it_spells_above_a_look_alike():
    assert similarity("Tagi", "Tağı") > similarity("Tagi", "Takii")
    assert similarity("Nagi", "Nağı") > similarity("Nagi", "Negi")


def test_schwa_written_a_or_e_ranks_the_azerbaijani_name_above_a_look_alike():
    assert similarity("Hasanov", "Həsənov") > similarity("Hasanov", "Kasyanov")
    assert similarity("Peri", "Pəri") > similarity("Peri", "Pieri")
