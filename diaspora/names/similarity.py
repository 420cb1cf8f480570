"""How alike two names are, from 0 to 1, across scripts, word order and gender.

Words are compared in their folded form (`folding`), with a small share of the
score from the finer spelling so that the exact spelling ranks above a look-alike.
Names are compared word by word, best pairs first, whatever their order; a
patronymic counts only against a patronymic, and a missing one costs little."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .folding import (
    AZERBAIJANI_LETTERS,
    MARKERS,
    base_form,
    fold_word,
    is_female_form,
    name_words,
    plain,
    skeleton,
    spelling,
    western,
    written_in_arabic,
    written_in_latin,
)

FINE_SHARE = 0.1
READING_COST = 0.01  # a word's other reading agrees, not the folded form
# Other readings are tried between these likenesses of the folded forms: above, little
# is left to gain; below, the words are not one name in any reading.
READINGS_ABOVE = 0.5
READINGS_BELOW = 0.92
# Ranking too: an Arabic-script word writes some vowels, a Latin one others (بيلو,
# Bello); their places count for a quarter beside the letters themselves.
VOWEL_SLOTS_WEIGHT = 0.25
VOWEL_RUN = re.compile("[aiou]+")
ARABIC_ALIKE = str.maketrans({"p": "b", "v": "f", "o": "u", "j": "k", "i": "a"})
PLAIN_SHARE = 0.95  # of the fine score, when only the letters without marks agree
FINER_ABOVE = 0.8  # words less alike than this are not told apart by their letters
LETTERS = str.maketrans({"ı": "i", "ə": "a"})
LETTERS_E = str.maketrans({"ı": "i", "ə": "e"})
OTHER_SEX = 0.1  # Əliyev and Əliyeva, oğlu and qızı: a brother and a sister
MISSING_WORD = 0.12  # a word one name has and the other lacks
MISSING_PATRONYMIC = 0.02
# Ranking, not deciding: the vowels Arabic script does write (long a, و, ی) tell apart
# the many names of one skeleton (باقر: Bakır, Bəkir, Bahar), so search counts the
# consonants for half of an Arabic-script word's likeness.
RANKING_CONSONANTS_WEIGHT = 0.5


@dataclass(frozen=True)
class Word:
    written: str
    fine: str
    letters: str  # the fine form without diacritics: Tagi and Tağı, Adam and Ádám
    letters_e: str  # the same with ə as e (Həsən: hasan, hesen)
    letters_w: str  # a Latin word's letters read the western way (Coman: koman), or ""
    base: str
    skeleton: str
    female: bool
    persian: bool
    others: tuple[str, ...] = ()  # base forms of the word's other readings
    weight: int = 2  # what the word counts for in a name: its length


@dataclass(frozen=True)
class Prepared:
    """A name ready for comparison: its main words and its patronymic, if any."""

    words: tuple[Word, ...]
    patronymic: Word | None
    sex: str  # "m" or "f" where the patronymic's marker or a surname's ending says


def western_letters(written: str) -> str:
    """The letters of a Latin word without Azerbaijani letters as the west reads them."""
    letters = plain(spelling(written))
    if not written_in_latin(written) or AZERBAIJANI_LETTERS.intersection(letters):
        return ""
    read = western(letters).translate(LETTERS)
    return read if read != letters else ""


def make_word(written: str, folded: str, readings: tuple[str, ...] = ()) -> Word:
    fine = spelling(written)
    letters = plain(fine)
    base = base_form(folded)
    return Word(
        written=written,
        fine=fine,
        letters=letters.translate(LETTERS),
        letters_e=letters.translate(LETTERS_E),
        letters_w=western_letters(written),
        base=base,
        skeleton=skeleton(base),
        female=is_female_form(folded),
        persian=written_in_arabic(written),
        others=tuple(base_form(other) for other in readings),
        weight=max(len(base), 2),
    )


@lru_cache(maxsize=100_000)
def prepare(text: str) -> Prepared:
    main: list[Word] = []
    patronymic: Word | None = None
    sex = ""
    for word in name_words(text):
        if word.patronymic:
            patronymic = make_word(word.written, word.folded, word.readings)
            sex = marker_sex(word.marker)
        else:
            main.append(make_word(word.written, word.folded, word.readings))
    if not sex and any(word.female for word in main):
        sex = "f"
    elif not sex and any(is_male_form(word.base) for word in main):
        sex = "m"
    return Prepared(tuple(main), patronymic, sex)


def spelled_alike(query: str, names: Iterable[str]) -> list[float]:
    """How alike each name's letters are to the query's (one alphabet, no marks),
    whatever the order of their words: what tells Siena from Sanae, whose sounds fold
    alike. Cheap enough for the hundreds a common surname ties: the words' letters are
    cached, not the names'."""
    asked = name_letters(query)
    return [
        fuzz.token_sort_ratio(asked, name_letters(name), processor=None) / 100 for name in names
    ]


