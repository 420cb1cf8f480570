from diaspora.names import NameIndex

PEOPLE = {
    1: "Əliyev Rəşad Əli oğlu",
    2: "Rashad Aliyev",
    3: "Məmmədova Gülnarə",
    4: "Гюльнара Мамедова",
    5: "Orkhan Gasimov",
    6: "Aygün Məmmədova",
    7: "حسین زاده علی",
    8: "Rəşad Quliyev",
}


def index() -> NameIndex:
    found = NameIndex()
    found.add_many(PEOPLE.items())
    return found


def test_a_query_in_one_script_finds_the_person_in_every_other():
    ids = [id for id, _score in index().search("Алиев Рашад", limit=3)]
    assert set(ids[:2]) == {1, 2}


def test_the_exact_spelling_ranks_first():
    assert index().search("Мамедова Гюльнара")[0][0] == 4
    assert index().search("Gülnarə Məmmədova")[0][0] == 3


def test_results_are_best_first_and_limited():
    results = index().search("Məmmədova", limit=2)
    assert len(results) == 2
    assert results[0][1] >= results[1][1]
    assert {id for id, _score in results} <= {3, 4, 6}


def test_a_persian_name_is_found_from_latin():
    assert index().search("Ali Huseynzade")[0][0] == 7


def test_a_typo_the_keys_miss_is_still_found():
    assert index().search("Gulnarra Mammadovva")[0][0] in {3, 4}


def test_nothing_matches_nothing():
    assert index().search("") == []
    assert NameIndex().search("Aliyev") == []
    assert index().search("Zzyzx") == []
