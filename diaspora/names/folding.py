"""From a word in any script to the sounds it stands for, in a few coarse classes.

Every spelling habit that NAMES.md lists maps into the same classes:

* ə, a, e (Məmmədov, Mammadov, Мамедов, Memmedov) are one vowel; ı and i are one;
  ö and o, ü and u.
* q, g, k, ğ, x, h (Qasımov, Gasimov, Касимов; Xəlilov, Khalilov, Halilov;
  Hüseynov, Гусейнов) are one consonant: every tradition writes them differently.
* c, j, ç (Cəfərov, Jafarov, Dzhafarov, Джафаров, Cafer) are one; ş and s are one
  (so that a list typed without diacritics still matches).
* y next to a vowel is a glide the traditions add or drop (Aliyev, Aliev, Алиев;
  Yusifova, Iusifova; Шукюрова, Shukyurova, Shukiurova), so it is dropped; a y
  before a consonant is the vowel i (Hüseyn, Guseinov).

The classes are coarse on purpose. `similarity` compares the folded words and a
finer spelling beside them, so an exact spelling still ranks first."""

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from .scripts import clean, letter_script, lower
from .translit import cyrillic_to_latin, japanese_reading, persian_to_latin

# Passport and English habits, and those of the languages that romanise Russian and
# Turkic names their own way (German Gadschijew, Polish Czerkiesow, Hungarian Zsuzsa,
# Csaba), longest first.
DIGRAPHS = (
    ("tsch", "ç"),
    ("dsch", "c"),
    ("szcz", "şç"),
    ("sch", "ş"),
    ("cz", "ç"),
    ("sz", "ş"),
    ("zs", "j"),
    ("cs", "ç"),
    ("dzh", "c"),
    ("dj", "c"),
    ("zh", "j"),
    ("kh", "x"),
    ("gh", "ğ"),
    ("sh", "ş"),
    ("ch", "ç"),
    ("ou", "u"),  # Persian habit: Tabrizlou
)
CLASSES = str.maketrans(
    {
        "ə": "a",
        "ä": "a",
        "e": "a",
        "ı": "i",
        "î": "i",
        "ö": "o",
        "ü": "u",
        "û": "u",
        "q": "k",
        "g": "k",
        "ğ": "k",
        "x": "k",
        "h": "k",
        "c": "j",
        "ç": "j",
        "ş": "s",
        "w": "v",
        "'": None,
    }
)
# Russian-style spellings that changed a sound, after the classes: Ələkbər → Алекпер,
# Mehdiyev → Мехтиев, Əlibəyov → Алибеков (bəy + ov, folded "baov").
RUSSIAN_HABITS = (("kp", "kb"), ("kt", "kd"), ("bakov", "baov"))
# Western readings, longest first: c is k or s, ch the k-class sound (German,
# Italian, Polish, Czech), j the glide y (German, Slavic, Dutch, Nordic), x is ks,
# th and ph are t and f, tz and zz ts, gn ny; English ee and oo, German ie.
WESTERN_DIGRAPHS = (
    ("tsch", "ç"),
    ("dsch", "c"),
    ("sch", "ş"),
    ("tch", "ç"),
    ("cz", "ç"),
    ("cs", "ç"),
    ("x", "ks"),
    ("ch", "x"),
    ("ck", "k"),
    ("que", "ke"),
    ("qui", "ki"),
    ("ph", "f"),
    ("th", "t"),
    ("tz", "ts"),
    ("zz", "ts"),
    ("gn", "ny"),
    ("ee", "i"),
    ("oo", "u"),
    ("ie", "i"),
)
FRONT_C = re.compile("c(?=[eiy])")
# Czech, Slovak, Croatian and Polish č ć š ś, written as German writes their sounds,
# for the western reading (whose c is otherwise k or s).
SLAVIC_HACEK = str.maketrans({"č": "tsch", "ć": "tsch", "š": "sch", "ś": "sch"})
FRENCH_DIGRAPHS = (
    ("eaux", "o"),
    ("eau", "o"),
    ("aux", "o"),
    ("au", "o"),
    ("ou", "u"),
    ("oi", "ua"),
    ("ai", "e"),
    ("ei", "e"),
    ("ç", "s"),
    ("ch", "sh"),
    ("gn", "ny"),
    ("que", "ke"),
    ("qui", "ki"),
    ("ph", "f"),
    ("th", "t"),
)
# What only a French spelling has: its letters, digraphs and silent endings.
FRENCH_LOOK = re.compile("[éèêëïôûàâç]|eau|aux|oi|gn|ou|ch|qu|(et|ot|ard|ert|aud|aut|eux|ier|ais)$")
FRENCH_SILENT_END = re.compile("(?<=[aeiouyr])[stdxz]+$")
FRENCH_Z = re.compile("(?<=[aeiouy])s(?=[aeiouy])")
WESTERN_J = re.compile("(?<![dz])j")
# Russian writes an English w before a vowel as у (Уильям, Уолтер, Уэльс).
ENGLISH_W = re.compile("у(?=[иоэа])")
AZERBAIJANI_LETTERS = frozenset("əığşç")
ARTICLE = "ال"
# The Arabic article as romanisations write it, folded: al, el, ul, ül; assimilated
# ad-, ar-, as-, ash-, an-, az-, at-, ud-, ur-, us-, un-, uz-.
ARTICLES = frozenset(
    {"al", "ul", "ad", "ar", "as", "an", "az", "at", "ud", "ur", "us", "un", "uz", "ut"}
)
# The -ov and -ev of an emigré passport (Mamedoff, Aliyeff, Gousseinoff).
EMIGRE_ENDING = re.compile("([eo])ff(?=a?$)")
GERMAN_Z = re.compile("(?<![st])s(?=[aeiouy])")
# A Russian surname or patronymic as German writes it (-ow, -ew, -owa, -ewitsch).
GERMAN_ENDING = re.compile(r"[eo]w(a|na|itsch)?$")
PERSIAN_EH = re.compile(r"[^lt]eh$")
VOWELS = frozenset("aiou")
FINAL_DEVOICED = {"p": "b", "t": "d"}
GLIDE_Y = re.compile("y(?=[aiouy])")
GLIDE_I = re.compile("i(?=[aou])")