def name_letters(text: str) -> str:
    return " ".join(word_letters(word) for word in text.split())


@lru_cache(maxsize=200_000)
def word_letters(word: str) -> str:
    return plain(spelling(word)).translate(LETTERS)


def marker_sex(marker: str) -> str:
    """oğlu, оглы, -ович: a son; qızı, кызы, -овна: a daughter."""
    if marker.startswith("-"):
        return "f" if marker.endswith(("на", "na")) else "m"
    return "m" if MARKERS.get(fold_word(marker)) == "son" else "f"


def is_male_form(base: str) -> bool:
    return len(base) >= 4 and base.endswith(("ov", "av"))


def word_similarity(a: Word, b: Word, consonants_weight: float = 1.0) -> float:
    """How alike two words are. Between an Arabic-script word and a vowelled one the
    consonants count for `consonants_weight` of the score (1.0: they decide alone)."""
    unvowelled = a.persian != b.persian
    if unvowelled:
        score = letters_likeness(a.base, b.base, unvowelled, consonants_weight)
    else:
        score = Indel.normalized_similarity(a.base, b.base)
    if (a.others or b.others) and READINGS_ABOVE <= score < READINGS_BELOW:
        # Another reading of either word (Victor read as Viktor, الموسوي without
        # its article) may be the one that agrees, at a small cost.
        def likeness(x: str, y: str) -> float:
            return letters_likeness(x, y, unvowelled, consonants_weight)

        score = max(score, through_readings(a.base, a.others, b.base, b.others, likeness))
    # The very spelling first, then the same letters without their marks: a query
    # typed without diacritics still ranks the name it spells above a look-alike.
    if a.fine == b.fine:
        fine = 1.0
    else:
        fine = PLAIN_SHARE * Indel.normalized_similarity(a.letters, b.letters)
        if score >= FINER_ABOVE:  # the finer forms only order look-alikes
            if "ə" in a.fine or "ə" in b.fine:  # ə is written a (Hasanov) or e (Memmedov)
                e_read = Indel.normalized_similarity(a.letters_e, b.letters_e)
                fine = max(fine, PLAIN_SHARE * e_read)
            for x, y in ((a.letters_w, b.letters), (a.letters, b.letters_w)):
                if x and y:  # a Latin word read the western way: Кано is Cano, not Hanno
                    western_read = Indel.normalized_similarity(x, y)
                    fine = max(fine, PLAIN_SHARE * western_read - READING_COST)
    return (1 - FINE_SHARE) * score + FINE_SHARE * fine


def through_readings(
    a: str,
    a_others: tuple[str, ...],
    b: str,
    b_others: tuple[str, ...],
    likeness: Callable[[str, str], float],
) -> float:
    """The best likeness of two words through another reading of either (both plain
    forms excepted: the caller has that score), less READING_COST."""
    return max(
        (
            likeness(x, y) - READING_COST
            for x in (a, *a_others)
            for y in (b, *b_others)
            if x is not a or y is not b
        ),
        default=0.0,
    )


