"""A registry and an online conference's participant report with a known truth, for
bench/attendance.py, written in the three layouts the tools export.

    .venv/bin/python -m bench.attendance_data [--out DIR]   # writes the three reports

The names are not ours: every person is a cluster of bench/data/gold_names.csv (built
from Faker's az_AZ lists and transliteration converters independent of
`diaspora.names`; see bench/README.md), each written 2-5 ways in other scripts and
habits. The registry holds one spelling of most clusters; the conference's
participants write themselves as they do on Zoom:

- members of the registry, most under another spelling of their cluster (another
  script, a passport form, Turkish habit, typing without Azerbaijani letters), some as
  registered, some by one word of their name ("Leyla");
- with the registry's email (most members who have one), another address of theirs,
  or none;
- strangers: the gold set's other clusters, siblings and namesakes of the members
  included (hard negatives), and a few writing a member's very name;
- a quarter of the members registered for the event beforehand;
- rejoins: one participant in five drops out and comes back (two or three lines).

Zoom and Teams carry no country; Webex's attendee list carries the country the
participant gave, usually where the registry has them living, not always.
Deterministic (fixed seed)."""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "gold_names.csv"
SEED = 20_261_130
REGISTRY_SHARE = 0.77  # of the gold clusters, held by the registry
MEMBERS = 560  # registry members taking part
STRANGERS = 205  # participants the registry lacks
NAMESAKES = 8  # strangers writing a member's very name
TWINS = 10  # registry people sharing a participating member's name, elsewhere
REGISTERED_SHARE = 0.25
# Where the diaspora lives (weights): the registry's countries.
COUNTRIES = {
    "RU": 30, "TR": 14, "DE": 8, "UA": 7, "GE": 6, "KZ": 4, "US": 4, "GB": 3, "FR": 3,
    "NL": 2, "SE": 2, "IL": 2, "IR": 3, "AZ": 3, "CA": 1, "AT": 1, "BE": 1, "PL": 1,
    "IT": 1, "ES": 1, "NO": 1, "FI": 1, "UZ": 1, "AE": 1, "CZ": 1, "LT": 1, "LV": 1,
}  # fmt: skip
ENGLISH = {
    "RU": "Russia", "TR": "Turkey", "DE": "Germany", "UA": "Ukraine", "GE": "Georgia",
    "KZ": "Kazakhstan", "US": "United States", "GB": "United Kingdom", "FR": "France",
    "NL": "Netherlands", "SE": "Sweden", "IL": "Israel", "IR": "Iran", "AZ": "Azerbaijan",
    "CA": "Canada", "AT": "Austria", "BE": "Belgium", "PL": "Poland", "IT": "Italy",
    "ES": "Spain", "NO": "Norway", "FI": "Finland", "UZ": "Uzbekistan",
    "AE": "United Arab Emirates", "CZ": "Czechia", "LT": "Lithuania", "LV": "Latvia",
}  # fmt: skip
START = datetime(2026, 12, 31, 10, 0)


@dataclass
class Member:
    index: int  # the registry's order: bench.attendance registers them in it
    cluster: str
    name: str
    country: str
    email: str = ""


@dataclass
class Participant:
    pid: int
    truth: int | None  # the registry member's index, None for a stranger
    name: str
    email: str
    country: str  # ISO code, "" when not given
    registered: bool = False
    stays: list[tuple[datetime, datetime]] = field(default_factory=list)
    renamed: str = ""  # Zoom's display name when they renamed themselves


@dataclass
class Dataset:
    registry: list[Member]
    participants: list[Participant]


def clusters() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    with GOLD.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found[row["cluster"]].append(row["name"])
    return dict(found)


def crowd(count: int, start: int) -> list[Member]:
    """Registry people who take no part: Faker's az_AZ names (the lists the gold set's
    names come from, so namesakes of participants abound), seeded."""
    from faker import Faker

    faker = Faker("az_AZ")
    faker.seed_instance(SEED)
    rng = random.Random(SEED + 1)
    found = []
    for number in range(count):
        male = rng.random() < 0.5
        given = faker.first_name_male() if male else faker.first_name_female()
        surname = faker.last_name_male() if male else faker.last_name_female()
        email = f"c{number:06d}@example.com" if rng.random() < 0.4 else ""
        found.append(Member(start + number, "", f"{given} {surname}", pick_country(rng), email))
    return found


