"""Phone numbers as people write them, read into E.164.

A number with its country code is read as it is. A national one (`050 986 98 79`,
`(012) 498-12-34`, `07700 900123`) is read in the country where it fits best: the
person's country of residence and the homeland are both tried, a number valid in one
beating a number merely possible in the other, residence first when both fit. People
from the former Soviet Union write the old trunk prefix 8 before the national number
(`8 (050) 986-98-79`) and 8 10 for abroad (`8 10 44 …`): both are understood."""

import phonenumbers
from django.conf import settings

VALID, POSSIBLE = 2, 1


class UnreadablePhone(ValueError):
    """Not a number we can read in any of the countries tried."""


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def fit(number: phonenumbers.PhoneNumber) -> int:
    """How well a parsed number fits: valid (a real range), possible (the right
    length), or not at all. A number possible only as a local extension (e.g. "12")
    cannot be dialled from abroad."""
    if phonenumbers.is_valid_number(number):
        return VALID
    reason = phonenumbers.is_possible_number_with_reason(number)
    return POSSIBLE if reason == phonenumbers.ValidationResult.IS_POSSIBLE else 0


def parsed(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def trunk_prefix(region: str) -> str:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return (metadata.national_prefix or "") if metadata is not None else ""


# Where the Soviet trunk prefix 8 lives on in how people write numbers.
SOVIET = frozenset(
    ["AM", "AZ", "BY", "EE", "GE", "KG", "KZ", "LT", "LV", "MD", "RU", "TJ", "TM", "UA", "UZ"]
)


def candidates(raw: str, regions: list[str]):
    """Each reading of `raw` worth trying, the likelier first: `regions` are the
    residence and the homeland, in that order."""
    digits = digits_of(raw)
    if raw.startswith("+"):
        yield parsed(raw, None)
        return
    if raw.startswith("00"):  # the international prefix most countries dial
        yield parsed("+" + raw[2:], None)
        return
    if digits.startswith("810") and len(digits) > 10:  # the Soviet international prefix
        yield parsed("+" + digits[3:], None)
    plain = [(raw, region) for region in regions]
    # The old Soviet trunk prefix 8 before a national number written with its new one
    # (8 (050) … in Azerbaijan, whose trunk prefix is now 0). "8 0…" is that habit
    # and nothing else (no national number elsewhere is written so): tried first.
    soviet = [
        (digits[1:], region)
        for region in regions
        if digits.startswith("8") and region in SOVIET and trunk_prefix(region) not in ("", "8")
    ]
    for text, region in (soviet + plain) if digits.startswith("80") else (plain + soviet):
        yield parsed(text, region)


def read_phone(raw: str, country: str | None = None, homeland: str | None = None) -> str:
    """`raw` in E.164, read in the person's `country` or the `homeland` (the
    deployment's, by default); raises UnreadablePhone."""
    raw = raw.strip()
    homeland = (homeland or settings.DIASPORA_HOMELAND or "").upper()
    regions = list(dict.fromkeys(code.upper() for code in (country, homeland) if code))
    best, best_fit = None, 0
    for number in candidates(raw, regions):
        if number is None:
            continue
        quality = fit(number)
        if quality > best_fit:  # the first reading of the best quality wins
            best, best_fit = number, quality
        if best_fit == VALID:
            break
    if best is None:
        raise UnreadablePhone(raw)
    return phonenumbers.format_number(best, phonenumbers.PhoneNumberFormat.E164)