# Patronymic markers, as folded by `fold_word`, and what they mean.
MARKERS = {
    "oklu": "son",
    "okli": "son",
    "ukli": "son",
    "oklo": "son",
    "uli": "son",  # Kazakh and Kyrgyz: uly, ұлы, улы, uulu
    "ulu": "son",
    "kisi": "daughter",
    "kizi": "daughter",
    "kiz": "daughter",
}
# A joined "son of" as the Turkic languages write it, folded alike: oğlu, oğlı, ogly,
# uğlu; Kazakh -uly (-ұлы, -улы) and Kyrgyz -uulu as written.
SON_ENDINGS = ("okli", "ukli", "oklo")
KAZAKH_SON = ("uulu", "uly", "ulı")
RUSSIAN_PATRONYMIC = re.compile(r"(ович|евич|овна|евна|ична|ovich|evich|ovna|evna|oviç|eviç)$")
# -zadə is written apart as often as together (Hüseyn zadə, حسین زاده).
JOINED_SUFFIXES = frozenset({"zada", "zad"})
# Persian script writes a surname's Russian -ov, -ev apart as often as joined: علی اف,
# علی‌اف and علیاف are one word, Алиев (the folded forms of اف, اوف, یف, ایف).
PERSIAN_SURNAME_ENDINGS = frozenset({"af", "uf", "if"})
FEMALE_ENDINGS = ("ova", "ava")


# Latin letters of other languages whose sound is not their base letter's (Czech and
# Polish ž ż are the Azerbaijani j, Serbo-Croatian đ its c), letters that no
# diacritic decomposes, and the marks for ayn and hamza (ʿAlī, Ismaʿil).
OTHER_LATIN = str.maketrans(
    {
        "ž": "j",
        "ż": "j",
        "đ": "c",
        "ł": "l",
        "ß": "ss",
        "ø": "o",
        "æ": "a",
        "œ": "o",
        "þ": "t",
        "ð": "d",
        "ŋ": "n",
        "ʿ": None,
        "ʾ": None,
        "ʻ": None,
        "ʼ": None,
        "ʹ": None,
        "ʺ": None,
    }
)


