"""A registry and an online conference's participant report with a known truth, for
bench/attendance.py, written in the three layouts the tools export.

    .venv/bin/python -m bench.attendance_data [--out DIR]   # writes the three reports

The names are not ours: people are drawn as bench/imports_data.py draws them (country
by community size, sex, the country's spelling habit deciding the script), their names
from `bench/vocabulary.py` (real spellings of real names in Latin, Cyrillic and Arabic
script, Wikidata's pairs and Faker's locales, Zipf-drawn: common names have many
namesakes). The registry writes each person one way (given name, surname, a father's
name for 60 %, an email for 45 %). The conference's participants write themselves as
people do on Zoom, Teams and Webex:

- members of the registry: a quarter as the registry writes them (without the father's
  name), most in another real spelling of their name (Latin mostly, sometimes Cyrillic
  or Arabic script, the registry's script otherwise), some typed in plain Latin letters
  (anyascii of the registry's spelling: Rəşad → Resad), some as a given name and a
  surname's initial ("Leyla M."), by the given name alone, surname first, or with the
  father's name; some in capitals or lower case;
- with the registry's email (most members who have one; in capitals now and then),
  another address of theirs, or none;
- strangers: people the registry lacks, drawn the same way (namesakes of registry
  people arise by themselves), members' relatives (the member's surname, another
  given name), members' namesakes (the same name, another person), and a few writing a
  registry member's very name;
- a quarter of the members registered for the event beforehand, and 90 registry
  people who registered and did not come (a namesake's registration confirms nothing);
- rejoins: one participant in five drops out and comes back (two or three lines);
- 4 % renamed on Zoom ("iPhone", "Guest"...).

Zoom and Teams carry no country; Webex's attendee list carries the country the
participant gave, usually where the registry has them living, not always.
Needs Django's settings (the demo's countries and their names); touches no database.
Deterministic (fixed seed)."""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import os
import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from anyascii import anyascii

from bench import imports_data, vocabulary
from bench.vocabulary import ARABIC, CYRILLIC, LATIN, Name

SEED = 20_261_130
DATA_VERSION = 2  # 1: the gold set and Faker az_AZ; 2: bench/vocabulary.py
PEOPLE = 1_200  # registry people beside the crowd (`extra`)
MEMBERS = 560  # registry members taking part
STRANGERS = 160  # participants the registry lacks, drawn anew
RELATIVES = 25  # strangers: a participating member's surname, another given name
LOOKALIKES = 20  # strangers: a participating member's name, another person
NAMESAKES = 8  # strangers writing a registry member's very name
TWINS = 10  # registry people with a participating member's very name, elsewhere
REGISTERED_SHARE = 0.25
NO_SHOWS = 90  # registry people registered for the event who do not come
EMAIL_DOMAINS = ("gmail.com", "mail.ru", "yandex.ru", "outlook.com", "hotmail.com")
START = datetime(2026, 12, 31, 10, 0)


@dataclass
class Member:
    index: int  # the registry's order: bench.attendance registers them in it
    name: str  # as the registry writes it
    country: str
    email: str = ""
    record: dict = field(default_factory=dict)  # what `register_many` takes, country aside
    drawn: imports_data.Drawn | None = None


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
    how: str = ""  # how the name is written (for the report's breakdown)


@dataclass
class Dataset:
    registry: list[Member]
    participants: list[Participant]
    no_shows: list[int] = field(default_factory=list)  # registered, not taking part


