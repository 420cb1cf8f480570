"""A full name into given name, surname and patronymic, in whatever order it came.

Lists come as "Given Surname", as Russian-style "SURNAME Given Patronymic", as
"Surname Given Father oğlu" and with the patronymic as -ович/-овна. The surname is
found by its ending (-ov, -yeva, -li, -zadə and their Cyrillic and Persian forms),
then by being the only word in capitals, then by the order the patronymic implies."""

from dataclasses import dataclass

from .folding import NameWord, name_words

SURNAME_ENDINGS = ("ov", "ova", "av", "ava", "in", "ina", "li", "lu", "zada", "oklu", "lo")
# Given names the surname endings above would otherwise claim.
NOT_SURNAMES = frozenset({"ali", "sali", "vali", "kuli", "muin", "kalil", "nuralin"})


@dataclass(frozen=True)
class NameParts:
    """The parts of a name, each as written. `marker` is the patronymic's marker as
    written (oğlu, qızı, оглы, кызы) or its Russian suffix (-ович, -овна), or ''."""

    given: str = ""
    surname: str = ""
    patronymic: str = ""
    marker: str = ""


def looks_like_surname(word: NameWord) -> bool:
    folded = word.folded
    if folded in NOT_SURNAMES or len(folded) < 4:
        return False
    return folded.endswith(SURNAME_ENDINGS)


def is_capitals(word: NameWord) -> bool:
    return word.written.isupper() and len(word.written) > 1


def parse(full_name: str) -> NameParts:
    parts = name_words(full_name)
    patronymic = next((word for word in parts if word.patronymic), None)
    written_patronymic, marker = "", ""
    if patronymic is not None:
        parts.remove(patronymic)
        marker = patronymic.marker
        separate = not marker.startswith("-")
        written_patronymic = f"{patronymic.written} {marker}" if separate else patronymic.written
    if len(parts) <= 1:
        given = parts[0].written if parts else ""
        return NameParts(given=given, patronymic=written_patronymic, marker=marker)
    surname = parts.pop(pick_surname(parts, patronymic_follows=patronymic is not None))
    return NameParts(
        given=" ".join(word.written for word in parts),
        surname=surname.written,
        patronymic=written_patronymic,
        marker=marker,
    )


def pick_surname(parts: list[NameWord], *, patronymic_follows: bool) -> int:
    by_ending = [i for i, word in enumerate(parts) if looks_like_surname(word)]
    if len(by_ending) == 1:
        return by_ending[0]
    capitals = [i for i, word in enumerate(parts) if is_capitals(word)]
    if len(capitals) == 1 and len(parts) > len(capitals):
        return capitals[0]
    if by_ending:
        return by_ending[-1] if not patronymic_follows else by_ending[0]
    # "Surname Given Patronymic" is the Russian-style order; otherwise Western.
    return 0 if patronymic_follows else len(parts) - 1
