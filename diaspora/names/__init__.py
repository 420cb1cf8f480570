"""Names across scripts: one person found whether written Əliyev, Aliyev, Алиев or علی‌یف.

Pure Python (rapidfuzz for string distance); nothing here imports Django.

    parse(full_name) -> NameParts     given name, surname, patronymic and its marker
    fold(text) -> str                 a script-independent comparable form
    keys(text) -> set[str]            blocking keys for candidate lookup
    similarity(a, b) -> float         in [0, 1], for full names or single parts
    NameIndex                         add(id, name); search(query, limit) -> [(id, score)]
    detect_script(text) -> str        latin_az, latin, cyrillic, arabic, mixed or ''
"""

from .folding import fold, keys
from .index import NameIndex
from .parsing import NameParts, parse
from .scripts import clean, detect_script
from .similarity import matched_words, similarity

__all__ = [
    "NameIndex",
    "NameParts",
    "clean",
    "detect_script",
    "fold",
    "keys",
    "matched_words",
    "parse",
    "similarity",
]