@lru_cache(maxsize=200_000)
def plain(text: str) -> str:
    """Latin letters without the diacritics other languages put on them (á ú ā ī ō î
    ñ å, Czech and Polish š č ć ś): Azerbaijani's own ə and ı stay, and ğ ş ç ö ü
    lose marks that the folding classes drop anyway."""
    text = text.translate(OTHER_LATIN)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def latin_letters(word: str) -> str:
    """The word lowercased, with Cyrillic and Persian letters in Azerbaijani Latin."""
    word = lower(word)
    scripts = {letter_script(ch) for ch in word}
    if "cyrillic" in scripts:
        word = cyrillic_to_latin(word)
    if "arabic" in scripts:
        word = persian_to_latin(word)
    return word


@lru_cache(maxsize=200_000)  # asked for every form of every word
def written_in_latin(word: str) -> bool:
    return not any(letter_script(ch) in ("cyrillic", "arabic") for ch in word)


@lru_cache(maxsize=200_000)
def written_in_arabic(word: str) -> bool:
    return any(letter_script(ch) == "arabic" for ch in word)


@lru_cache(maxsize=200_000)
def spelling(word: str) -> str:
    """The fine form: one alphabet, diacritics kept, English digraphs still apart."""
    return latin_letters(word)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """The coarse form of one word (no spaces in, none out)."""
    return _fold(word, western=False)


@lru_cache(maxsize=200_000)
def readings(word: str) -> tuple[str, ...]:
    """Other folded forms of a word whose letters other languages read otherwise:
    the western reading of a Latin word without Azerbaijani letters (Victor and
    Виктор, Alexander and Александр, Kachler and Кахлер, Thea and Теа, Jan and Ян,
    Jurić and Юрич),
    its French reading (Achour and Ашур, Barret and Барре, Barbeau and Барбо), a
    Turkish word without its silent ğ (Tuğba and Туба), an Arabic-script word
    without its article (الموسوي, Musəvi), a Cyrillic Japanese name in Hepburn's
    letters (Цутида, Tsuchida; Судзуки, Suzuki) and a Russian у that stands for an
    English w (Уильямс, Williams). Searching and comparing try them beside
    the folded form, at a small cost."""
    found: list[str] = []
    if written_in_latin(word):
        if "ğ" in lower(word):  # Turkish ğ is silent: Yağmur is Ямур, يامور
            found.append(fold_word(lower(word).replace("ğ", "")))
        if not AZERBAIJANI_LETTERS.intersection(lower(word)):
            found.append(_fold(word, western=True))
            if FRENCH_LOOK.search(lower(word)):
                found.append(_fold(word, western=True, french=True))
                found.append(_fold(word, western=True, french=True, silent_end=False))
    elif word.startswith(ARTICLE) and len(word) >= len(ARTICLE) + 3:
        found.append(fold_word(word[len(ARTICLE) :]))
    else:
        written = lower(word)
        if japanese := japanese_reading(written):  # Цутида, Tsuchida; Судзуки, Suzuki
            found.append(fold_word(japanese))
        elif "дз" in written:  # Russian writes the z of Japanese names so
            found.append(fold_word(written.replace("дз", "з")))
        if ENGLISH_W.match(written):  # Уильямс, Williams; Уоркмэн, Workman
            found.append(fold_word(ENGLISH_W.sub("в", written, count=1)))
    primary = fold_word(word)
    return tuple(dict.fromkeys(f for f in found if f and f != primary))


def western(text: str) -> str:
    """A Latin word read as the languages of Europe read it, not as Azerbaijani does."""
    for digraph, letter in WESTERN_DIGRAPHS:
        text = text.replace(digraph, letter)
    text = FRONT_C.sub("s", text).replace("c", "k")
    return WESTERN_J.sub("y", text)