def letters_likeness(x: str, y: str, unvowelled: bool, consonants_weight: float) -> float:
    score = Indel.normalized_similarity(x, y)
    if unvowelled:  # Persian does not write short vowels: compare consonants
        x, y = arabic_sounds(x), arabic_sounds(y)
        score = max(score, Indel.normalized_similarity(x, y))
        consonants = Indel.normalized_similarity(skeleton(x), skeleton(y))
        # and where it writes a vowel (ا و ی), not which one it is (بيلو Bello).
        slots = Indel.normalized_similarity(vowel_slots(x), vowel_slots(y))
        vowels = max(score, (1 - VOWEL_SLOTS_WEIGHT) * score + VOWEL_SLOTS_WEIGHT * slots)
        score = max(score, consonants_weight * consonants + (1 - consonants_weight) * vowels)
    return score


@lru_cache(maxsize=200_000)
def arabic_sounds(folded: str) -> str:
    """A folded word with the sounds Arabic script cannot tell apart made one: it has
    no p (بينار Pınar), no v (افكران Avkıran), one و for o and u (دوغان Doğan), one ی
    for i, ı, e and ə (إيرين Eren; e and ə fold with a), writes
    ç as تش and g as ج as often as غ or ك (بوجرا Buğra, جول Gül), so that ج, the
    j-class, meets the k-class."""
    return folded.replace("ts", "j").translate(ARABIC_ALIKE)


@lru_cache(maxsize=200_000)
def vowel_slots(folded: str) -> str:
    """A folded word with every vowel the same: what an Arabic-script spelling that
    writes some vowels shares with a Latin one that writes others."""
    return VOWEL_RUN.sub("a", folded)


def pair_words(
    a: tuple[Word, ...], b: tuple[Word, ...], consonants_weight: float = 1.0
) -> list[tuple[Word, Word, float]]:
    """The best one-to-one pairing of words, greedily from the most alike pair."""
    scored = sorted(
        (
            (word_similarity(x, y, consonants_weight), i, j)
            for i, x in enumerate(a)
            for j, y in enumerate(b)
        ),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[Word, Word, float]] = []
    for score, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((a[i], b[j], score))
    return pairs


def compare(
    a: Prepared,
    b: Prepared,
    *,
    extra_in_a: float,
    extra_in_b: float,
    consonants_weight: float = 1.0,
) -> float:
    """The score of b against a; words only a has cost `extra_in_a` each."""
    if not a.words or not b.words:
        return 0.0
    pairs = pair_words(a.words, b.words, consonants_weight)
    total = sum(max(x.weight, y.weight) * score for x, y, score in pairs)
    weight: float = sum(max(x.weight, y.weight) for x, y, _score in pairs)
    if a.patronymic is not None and b.patronymic is not None:
        share = max(a.patronymic.weight, b.patronymic.weight) / 2
        total += share * word_similarity(a.patronymic, b.patronymic, consonants_weight)
        weight += share
    score = total / weight
    score -= extra_in_a * (len(a.words) - len(pairs)) + extra_in_b * (len(b.words) - len(pairs))
    if (a.patronymic is None) != (b.patronymic is None):
        score -= MISSING_PATRONYMIC
    if a.sex and b.sex and a.sex != b.sex:
        score -= OTHER_SEX
    return max(0.0, min(1.0, score))


def similarity(a: str, b: str) -> float:
    """How alike two names (full names or single parts) are, in [0, 1]; symmetric."""
    return compare(prepare(a), prepare(b), extra_in_a=MISSING_WORD, extra_in_b=MISSING_WORD)


def matched_words(query: str, name: str) -> list[tuple[str, str, float]]:
    """Which written word of `name` answered which word of `query`, and how well."""
    a, b = prepare(query), prepare(name)
    return [(x.written, y.written, round(s, 3)) for x, y, s in pair_words(a.words, b.words)]