class Writer:
    """Names and addresses as the registry and as the participants write them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.drawer = imports_data.Drawer(rng)
        self.words = vocabulary.load()

    def member(self, index: int, drawn: imports_data.Drawn) -> Member:
        from diaspora.demo_data.build import style_for

        spelling = imports_data.spelled(drawn, style_for(drawn.country, self.rng), self.rng)
        email = imports_data.email_of(spelling, drawn)
        record = {
            "full_name": spelling.full_name,
            "given_name": spelling.given,
            "surname": spelling.surname,
            "patronymic": spelling.patronymic,
            "sex": "f" if drawn.female else "m",
            "email": email,
        }
        return Member(index, spelling.full_name, drawn.country, email, record, drawn)

    def display(self, drawn: imports_data.Drawn, registered: dict | None) -> tuple[str, str]:
        """(how, name) a person types into the conference tool: `registered` is the
        registry's record when they are a member (None for a stranger)."""
        rng, words = self.rng, self.words
        female = drawn.female
        roll = rng.random()
        if registered is not None and roll < 0.25:
            how, name = "as registered", f"{registered['given_name']} {registered['surname']}"
        elif roll < 0.62:
            # Their own Latin spelling: Zoom accounts are mostly in Latin letters.
            _s, given, surname, _f = words.written(rng, drawn.name, LATIN, female=female)
            how, name = "latin", f"{given} {surname}"
        elif roll < 0.72:
            script = rng.choice([CYRILLIC, CYRILLIC, ARABIC])
            got, given, surname, _f = words.written(rng, drawn.name, script, female=female)
            how, name = vocabulary.SCRIPTS[got], f"{given} {surname}"
        elif roll < 0.80:
            # Typed on a keyboard without the letters: anyascii of how they write it.
            source = registered or self.record_like(drawn)
            how = "plain latin"
            name = anyascii(f"{source['given_name']} {source['surname']}")
        elif roll < 0.87:
            _s, given, surname, _f = words.written(
                rng, drawn.name, self.script_of(drawn), female=female
            )
            how, name = "given + initial", f"{given} {surname[:1]}."
        elif roll < 0.91:
            _s, given, _surname, _f = words.written(
                rng, drawn.name, self.script_of(drawn), female=female
            )
            how, name = "given name only", given
        elif roll < 0.96:
            _s, given, surname, _f = words.written(
                rng, drawn.name, self.script_of(drawn), female=female
            )
            how, name = "surname first", f"{surname} {given}"
        else:
            _s, given, surname, father = words.written(
                rng, drawn.name, self.script_of(drawn), female=female, patronymic=True
            )
            order = (given, surname, father) if " " in father else (given, father, surname)
            how, name = "with father's name", " ".join(part for part in order if part)
        case = rng.random()
        if case < 0.07:
            name, how = name.lower(), how + ", lower case"
        elif case < 0.11:
            name, how = name.upper(), how + ", capitals"
        return how, name

    def script_of(self, drawn: imports_data.Drawn) -> int:
        """The script the person writes in at home."""
        from diaspora.demo_data.build import style_for

        return vocabulary.script_of_style(style_for(drawn.country, self.rng))

    def record_like(self, drawn: imports_data.Drawn) -> dict:
        _s, given, surname, _f = self.words.written(
            self.rng, drawn.name, self.script_of(drawn), female=drawn.female
        )
        return {"given_name": given, "surname": surname}

    def own_address(self, drawn: imports_data.Drawn, serial: int) -> str:
        """An address of theirs the registry does not have."""
        given = anyascii(self.words.labels[drawn.name.given]).lower()
        surname = anyascii(self.words.labels[drawn.name.surname]).lower()
        local = self.rng.choice(
            [f"{given}.{surname}", f"{given}{surname}", f"{given[:1]}{surname}"]
        )
        local = "".join(ch for ch in local if ch.isalnum() or ch == ".").strip(".") or "me"
        return f"{local}{serial}@{self.rng.choice(EMAIL_DOMAINS)}"


def another_country(writer: Writer) -> str:
    """A country drawn by community size, as the registry's are."""
    drawer = writer.drawer
    return drawer.codes[bisect(drawer.cumulative, writer.rng.random() * drawer.cumulative[-1])]