def french(text: str, *, silent_end: bool = True) -> str:
    """A Latin word as French reads it: ch is ş, ou u, eau o, ç s, s between vowels
    z, and a final t, d, s, x or z silent (Barret) unless the name is a foreign one
    French only spells (Rachad, Mourad: `silent_end` False)."""
    for digraph, letter in FRENCH_DIGRAPHS:
        text = text.replace(digraph, letter)
    text = plain(text)
    if silent_end:
        text = FRENCH_SILENT_END.sub("", text)
    return FRENCH_Z.sub("z", text)


def _fold(word: str, *, western: bool, french: bool = False, silent_end: bool = True) -> str:
    if french:
        text = globals()["french"](lower(word), silent_end=silent_end)
    elif western:
        # Before the marks go: Jurić, Čapek, Šimek are Юрич, Чапек, Шимек, not k and s.
        text = plain(latin_letters(word).translate(SLAVIC_HACEK))
    else:
        text = plain(latin_letters(word))
    if written_in_latin(word):  # not زهرا: its z and h are two letters
        text = EMIGRE_ENDING.sub(r"\1v", text)  # Mamedoff, Aliyeff: -ov, -yev
        if GERMAN_ENDING.search(text):
            text = text.replace("j", "y")  # German j is y: Alijew, Jussupowa
            if western:
                text = GERMAN_Z.sub("z", text)  # and s before a vowel z: Nowrusow
        if western and not french:
            text = globals()["western"](text)
        elif french:
            text = FRONT_C.sub("s", text).replace("c", "k")
        for digraph, letter in DIGRAPHS:
            text = text.replace(digraph, letter)
        if PERSIAN_EH.search(text):
            text = text[:-1]  # Persian habit: Zadeh, Fatemeh (but Valeh, Saleh keep it)
    if len(text) > 5 and text.endswith(KAZAKH_SON):  # Nurlanuly, Нұрланұлы: Nurlanoğlu
        text = text[: -len(next(e for e in KAZAKH_SON if text.endswith(e)))] + "oğlu"
    text = text.translate(CLASSES).replace("tsts", "ts")  # Антонацци, Antonazzi
    for russian, azerbaijani in RUSSIAN_HABITS:
        text = text.replace(russian, azerbaijani)
    # Two passes: Aliyev and Aliev differ in the y, Iusifova and Yusifova in the i.
    text = GLIDE_Y.sub("", text).replace("y", "i")
    text = GLIDE_I.sub("", text)
    out: list[str] = []
    for ch in text:
        if ch.isalpha() and not (out and out[-1] == ch):
            out.append(ch)
    # Turkish writes a final b and d as it sounds (Ragıp, Mehmet, Cavit for Rağib,
    # Məhəmməd, Cavid): one letter at the end of a word.
    if len(out) > 2 and out[-1] in FINAL_DEVOICED:
        out[-1] = FINAL_DEVOICED[out[-1]]
    folded = "".join(out)
    if len(folded) > 6 and folded.endswith(SON_ENDINGS):  # Məmmədoğlu, Mamedogly
        folded = folded[:-4] + "oklu"
    return folded


@lru_cache(maxsize=200_000)
def skeleton(folded: str) -> str:
    """Consonants of a folded word, its first letter standing for any vowel: how
    Persian script and careless vowels still meet."""
    if not folded:
        return ""
    head = "a" if folded[0] in VOWELS else folded[0]
    out = [head]
    for ch in folded[1:]:
        if ch not in VOWELS and ch != out[-1]:
            out.append(ch)
    return "".join(out)


def is_female_form(folded: str) -> bool:
    return len(folded) > 4 and folded.endswith(FEMALE_ENDINGS)


def base_form(folded: str) -> str:
    """A surname without its gender (Əliyeva → Əliyev): what blocking looks at."""
    return folded[:-1] if is_female_form(folded) else folded


def words(text: str) -> list[str]:
    """The words of a name as written, split at spaces and hyphens; a compound
    written with hyphens is one word (Abd-ul-aziz, Husein-Ali: Əbdüləziz, Hüseynəli)
    and an Arabic article before a hyphen is no word (al-Musawi: Musəvi)."""
    found: list[str] = []
    for written in clean(text).split(" "):
        parts = [part for part in written.split("-") if part]
        if len(parts) > 1 and fold_word(parts[0]) in ARTICLES:
            parts = parts[1:]
        if len(parts) > 1 and is_compound(parts):
            found.append("".join(parts))
        else:
            found += parts
    return found