def pick_country(rng: random.Random) -> str:
    return rng.choices(list(COUNTRIES), weights=list(COUNTRIES.values()))[0]


def dataset() -> Dataset:
    rng = random.Random(SEED)
    gold = clusters()
    keys = sorted(gold)
    rng.shuffle(keys)
    held = keys[: round(len(keys) * REGISTRY_SHARE)]
    others = keys[len(held) :]
    registry: list[Member] = []
    for cluster in held:
        spelling = rng.choice(gold[cluster])
        member = Member(len(registry), cluster, spelling, pick_country(rng))
        if rng.random() < 0.6:
            member.email = f"m{len(registry):04d}.{rng.choice(['az', 'mail', 'box'])}@example.org"
        registry.append(member)
    taking_part = rng.sample(registry, MEMBERS)
    # Twins: another registry person with the very name of a participating member.
    for member in rng.sample(taking_part, TWINS):
        country = pick_country(rng)
        while country == member.country:
            country = pick_country(rng)
        registry.append(Member(len(registry), member.cluster + "-twin", member.name, country))
    participants: list[Participant] = []
    for member in taking_part:
        participants.append(member_participant(rng, len(participants), member, gold))
    for cluster in rng.sample(others, STRANGERS):
        name = rng.choice(gold[cluster])
        email = f"guest{len(participants)}@example.net" if rng.random() < 0.5 else ""
        country = pick_country(rng) if rng.random() < 0.9 else ""
        participants.append(Participant(len(participants), None, name, email, country))
    written = {p.name for p in participants}
    for member in rng.sample([m for m in registry if m.name not in written], NAMESAKES):
        country = pick_country(rng)
        participants.append(Participant(len(participants), None, member.name, "", country))
    for participant in participants:
        participant.stays = stays(rng)
        if rng.random() < 0.04:
            participant.renamed = rng.choice(["Baku", "Guest", "Student", "Əzizə's phone"])
    rng.shuffle(participants)
    return Dataset(registry, participants)


def member_participant(
    rng: random.Random, pid: int, member: Member, gold: dict[str, list[str]]
) -> Participant:
    spellings = [name for name in gold[member.cluster] if name != member.name]
    roll = rng.random()
    if roll < 0.06:
        name = rng.choice(member.name.split())  # one word: "Leyla"
    elif roll < 0.31 or not spellings:
        name = member.name
    else:
        name = rng.choice(spellings)
    email = ""
    if member.email:
        roll = rng.random()
        email = member.email if roll < 0.7 else f"p{pid}@work.example.com" if roll < 0.8 else ""
        if email and rng.random() < 0.2:
            email = email.upper() if rng.random() < 0.5 else email.capitalize()
    elif rng.random() < 0.3:
        email = f"p{pid}@home.example.com"
    country = ""
    if rng.random() < 0.9:
        country = member.country if rng.random() < 0.9 else pick_country(rng)
    registered = rng.random() < REGISTERED_SHARE
    return Participant(pid, member.index, name, email, country, registered)


def stays(rng: random.Random) -> list[tuple[datetime, datetime]]:
    """One to three stays: most stay, one in five rejoins."""
    count = 1 if rng.random() < 0.8 else rng.choice([2, 2, 3])
    found, moment = [], START + timedelta(minutes=rng.randint(-5, 30))
    for _ in range(count):
        end = moment + timedelta(minutes=rng.randint(5, 90), seconds=rng.randint(0, 59))
        found.append((moment, end))
        moment = end + timedelta(minutes=rng.randint(1, 20))
    return found


# -- the three layouts --------------------------------------------------------------


def lines(data: Dataset) -> list[tuple[Participant, datetime, datetime]]:
    """One line per stay, in the order the tools write them (by join time)."""
    found = [(p, start, end) for p in data.participants for start, end in p.stays]
    return sorted(found, key=lambda line: (line[1], line[0].pid))


def minutes(start: datetime, end: datetime) -> int:
    return max(1, round((end - start).total_seconds() / 60))


