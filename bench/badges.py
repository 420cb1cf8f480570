"""Badges for a whole congress: 400 accredited people, each with their own photo, in
one PDF, against a baseline measured in the same run (the events app's one-ticket
PDF, made 400 times: what printing the congress as tickets would cost).

    .venv/bin/python -m bench.badges [--people 400] [--rounds 3]

A fresh SQLite registry (migrated, the deployment's network), a congress with a quota
for every country used, 400 nominations accepted through the credentials service
(timed too: each takes a quota seat under its lock, registers, accredits, audits),
and a distinct 600 × 800 JPEG portrait per person set through the photo service (which
checks and re-encodes it). Names come from bench/data/gold_names.csv: each person's
Azerbaijani Latin form, with their Russian Cyrillic and passport forms for the other
languages (the Persian-script rows are left out: fpdf2 without a text shaper would
print them unjoined). Then each layout (A6: 4 to a sheet; card: 10 to a sheet)
is made `--rounds` times; the figure is the median. The first page of each PDF is
written next to the results for a person to look at.

Results: bench/results/badges.json and bench/results/badges.md."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import statistics
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DATABASE = Path("/tmp/bench-badges.sqlite3")
COUNTRIES = ["RU", "TR", "DE", "US", "UA", "GE", "KZ", "GB", "FR", "NL", "IL", "IR"]


def setup_django() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-badges-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    os.environ.setdefault("DIASPORA_VAR_DIR", "/tmp/bench-badges-var")
    import django

    django.setup()


def portrait(seed: int) -> bytes:
    """A distinct photo-like JPEG: a gradient background, a face and shoulders, noise."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.new("RGB", (600, 800))
    draw = ImageDraw.Draw(image)
    top, bottom = (
        [rng.randrange(60, 200) for _ in range(3)],
        [rng.randrange(0, 120) for _ in range(3)],
    )
    for y in range(800):
        mix = y / 800
        draw.line(
            [(0, y), (600, y)],
            fill=tuple(int(t * (1 - mix) + b * mix) for t, b in zip(top, bottom, strict=True)),
        )
    skin = (rng.randrange(170, 240), rng.randrange(130, 200), rng.randrange(100, 170))
    draw.ellipse([180, 150, 420, 460], fill=skin)
    draw.ellipse([60, 480, 540, 1000], fill=tuple(rng.randrange(20, 120) for _ in range(3)))
    draw.ellipse([160, 110, 440, 260], fill=tuple(rng.randrange(10, 80) for _ in range(3)))
    noise = Image.effect_noise((600, 800), 24).convert("RGB")
    image = Image.blend(image, noise, 0.12).filter(ImageFilter.SMOOTH)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def people(count: int) -> list[dict[str, str]]:
    """Each person's name as written in Azerbaijani Latin, and, where the gold set has
    them, their Russian Cyrillic and passport forms for the badge's other languages."""
    forms: dict[str, dict[str, str]] = {}
    with open(HERE / "data" / "gold_names.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            forms.setdefault(row["cluster"], {}).setdefault(row["style"], row["name"])
    found = [
        {
            "az": styles["az_latin"],
            "ru": styles.get("ru_cyrillic", ""),
            "en": styles.get("passport", ""),
        }
        for styles in forms.values()
        if "az_latin" in styles
    ]
    random.Random(7).shuffle(found)
    return (found * (count // max(len(found), 1) + 1))[:count]


def prepare(count: int):
    from datetime import timedelta

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.utils import timezone

    from diaspora.congress import accreditations, nominations, setup
    from diaspora.directory import services as directory
    from diaspora.directory.models import Country
    from diaspora.events import services as events
    from diaspora.events.models import EventKind

    call_command("migrate", verbosity=0)
    config = directory.load_deployment(settings.DIASPORA_DEPLOYMENT)
    events.configure_events(config)
    root = directory.configure_network(config)
    event = events.create_event(
        by=None,
        organisers=[root],
        kind=EventKind.objects.get(code="congress"),
        title="Congress of World Azerbaijanis",
        titles={
            "az": "Dünya Azərbaycanlılarının Qurultayı",
            "ru": "Съезд азербайджанцев мира",
            "en": "Congress of World Azerbaijanis",
        },
        timezone="Asia/Baku",
        country=Country.objects.get(code="AZ"),
        starts_at=timezone.now() + timedelta(days=30),
    )
    congress = setup.make_congress(event, by=None)
    setup.set_quotas(congress, countries={code: count for code in COUNTRIES}, by=None)
    written = people(count)
    nominated = []
    for n in range(count):
        given, _space, surname = written[n]["az"].partition(" ")
        nominated.append(
            nominations.nominate(
                congress,
                organisation=root,
                by=None,
                given_name=given,
                surname=surname,
                email=f"delegate{n}@example.org",
                country=Country.objects.get(code=COUNTRIES[n % len(COUNTRIES)]),
                names={code: name for code, name in written[n].items() if name and code != "az"},
            )
        )
    started = time.perf_counter()
    for nomination in nominated:
        nominations.decide(nomination, "delegate", by=None)
    decided = time.perf_counter() - started
    for n, nomination in enumerate(nominated):
        nomination.refresh_from_db()
        upload = SimpleUploadedFile(f"p{n}.jpg", portrait(n), content_type="image/jpeg")
        accreditations.set_photo(nomination.accreditation, upload, by=None)
    return congress, decided


def timed(work, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.utils import translation

    from diaspora.congress import badges
    from diaspora.congress.models import Congress
    from diaspora.events import tickets

    translation.activate("az")
    congress, decided = prepare(args.people)
    chosen = list(badges.accreditations(congress))
    figures = {"people": len(chosen), "decisions_seconds": round(decided, 2)}
    RESULTS.mkdir(exist_ok=True)
    for size in (Congress.BadgeSize.A6, Congress.BadgeSize.CARD):
        congress.badge_size = size
        seconds, pdf = timed(lambda: badges.badges_pdf(congress, chosen), args.rounds)
        figures[f"badges_{size}_seconds"] = round(seconds, 2)
        figures[f"badges_{size}_megabytes"] = round(len(pdf) / 2**20, 1)
        Path(f"/tmp/bench-badges-{size}.pdf").write_bytes(pdf)
    registrations = [a.registration for a in chosen]
    seconds, _pdf = timed(
        lambda: [tickets.ticket_pdf(registration) for registration in registrations], 1
    )
    figures["baseline_tickets_seconds"] = round(seconds, 2)
    (RESULTS / "badges.json").write_text(json.dumps(figures, indent=2) + "\n")
    n = figures["people"]
    lines = [
        "# Badges: one PDF for the whole congress",
        "",
        f"{figures['people']} accredited people, each with their own photo (`make bench-badges`).",
        "",
        "| what | seconds | size |",
        "|---|---|---|",
        f"| {n} badges, A6 (4 a sheet) | {figures['badges_a6_seconds']} "
        f"| {figures['badges_a6_megabytes']} MB |",
        f"| {n} badges, card (10 a sheet) | {figures['badges_card_seconds']} "
        f"| {figures['badges_card_megabytes']} MB |",
        f"| baseline: {n} one-ticket PDFs (events) | {figures['baseline_tickets_seconds']} | |",
        f"| {n} acceptances by the credentials service | {figures['decisions_seconds']} | |",
        "",
    ]
    (RESULTS / "badges.md").write_text("\n".join(lines))
    print("\n".join(lines))
    print("PDFs: /tmp/bench-badges-a6.pdf /tmp/bench-badges-card.pdf")


if __name__ == "__main__":
    main()