def is_compound(parts: list[str]) -> bool:
    """Parts joined by an article (Abd-ul-aziz, Nur-ad-din) or with a short one
    (Husein-Ali, Mir-Jalal, Ali-Reza) make one name; two long words joined by a
    hyphen are two names (Əliyeva-Məmmədova)."""
    folded = [fold_word(part) for part in parts]
    return any(f in ARTICLES for f in folded[1:-1]) or min(len(f) for f in folded) <= 3


@dataclass(frozen=True)
class NameWord:
    """One word of a name: as written, folded, and whether it is the patronymic
    (then `marker` is its marker or Russian suffix as written: oğlu, кызы, -ович)."""

    written: str
    folded: str
    patronymic: bool = False
    marker: str = ""
    readings: tuple[str, ...] = ()  # other folded forms (`readings`)


@lru_cache(maxsize=200_000)
def russian_patronymic_suffix(word: str) -> str:
    match = RUSSIAN_PATRONYMIC.search(lower(word))
    return match.group(0) if match and len(word) - len(match.group(0)) >= 3 else ""


def name_words(text: str) -> list[NameWord]:
    """The words of a name with -zadə (and, in Persian script, -ov) joined to its stem
    and the patronymic marked:
    "X oğlu" and "Xович" both become the word X, flagged as the patronymic."""
    return list(_name_words(text))


@lru_cache(maxsize=262_144)  # fold, keys and index_words of one name share the work
def _name_words(text: str) -> tuple[NameWord, ...]:
    raw = words(text)
    out: list[NameWord] = []
    # A name that is nothing but a marker (a list's column of "kyzy") is that word.
    only_markers = all(fold_word(word) in MARKERS for word in raw)
    for index, word in enumerate(raw):
        folded = fold_word(word)
        if not folded:
            continue
        if out and folded in PERSIAN_SURNAME_ENDINGS and written_in_arabic(word):
            last = out[-1]
            if written_in_arabic(last.written) and not last.patronymic:
                joined = last.written + word  # علی اف is علیاف, Алиев
                out[-1] = replace(
                    last, written=joined, folded=fold_word(joined), readings=readings(joined)
                )
                continue
        if out and folded in JOINED_SUFFIXES:
            last = out[-1]
            out[-1] = replace(
                last,
                written=f"{last.written} {word}",
                folded=last.folded + "zada",
                readings=tuple(r + "zada" for r in last.readings),
            )
        elif folded in MARKERS and not only_markers and out:
            if out and not any(w.patronymic for w in out):
                out[-1] = replace(out[-1], patronymic=True, marker=word)
        elif (
            index > 0
            and len(raw) > 2
            and not any(w.patronymic for w in out)
            and (suffix := russian_patronymic_suffix(word))
        ):
            stem = word[: -len(suffix)]
            out.append(
                NameWord(word, fold_word(stem), True, marker="-" + suffix, readings=readings(stem))
            )
        else:
            out.append(NameWord(word, folded, readings=readings(word)))
    return tuple(out)


def fold(text: str) -> str:
    """A script-independent comparable form of a name: Əliyev, Aliyev, Aliev and
    Алиев fold alike; patronymic markers (oğlu, кызы, -ович) are left out."""
    return " ".join(word.folded for word in name_words(text))


def word_keys(base: str) -> tuple[str, str]:
    """The blocking keys of one word's base form: itself and, behind '#', its skeleton."""
    return base, "#" + skeleton(base)


def keys(text: str) -> set[str]:
    """Blocking keys: each word's folded base form and, behind '#', its skeleton.
    Two spellings of one name share at least one key."""
    found: set[str] = set()
    for word in name_words(text):
        for folded in (word.folded, *word.readings):
            found.update(word_keys(base_form(folded)))
    return found


def index_words(text: str) -> list[tuple[str, str, bool]]:
    """(base form, skeleton, is the patronymic) for each word of a name: what a
    store keeps so that any spelling of the name finds it."""
    return [
        (base_form(word.folded), skeleton(base_form(word.folded)), word.patronymic)
        for word in name_words(text)
    ]
