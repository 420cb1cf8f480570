"""Names across scripts: one person found whether written Əliyev, Aliyev, Алиев or علی‌یف.

Pure Python (rapidfuzz for string distance); nothing here imports Django.

    parse(full_name) -> NameParts     given name, surname, patronymic and its marker
    fold(text) -> str                 a script-independent comparable form
    keys(text) -> set[str]            blocking keys for candidate lookup
    similarity(a, b) -> float         in [0, 1], for full names or single parts
    NameIndex                         add(id, name); search(query, limit) -> [(id, score)]
    detect_script(text) -> str        latin_az, latin, cyrillic, arabic, mixed or ''

For a store of names (the registry's database): `index_words` gives each word's base
form and skeleton to keep, `lookup` the further keys to keep beside them and the
likeness a query word and a kept one are compared by,
and `match_score` ranks the names found, as `NameIndex.search` does in memory
(`spelled_alike` orders, cheaply, many found alike by their words).
"""

from .folding import base_form, fold, index_words, keys, name_words, skeleton, written_in_arabic
from .index import EXTRA_WORD, SEARCH_FLOOR, NameIndex, match_score, word_likeness
from .parsing import NameParts, parse
from .scripts import clean, detect_script
from .similarity import matched_words, similarity, spelled_alike

__all__ = [
    "EXTRA_WORD",
    "base_form",
    "name_words",
    "written_in_arabic",
    "SEARCH_FLOOR",
    "NameIndex",
    "NameParts",
    "clean",
    "detect_script",
    "fold",
    "index_words",
    "keys",
    "match_score",
    "matched_words",
    "parse",
    "similarity",
    "skeleton",
    "spelled_alike",
    "word_likeness",
]