def zoom(data: Dataset) -> tuple[bytes, dict[int, int]]:
    """Zoom's participant report (UTF-8 CSV): the meeting block, then one line per
    connection. Returns the bytes and each line's participant (line → pid)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows = lines(data)
    writer.writerow(
        ["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)",
         "Participants"]
    )  # fmt: skip
    writer.writerow(
        ["812 3456 7890", "Будем едины, будем солидарны! Online conference",
         "12/31/2026 10:00:00 AM", "12/31/2026 01:30:00 PM", "host@example.org", "210",
         str(len(data.participants))]
    )  # fmt: skip
    writer.writerow([])
    writer.writerow(
        ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)",
         "Guest", "Recording Consent", "In Waiting Room"]
    )  # fmt: skip
    owners = {}
    for number, (p, start, end) in enumerate(rows, start=5):
        name = f"{p.renamed} ({p.name})" if p.renamed else p.name
        stamp = "%m/%d/%Y %I:%M:%S %p"
        writer.writerow(
            [name, p.email, start.strftime(stamp), end.strftime(stamp), minutes(start, end),
             "No" if p.email else "Yes", "Y", "No"]
        )  # fmt: skip
        owners[number] = p.pid
    return out.getvalue().encode("utf-8"), owners


def teams_duration(start: datetime, end: datetime) -> str:
    seconds = int((end - start).total_seconds())
    hours, rest = divmod(seconds, 3600)
    return (f"{hours}h " if hours else "") + f"{rest // 60}m {rest % 60}s"


def teams(data: Dataset) -> tuple[bytes, dict[int, int]]:
    """Teams' attendance report: UTF-16 LE with a BOM, tab-separated, its Summary,
    Participants and In-Meeting Activities sections."""
    rows = lines(data)
    stamp = "%m/%d/%y, %I:%M:%S %p"
    text = [
        ["1. Summary"],
        ["Meeting title", "Будем едины, будем солидарны! Online conference"],
        ["Attended participants", str(len(data.participants))],
        ["Start time", START.strftime(stamp)],
        ["End time", (START + timedelta(hours=3, minutes=30)).strftime(stamp)],
        ["Meeting duration", "3h 30m 0s"],
        [],
        ["2. Participants"],
        ["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email",
         "Participant ID (UPN)", "Role"],
    ]  # fmt: skip
    for p in sorted(data.participants, key=lambda p: p.stays[0][0]):
        first, last = p.stays[0][0], p.stays[-1][1]
        spent = sum(((end - start) for start, end in p.stays), timedelta())
        guest = "" if p.email else " (Guest)"
        text.append(
            [p.name + guest, first.strftime(stamp), last.strftime(stamp),
             teams_duration(START, START + spent), p.email, p.email, "Attendee"]
        )  # fmt: skip
    text += [[], ["3. In-Meeting Activities"], ["Name", "Join Time", "Leave Time", "Duration",
             "Email", "Role"]]  # fmt: skip
    owners = {}
    for p, start, end in rows:
        guest = "" if p.email else " (Guest)"
        text.append(
            [p.name + guest, start.strftime(stamp), end.strftime(stamp),
             teams_duration(start, end), p.email, "Attendee"]
        )  # fmt: skip
        owners[len(text)] = p.pid
    body = "\r\n".join("\t".join(cells) for cells in text) + "\r\n"
    return codecs.BOM_UTF16_LE + body.encode("utf-16-le"), owners


def webex(data: Dataset) -> tuple[bytes, dict[int, int]]:
    """Webex's attendee list: UTF-16 LE with a BOM, tab-separated, durations in mins,
    the country the participant gave."""
    stamp = "%b %d, %Y %I:%M %p"
    text = [
        ["Name", "Email", "Invited", "Registered", "Join Time", "Leave Time",
         "Attendance Duration", "Connection Type", "Country/Region"]
    ]  # fmt: skip
    owners = {}
    for p, start, end in lines(data):
        text.append(
            [p.name, p.email, "No", "Yes" if p.registered else "No", start.strftime(stamp),
             end.strftime(stamp), f"{minutes(start, end)} mins",
             "Computer" if p.pid % 3 else "Mobile", ENGLISH.get(p.country, "")]
        )  # fmt: skip
        owners[len(text)] = p.pid
    body = "\r\n".join("\t".join(cells) for cells in text) + "\r\n"
    return codecs.BOM_UTF16_LE + body.encode("utf-16-le"), owners


LAYOUTS = {"zoom": zoom, "teams": teams, "webex": webex}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-attendance"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = dataset()
    for layout, write in LAYOUTS.items():
        body, owners = write(data)
        path = args.out / f"{layout}.csv"
        path.write_bytes(body)
        print(f"{path}: {len(owners)} lines, {len(data.participants)} participants")


if __name__ == "__main__":
    main()
