"""Letters of the neighbouring alphabets fold like the Azerbaijani letters they stand for."""

import pytest

from diaspora.names import fold, keys, similarity


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ádám", "Adam"),  # Hungarian, Czech, Spanish acute
        ("Yūsuf", "Yusuf"),  # macrons of scholarly romanisation
        ("Īsā", "İsa"),
        ("Kamāl", "Kamal"),
        ("Nūrī", "Nuri"),
        ("Hüseyn", "Hûseyn"),
        ("ʿAlī", "Əli"),  # ayn and hamza marks
        ("Ismaʿil", "İsmail"),
        ("Bjørn", "Björn"),
        ("Šukurov", "Şükürov"),  # Czech háček
        ("Čingiz", "Çingiz"),
        ("Žalə", "Jalə"),  # ž is the Azerbaijani j, not z
        ("Żaneta", "Janeta"),
    ],
)
def test_latin_letters_of_other_languages_fold_to_their_sound(one, other):
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Ґасанов", "Gasanov"),  # Ukrainian ґ
        ("Ҳасанов", "Həsənov"),  # Tajik and Uzbek ҳ
        ("Ғафуров", "Qafurov"),
        ("Қодиров", "Qodirov"),
        ("Ҷалилов", "Cəlilov"),  # Tajik ҷ
        ("Нұрлан", "Nurlan"),  # Kazakh ұ
        ("Аңсаган", "Ansagan"),  # Kazakh ң
        ("Ђорђе", "Corce"),  # Serbian ђ
    ],
)
def test_cyrillic_letters_of_neighbouring_languages_fold(cyrillic, latin):
    assert fold(cyrillic) == fold(latin)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("ڤاسیلی", "Vasili"),  # ڤ is v in Arabic and Kurdish
        ("شاہ", "Şah"),  # Urdu heh goal
        ("شاھ", "Şah"),  # heh doachashmee
        ("ٹیپو", "Tipu"),  # Urdu retroflex ٹ
    ],
)
def test_arabic_letters_of_urdu_kurdish_and_the_maghreb_share_a_key(arabic, latin):
    assert keys(arabic) & keys(latin)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("دوغلو", "Doğulu"),  # a final و is the vowel
        ("أوغوز", "Oğuz"),  # an initial alef carries the vowel of و
        ("اورخان", "Orxan"),
        ("ایلهام", "İlham"),
    ],
)
def test_vowel_letters_at_the_edges_of_an_arabic_script_word(arabic, latin):
    assert keys(arabic) & keys(latin)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("شاه", "Şah"),  # h after a long vowel
        ("نصرالله", "Nəsrullah"),  # and in Allah
        ("عبدالله", "Əbdüllah"),
        ("زاده", "Zadə"),  # elsewhere a final ه is the vowel
    ],
)
def test_a_final_heh_is_h_after_a_long_vowel_and_in_allah(arabic, latin):
    assert keys(arabic) & keys(latin)


@pytest.mark.parametrize(
    ("foreign", "azerbaijani"),
    [
        ("Gotschewa", "Qoçeva"),  # German tsch, w
        ("Datschewa", "Daçeva"),
        ("Schahla", "Şəhla"),  # German sch
        ("Alijew", "Əliyev"),  # German j in a Russian-style surname
        ("Jussupowa", "Yusupova"),
        ("Gadschijew", "Hacıyev"),  # German dsch
        ("Czerkiesow", "Çerkəsov"),  # Polish cz, ie, w
        ("Szirinow", "Şirinov"),  # Polish sz
        ("Zsuzsa", "Juja"),  # Hungarian zs
        ("Csaba", "Çaba"),  # Hungarian cs
        ("Hadija", "Xədicə"),  # but an English j between vowels stays c
    ],
)
def test_other_languages_romanisations_fold_like_azerbaijani(foreign, azerbaijani):
    assert fold(foreign) == fold(azerbaijani)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("بينار", "Pınar"),  # Arabic has no p
        ("افكران", "Avkıran"),  # nor v
        ("كلنتش", "Kılınç"),  # and writes ç as تش
    ],
)
def test_sounds_arabic_script_cannot_write_still_match(arabic, latin):
    assert similarity(arabic, latin) >= 0.9


def test_a_persian_script_name_is_found_among_latin_ones():
    from diaspora.names import NameIndex

    index = NameIndex()
    index.add_many([(1, "Bello"), (2, "Bilal"), (3, "Pınar"), (4, "Binər"), (5, "Bonner")])
    assert 1 in [id for id, _score in index.search("بيلو", limit=3)]
    assert 3 in [id for id, _score in index.search("بينار", limit=3)]


def test_one_waw_for_o_and_u_ranks_the_o_name():
    from diaspora.names import match_score

    # دوغان is Doğan as much as Dukhan: its و must not favour the u.
    assert match_score("دوغان", "Doğan") >= match_score("دوغان", "Dukhan")


@pytest.mark.parametrize(("arabic", "latin"), [("بوجرا", "Buğra"), ("جول", "Gül")])
def test_jeem_is_also_the_g_arabic_script_lacks(arabic, latin):
    from diaspora.names import match_score

    assert match_score(arabic, latin) >= 0.9


@pytest.mark.parametrize(("arabic", "latin"), [("إيرين", "Eren"), ("بيلو", "Bello")])
def test_yeh_is_also_the_e_arabic_script_lacks(arabic, latin):
    from diaspora.names import match_score

    assert match_score(arabic, latin) >= 0.9
