"""The gazetteer's cost: loading the world's cities, and finding one.

    .venv/bin/python -m bench.gazetteer [--postgresql | --database-url URL]

On a fresh database (a SQLite file in a temporary directory, or a throwaway
PostgreSQL cluster from bench/pgcluster.py with --postgresql),
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


def timed(call, repeat: int = 1) -> tuple[float, float, object]:
    """The median wall and processor times of `repeat` calls, and the last result:
    the processor time says more on a machine whose load varies."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def shown(seconds: float) -> str:
    if seconds >= 0.1:
        return f"{seconds:8.2f} s "
    if seconds >= 0.001:
        return f"{seconds * 1000:8.2f} ms"
    return f"{seconds * 1e6:8.2f} µs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--postgresql", action="store_true", help="a throwaway cluster")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="gazetteer-")
    url = options.database_url or f"sqlite:///{folder}/db.sqlite3"
    if options.postgresql:
        from bench.pgcluster import PgCluster

        cluster = PgCluster().start()
        cluster.create_database("gazetteer")
        url = cluster.url("gazetteer")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    from diaspora.demo_data.geography import COUNTRIES
    from diaspora.directory import gazetteer
    from diaspora.directory.models import City, CityName

    call_command("migrate", verbosity=0)
    rows = []

    def measure(name, call, repeat=1, per=1, note=None):
        wall, cpu, result = timed(call, repeat)
        rows.append((name, wall / per, cpu / per, note or str(result)))
        return result

    measure("load, the world (first)", gazetteer.load)
    measure("load, the world (again)", gazetteer.load)
    measure(
        "find_city, per name",
        lambda: [gazetteer.find_city(c, t) for c, t in SPELLINGS],
        repeat=20,
        per=len(SPELLINGS),
        note=f"{len(SPELLINGS)} names in 6 scripts and spellings",
    )
    for code in ("US", "RU", "AZ"):
        index = measure(f"index({code}), built once", lambda code=code: gazetteer.index(code), 3)
        rows[-1] = (*rows[-1][:3], f"{len(index.by_spelling)} spellings")
    index = gazetteer.index("RU")
    names = ("Москва", "Moskva", "Питер")
    measure("index.get, per name", lambda: [index.get(t) for t in names], 200, 3, "a list's row")
    measure("search, in a country", lambda: gazetteer.search("Моск", "RU"), 20, note="Моск")
    measure("search, the world", lambda: gazetteer.search("Ber"), 20, note="Ber")
    CityName.objects.all().delete()
    City.objects.all().delete()
    demo = sorted({*COUNTRIES, "AZ"})
    measure(f"load, the demo's {len(demo)} countries", lambda: gazetteer.load(demo))
    CityName.objects.all().delete()
    City.objects.all().delete()
    measure("load, the homeland alone", lambda: gazetteer.load(["AZ"]))
    width = max(len(row[0]) for row in rows)
    print(f"{'':<{width}}  {'wall':>11}  {'processor':>11}  result")
    for name, wall, cpu, note in rows:
        print(f"{name:<{width}}  {shown(wall)}  {shown(cpu)}  {note}")
    print(f"database: {os.environ['DATABASE_URL'].split(':', 1)[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
