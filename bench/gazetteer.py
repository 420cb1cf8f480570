"""The gazetteer's cost: loading the world's cities, and finding one.

    .venv/bin/python -m bench.gazetteer [--database-url URL]

On a fresh database (a SQLite file in a temporary directory unless a URL is given),
migrated: the world loaded, then loaded again (what `setup` costs when run twice),
then the demo's countries alone on an empty database; then lookups: `find_city`
(the database, one call per name) over spellings in several scripts, a country's
in-memory index (what a list builds once), and `search` (the API's suggestions).
The machine is shared: figures vary with its load."""

import argparse
import os
import statistics
import sys
import tempfile
import time

SPELLINGS = [
    ("GB", "London"),
    ("DE", "Берлин"),
    ("DE", "Koln"),
    ("FR", "paris"),
    ("UA", "Kiyev"),
    ("UA", "Київ"),
    ("RU", "Москва"),
    ("RU", "Moskva"),
    ("AZ", "Gandja"),
    ("AZ", "Гянджа"),
    ("US", "Нью-Йорк"),
    ("TR", "Igdir"),
    ("GB", "Nowhereville"),
]


def timed(call, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="gazetteer-")
    os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{folder}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from diaspora.demo_data.geography import COUNTRIES
    from diaspora.directory import gazetteer
    from diaspora.directory.models import City, CityName

    call_command("migrate", verbosity=0)
    rows = []
    seconds, loaded = timed(gazetteer.load)
    rows.append(("load, the world (first)", seconds, str(loaded)))
    seconds, loaded = timed(gazetteer.load)
    rows.append(("load, the world (again)", seconds, str(loaded)))
    seconds, _ = timed(lambda: [gazetteer.find_city(c, t) for c, t in SPELLINGS], repeat=20)
    rows.append(("find_city, per name", seconds / len(SPELLINGS), f"{len(SPELLINGS)} names"))
    for code in ("US", "RU", "AZ"):
        seconds, index = timed(lambda code=code: gazetteer.index(code), repeat=3)
        rows.append((f"index({code}), built once", seconds, f"{len(index.by_spelling)} spellings"))
    index = gazetteer.index("RU")
    seconds, _ = timed(lambda: [index.get(t) for t in ("Москва", "Moskva", "Питер")], repeat=200)
    rows.append(("index.get, per name", seconds / 3, "a list's row"))
    seconds, _ = timed(lambda: gazetteer.search("Моск", "RU"), repeat=20)
    rows.append(("search, in a country", seconds, "Моск"))
    seconds, _ = timed(lambda: gazetteer.search("Ber"), repeat=20)
    rows.append(("search, the world", seconds, "Ber"))
    CityName.objects.all().delete()
    City.objects.all().delete()
    demo = sorted({*COUNTRIES, "AZ"})
    seconds, loaded = timed(lambda: gazetteer.load(demo))
    rows.append((f"load, the demo's {len(demo)} countries", seconds, str(loaded)))
    CityName.objects.all().delete()
    City.objects.all().delete()
    seconds, loaded = timed(lambda: gazetteer.load(["AZ"]))
    rows.append(("load, the homeland alone", seconds, str(loaded)))
    width = max(len(row[0]) for row in rows)
    for name, seconds, note in rows:
        if seconds >= 0.1:
            figure = f"{seconds:8.2f} s "
        elif seconds >= 0.001:
            figure = f"{seconds * 1000:8.2f} ms"
        else:
            figure = f"{seconds * 1e6:8.2f} µs"
        print(f"{name:<{width}}  {figure}  {note}")
    print(f"database: {os.environ['DATABASE_URL'].split(':', 1)[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