def dataset(extra: int = 20_000) -> Dataset:
    """The registry (`PEOPLE` + `extra` people) and the participants."""
    rng = random.Random(SEED + DATA_VERSION)
    writer = Writer(rng)
    registry = [writer.member(i, writer.drawer.person(i + 1)) for i in range(PEOPLE + extra)]
    taking_part = rng.sample(registry, MEMBERS)
    # Twins: another registry person with the very name of a participating member.
    for member in rng.sample(taking_part, TWINS):
        assert member.drawn is not None
        twin = writer.drawer.person(len(registry) + 1)
        while twin.country == member.country:
            twin = writer.drawer.person(len(registry) + 1)
        copy = Member(len(registry), member.name, twin.country, "", {**member.record, "email": ""})
        copy.drawn = twin
        registry.append(copy)
    participants: list[Participant] = []
    for member in taking_part:
        participants.append(member_participant(writer, len(participants), member))
    drawer = writer.drawer
    for number in range(STRANGERS):
        stranger(writer, participants, drawer.person(5_000_000 + number), "stranger")
    for member in rng.sample(taking_part, RELATIVES):
        assert member.drawn is not None
        other = drawer.person(6_000_000 + len(participants))
        sex = "f" if other.female else "m"
        given = writer.words.draw_given(rng, writer.script_of(member.drawn), sex)
        name = Name(given, member.drawn.name.surname, member.drawn.name.father)
        relative = imports_data.Drawn(**{**other.__dict__, "name": name, "country": member.country})
        stranger(writer, participants, relative, "relative")
    for member in rng.sample(taking_part, LOOKALIKES):
        assert member.drawn is not None
        other = drawer.person(7_000_000 + len(participants))
        lookalike = imports_data.Drawn(
            **{**other.__dict__, "name": member.drawn.name, "female": member.drawn.female}
        )
        stranger(writer, participants, lookalike, "namesake")
    written = {p.name for p in participants}
    for member in rng.sample([m for m in registry if m.name not in written], NAMESAKES):
        country = another_country(writer)
        participants.append(
            Participant(
                len(participants), None, member.name, "", country, how="a member's very name"
            )
        )
    for participant in participants:
        participant.stays = stays(rng)
        if rng.random() < 0.04:
            participant.renamed = rng.choice(["iPhone", "Guest", "Baku", "Galaxy A52", "Ноутбук"])
    rng.shuffle(participants)
    coming = {m.index for m in taking_part}
    no_shows = rng.sample([m.index for m in registry if m.index not in coming], NO_SHOWS)
    return Dataset(registry, participants, sorted(no_shows))


def stranger(writer: Writer, participants: list[Participant], drawn, kind: str) -> None:
    rng = writer.rng
    how, name = writer.display(drawn, None)
    email = writer.own_address(drawn, len(participants)) if rng.random() < 0.5 else ""
    country = drawn.country if rng.random() < 0.9 else ""
    participants.append(
        Participant(len(participants), None, name, email, country, how=f"{kind}: {how}")
    )


def member_participant(writer: Writer, pid: int, member: Member) -> Participant:
    rng = writer.rng
    assert member.drawn is not None
    how, name = writer.display(member.drawn, member.record)
    email = ""
    if member.email:
        roll = rng.random()
        if roll < 0.7:
            email = member.email
            if rng.random() < 0.2:
                email = email.upper() if rng.random() < 0.5 else email.capitalize()
        elif roll < 0.8:
            email = writer.own_address(member.drawn, pid)
    elif rng.random() < 0.3:
        email = writer.own_address(member.drawn, pid)
    country = ""
    if rng.random() < 0.9:
        country = member.country if rng.random() < 0.9 else another_country(writer)
    registered = rng.random() < REGISTERED_SHARE
    return Participant(pid, member.index, name, email, country, registered, how=how)


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
    from diaspora.localized import country_name

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
             "Computer" if p.pid % 3 else "Mobile",
             country_name(p.country, "en") if p.country else ""]
        )  # fmt: skip
        owners[len(text)] = p.pid
    body = "\r\n".join("\t".join(cells) for cells in text) + "\r\n"
    return codecs.BOM_UTF16_LE + body.encode("utf-16-le"), owners


def setup_settings() -> None:
    """Django's settings, for the demo's countries and their names (no database)."""
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-attendance-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()


LAYOUTS = {"zoom": zoom, "teams": teams, "webex": webex}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-attendance"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    setup_settings()
    data = dataset()
    for layout, write in LAYOUTS.items():
        body, owners = write(data)
        path = args.out / f"{layout}.csv"
        path.write_bytes(body)
        print(f"{path}: {len(owners)} lines, {len(data.participants)} participants")


if __name__ == "__main__":
    main()
