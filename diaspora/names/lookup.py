"""Finding a query word's other spellings among stored words: the keys a store of
words keeps beside each word and the likeness it ranks them by. `NameIndex` does
this in memory; the registry's database keeps the same keys in a table, so that
search, import matching and the duplicate scan share one set of rules.

A stored word is found by its base form and skeleton (kept on the word itself) and
by its other keys (`stored_keys`):
- each other reading of the word, and that reading's skeleton (Victor is also read
  as Viktor by Russian, Barbeau as Barbo by French);
- its consonants as Arabic script hears them, and every form of those consonants
  with one letter left out, so that an unvowelled Arabic-script query word, asking
  with up to two letters left out, still shares a key with a word whose consonants
  differ from its own by a letter or two (dropped, added or read otherwise);
- for a word written in Arabic script, the same keys under another mark: a query
  word written with its vowels asks for them, to meet the words whose consonants
  are all they show (أورخان for Orhan).
A word met through its consonants is compared as Arabic script writes it."""

from functools import lru_cache

from rapidfuzz.distance import Indel

from .folding import base_form, name_words, skeleton, word_keys, written_in_arabic
from .similarity import arabic_sounds, through_readings

HEARD = "~"  # the mark of a key made of a word's consonants as Arabic script hears them
UNVOWELLED = "^"  # the same, of a word that was written in Arabic script
MARKS = ("#", HEARD, UNVOWELLED)  # keys that are not a reading of the word
# Consonants shorter than this are kept whole: with a letter left out, four would
# join hundreds of words of a large registry. An unvowelled query, whose consonants
# are all it has, asks from four.
KEPT_WHOLE_BELOW = 5
ASKED_WHOLE_BELOW = 4
HEARD_THRESHOLD = 0.75  # consonants alike at least this much (the index's skeleton look-up)


@lru_cache(maxsize=200_000)
def heard(base: str) -> str:
    """The consonants of a word as Arabic script writes them."""
    return skeleton(arabic_sounds(base))


def heard_keys(base: str, *, left_out: int = 1, whole_below: int = KEPT_WHOLE_BELOW) -> set[str]:
    """The word's consonants, and those with up to `left_out` letters left out from
    forms of at least `whole_below` letters; a store keeps one left out, an
    unvowelled query asks with two, so that consonants two letters apart (محمدوف
    for Məmmədov) still meet."""
    forms = {heard(base)}
    for _ in range(left_out):
        forms |= {
            form[:i] + form[i + 1 :]
            for form in forms
            if len(form) >= whole_below
            for i in range(len(form))
        }
    return {HEARD + form for form in forms}


def stored_keys(base: str, readings: tuple[str, ...], *, unvowelled: bool = False) -> set[str]:
    """The keys a store keeps beside a word's own base and skeleton; `unvowelled`:
    the word was written in Arabic script, and is kept under its consonants as such
    too, for words written with their vowels to find it."""
    found = heard_keys(base)
    if unvowelled:
        found |= {UNVOWELLED + key[1:] for key in found}
    for reading in readings:
        found.update(word_keys(reading))
    return found - set(word_keys(base))


def query_keys(base: str, readings: tuple[str, ...], *, unvowelled: bool) -> set[str]:
    """The keys to look a query word up by, among words' own keys and stored keys;
    those of its consonants (`HEARD`) find words that may have been written in
    Arabic script, to be compared as such (`likeness`, `unvowelled`)."""
    found = set(word_keys(base))
    for reading in readings:
        found.update(word_keys(reading))
    if unvowelled:  # within two letters of consonants
        found |= heard_keys(base, left_out=2, whole_below=ASKED_WHOLE_BELOW)
    else:  # the words written in Arabic script, whose consonants are all they show
        found |= {UNVOWELLED + key[1:] for key in heard_keys(base)}
    return found


def fallback_keys(base: str) -> set[str]:
    """The keys of a word's consonants, for a word written with its vowels that
    found nothing close: any word whose consonants are a letter or two apart."""
    return heard_keys(base)


def readings_in(keys: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A stored word's other readings, from its stored keys."""
    return tuple(sorted(key for key in keys if not key.startswith(MARKS)))


def name_keys(text: str) -> dict[str, set[str]]:
    """{base form: its stored keys} of each word of a name."""
    found: dict[str, set[str]] = {}
    for word in name_words(text):
        base = base_form(word.folded)
        readings = tuple(base_form(reading) for reading in word.readings)
        unvowelled = written_in_arabic(word.written)
        found.setdefault(base, set()).update(stored_keys(base, readings, unvowelled=unvowelled))
    return found


def word_likeness(query_base: str, base: str) -> float:
    """How alike two folded base words are, for finding a query word's neighbours."""
    return Indel.normalized_similarity(query_base, base)


def likeness(
    base: str,
    readings: tuple[str, ...],
    word: str,
    word_readings: tuple[str, ...],
    *,
    unvowelled: bool = False,
    sounded_at_most: float = 1.0,
) -> float:
    """How alike a query word and a stored word are: their best pair of readings,
    another reading at a small cost; for an unvowelled query word (or a stored word
    that was), halfway between how alike their consonants are and how alike their
    letters sound, at most `sounded_at_most`."""
    score = word_likeness(base, word)
    if readings or word_readings:
        score = max(score, through_readings(base, readings, word, word_readings, word_likeness))
    if unvowelled:
        consonants = Indel.normalized_similarity(heard(base), heard(word))
        if consonants >= HEARD_THRESHOLD:
            sounds = word_likeness(arabic_sounds(base), arabic_sounds(word))
            score = max(score, min(sounded_at_most, (consonants + sounds) / 2))
    return score
