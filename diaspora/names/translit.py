"""Cyrillic and Persian script into Azerbaijani Latin letters, one lowercase word at a time.

This is not a transliteration anyone would print: it only brings every script into
one alphabet so that `folding` can compare the sounds. Russian-style spellings of
Azerbaijani names (Мамедов, Гусейнзаде, Джафаров) and Azerbaijani Cyrillic
(Мәммәдов, Һүсејнзадә, Ҹәфәров) both go through the same table; the ambiguous
letters (Russian г for q, g or h; х for x or h) are left to the folding classes."""

import re

CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "q",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ә": "ə",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "ј": "y",
    "к": "k",
    "ҝ": "g",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ү": "ü",
    "ұ": "u",
    "ф": "f",
    "х": "x",
    "һ": "h",
    "ц": "ts",
    "ч": "ç",
    "ҹ": "c",
    "ш": "ş",
    "щ": "şç",
    "ъ": "",
    "ы": "ı",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ў": "u",
    # The neighbours' letters: Ukrainian ґ, Tajik ҳ ҷ ӯ ӣ, Kazakh ң, Bashkir and Tatar
    # ҙ ҫ ҡ, Serbian and Macedonian ђ ћ џ љ њ ѓ ќ ѕ, Chechen ӏ.
    "ґ": "g",
    "ҳ": "h",
    "ҷ": "c",
    "ӯ": "u",
    "ӣ": "i",
    "ң": "n",
    "ҙ": "z",
    "ҫ": "s",
    "ҡ": "q",
    "ђ": "c",
    "ћ": "ç",
    "џ": "c",
    "љ": "l",
    "њ": "n",
    "ѓ": "g",
    "ќ": "k",
    "ѕ": "z",
    "ӏ": "",
}
VOWELS = set("aeiouəıöüаеёиоуыэюяәөүі")


def cyrillic_to_latin(word: str) -> str:
    out: list[str] = []
    previous = ""
    for index, ch in enumerate(word):
        nxt = word[index + 1] if index + 1 < len(word) else ""
        if ch == "д" and nxt == "ж":
            out.append("c")  # дж is the Azerbaijani c (Джафаров = Cəfərov)
        elif ch == "ж" and previous == "д":
            pass
        elif ch == "е" and (not previous or previous in VOWELS or previous in "ъь"):
            out.append("ye")  # Алиев = Aliyev, Еганов = Yeganov
        else:
            out.append(CYRILLIC.get(ch, ch))
        previous = ch
    return "".join(out)


PERSIAN_CONSONANTS = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "s",
    "ج": "c",
    "چ": "ç",
    "ح": "h",
    "خ": "x",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "ژ": "j",
    "س": "s",
    "ش": "ş",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "غ": "ğ",
    "ف": "f",
    "ق": "q",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ء": "",
    "ئ": "y",
    # Urdu, Kurdish, Uyghur and Maghrebi letters for sounds Persian writes otherwise.
    "ڤ": "v",
    "ڥ": "v",
    "ۋ": "v",
    "ڨ": "g",
    "ڭ": "ng",
    "ٹ": "t",
    "ڈ": "d",
    "ڑ": "r",
    "ں": "n",
    "ڵ": "l",
    "ڕ": "r",
}
PERSIAN_LONG_A = "اآأإ"
SHORT_VOWEL_SEATS = "اأإ"  # at the start, before و or ی, the alef is no long a


def persian_to_latin(word: str) -> str:
    """Consonants and long vowels only: Persian does not write short vowels, so the
    result is a skeleton that `folding` compares by its consonants."""
    # -ov and -yev come back from Persian as وف, یف and اف (the Russian pronunciation).
    if len(word) > 3 and word.endswith(("وف", "یف", "اف")):
        word = word[:-1] + "v"
    elif len(word) > 4 and word.endswith(("وا", "یفا", "وفا")):
        word = word.rstrip("ا").rstrip("ف") + "va"
    out: list[str] = []
    last = len(word) - 1
    for index, ch in enumerate(word):
        if index == 0 and ch in SHORT_VOWEL_SEATS and last > 1 and word[1] in "وی":
            continue  # the alef only carries the vowel و or ی stands for: اورخان Orxan
        if index == 1 and ch in "وی" and word[0] in SHORT_VOWEL_SEATS and last > 1:
            out.append("u" if ch == "و" else "i")
        elif ch in PERSIAN_LONG_A:
            out.append("a")
        elif ch == "ع":
            out.append("a" if index == 0 else "")
        elif ch == "و":
            # A consonant at the start, after a long a, or before a long vowel
            # (جواد Javad, داود Davud, پروین Parvin); otherwise the vowel (یوسف Yusif,
            # and at the end: دوغلو Doğulu).
            before = word[index - 1] if index else ""
            after = word[index + 1] if index < last else ""
            consonant = not before or before in PERSIAN_LONG_A or (after != "" and after in "اآی")
            out.append("v" if consonant else "u")
        elif ch == "ی":
            out.append("y" if index == 0 else "i")
        elif ch == "ه":
            # A final ه is the vowel ə (زاده Zadə), but h after a long vowel (شاه Şah)
            # and in Allah (نصرالله Nəsrullah, عبدالله Əbdüllah).
            before = word[index - 1] if index else ""
            vowel = index == last and index > 0 and before not in "اآو" and not word.endswith("لله")
            out.append("ə" if vowel else "h")
        elif ch in "ۆؤ":
            out.append("ö")
        else:
            out.append(PERSIAN_CONSONANTS.get(ch, ch))
    return "".join(out)


# Russian writes Japanese names by Polivanov's system (Цутида, Кэнъити, Дзюнко, Утино),
# where the Latin world writes Hepburn's (Tsuchida, Ken'ichi, Junko, Uchino): their
# ти, си, цу, дз and the ё-ю-я rows are other letters for one sound.
JAPANESE_SYLLABLES = re.compile(r"(?:(?:дз|кк|тт|сс|пп|[кгсзтдцнхфмрвбп])?[аиуэоеяюё]|н|й|ъ)+")
POLIVANOV = (
    ("дзя", "ja"),
    ("дзю", "ju"),
    ("дзё", "jo"),
    ("дзи", "ji"),
    ("дз", "z"),
    ("ся", "sha"),
    ("сю", "shu"),
    ("сё", "sho"),
    ("си", "shi"),
    ("тя", "cha"),
    ("тю", "chu"),
    ("тё", "cho"),
    ("ти", "chi"),
    ("цу", "tsu"),
    ("ц", "ts"),
    ("я", "ya"),
    ("ю", "yu"),
    ("ё", "yo"),
    ("э", "e"),
    ("е", "e"),
    ("й", "i"),
    ("ъ", ""),
    ("ф", "f"),
    ("х", "h"),
    ("в", "w"),
)
POLIVANOV_LETTERS = str.maketrans("аиуокгсзтднмрбп", "aiuokgsztdnmrbp")


def japanese_reading(word: str) -> str:
    """A lowercase Cyrillic word that reads as Japanese syllables, in Hepburn's
    Latin letters ("" for any other word): Цутида is Tsuchida."""
    if len(word) < 3 or not JAPANESE_SYLLABLES.fullmatch(word):
        return ""
    for cyrillic, latin in POLIVANOV:
        word = word.replace(cyrillic, latin)
    return word.translate(POLIVANOV_LETTERS)
