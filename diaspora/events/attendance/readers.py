"""Participant reports as the conference tools export them, into one list of
participants, or a clear refusal.

Four layouts are known:
- Zoom's participant report (CSV, UTF-8): an optional meeting block (Meeting ID,
  Topic, Start Time…, one header line and one value line), then the participants'
  header `Name (Original Name), User Email, Join Time, Leave Time, Duration
  (Minutes), Guest…`, one line per connection.
- Microsoft Teams' attendance report (UTF-16 LE with a BOM, tab-separated): a
  "1. Summary" section of label/value lines, "2. Participants" (one line per person,
  `Name, First Join, Last Leave, In-Meeting Duration, Email…`) and "3. In-Meeting
  Activities" (one line per connection), read in preference when present.
- Webex's attendee list (UTF-16, tab-separated): `Name, Email, Join Time, Leave Time,
  Attendance Duration…`, durations as "12 mins".
- A plain list (CSV, XLSX or ODS): name (or surname, given name and patronymic in
  their own columns), email, country and, if known, minutes.

The bytes are decoded and bounded by the member lists' reader (`imports.readers`:
encodings, size, line and cell limits, spreadsheet bombs). Nothing here knows
about people: `merge` folds a participant's rejoins into one."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from diaspora import names
from diaspora.imports import readers
from diaspora.imports.columns import header_key, known_headers
from diaspora.imports.readers import Rejected
from diaspora.imports.workbooks import MAX_CELL_CHARS

MAX_PARTICIPANTS = 100_000  # connections in one report: far above any conference
NAME_LENGTH = 255


@dataclass
class Connection:
    """One line of a report: one participant's stay, or their whole attendance."""

    line: int  # in the file, for messages
    name: str
    email: str = ""
    joined: datetime | None = None
    left: datetime | None = None
    minutes: int = 0
    country: str = ""  # as written (a name or a code)
    host: bool = False  # the meeting's host or organiser: not one of the audience


@dataclass
class Participant:
    """One person as the report knows them, their rejoins merged."""

    name: str
    email: str
    minutes: int
    joined: datetime | None
    left: datetime | None
    country: str
    lines: list[int] = field(default_factory=list)


@dataclass
class Problem:
    line: int
    column: str
    value: str
    reason: str


@dataclass
class Report:
    layout: str  # zoom, teams, webex or list
    connections: list[Connection]
    problems: list[Problem]
    participants: list[Participant] = field(default_factory=list)
    hosts: list[Participant] = field(default_factory=list)  # left out of the participants


# Column titles as each tool writes them (folded: lower case, no punctuation), by field.
TITLES = {
    "name": {
        "name original name",
        "name",
        "fullname",
        "full name",
        "participant name",
        "attendee name",
        "display name",
        "participant",
        "user name",
        "имя",
        "фио",
        "ad",
        "adsoyad",
        "ad soyad",
    },
    "email": {
        "user email",
        "email",
        "email address",
        "attendee email",
        "participant id upn",
        "e-mail",
        "mail",
        "почта",
        "e-poçt",
        "epoçt",
    },
    "joined": {"join time", "first join", "joined", "join"},
    "left": {"leave time", "last leave", "left", "leave"},
    "minutes": {
        "duration minutes",
        "total duration minutes",  # Zoom's "Show unique users" export
        "duration",
        "in-meeting duration",
        "attendance duration",
        "duration mins",
        "time in session minutes",
        "minutes",
        "минуты",
        "минут",
        "dəqiqə",
    },
    "country": {"country", "country/region", "country/region name", "location", "страна", "ölkə"},
    "role": {"role", "participant role", "user role", "роль", "rol"},
    "invited": {"invited"},
    "registered": {"registered"},
}

# Roles of those who run the meeting (Teams' Organizer, Webex's Host…), folded.
HOST_ROLES = {
    "organizer",
    "organiser",
    "co-organizer",
    "co-organiser",
    "host",
    "co-host",
    "cohost",
    "организатор",
    "соорганизатор",
    "ведущий",
    "təşkilatçı",
    "aparıcı",
}


@dataclass
class Hosts:
    """Whom a report names as its meeting's host (Zoom's meeting block)."""

    emails: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # folded


def title_key(title: str) -> str:
    return " ".join(re.sub(r"[()\[\]:.]", " ", title.lower()).split())


# A plain list may give the name in parts, as member lists do (Фамилия, Имя; Soyad,
# Ad; Last name, First name): read with the member lists' column titles.
NAME_PARTS = ("given_name", "patronymic", "surname")


def field_of(title: str) -> str | None:
    key = title_key(title)
    for name, titles in TITLES.items():
        if key in titles:
            return name
    part = known_headers().get(header_key(title))
    return part if part in NAME_PARTS else None


def name_columns(header: list[str], columns: dict[str, int]) -> None:
    """Beside a surname column, "Имя", "Ad" or "Name" is the given name: the name is
    the parts joined, never the given name alone."""
    if "surname" not in columns or "name" not in columns or "given_name" in columns:
        return
    title = header_key(header[columns["name"]])
    if title == "name" or known_headers().get(title) == "given_name":  # not "ФИО", "Ad soyad"
        columns["given_name"] = columns.pop("name")


def read(data: bytes, filename: str = "") -> Report:
    """The report's participants, rejoins merged, and the lines it could not read."""
    if len(data) > readers.MAX_BYTES:
        readers.read_table(data)  # refuses with the member lists' message
    if data.startswith(b"PK\x03\x04"):
        table = readers.read_table(data, filename)
        report = from_rows("list", [table.header, *table.rows], start=1)
    else:
        if not data.strip():
            raise Rejected(_("The file is empty."))
        text, _encoding = readers.decode(data)
        readers.check_lines(text)
        report = from_text(text)
    report.participants = merge([c for c in report.connections if not c.host])
    report.hosts = merge([c for c in report.connections if c.host])
    if not report.participants and not report.problems:
        raise Rejected(_("The file lists no participants."))
    return report


def records(text: str, delimiter: str) -> list[list[str]]:
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return readers.limited(reader)
    except csv.Error as error:
        raise Rejected(
            _("Line %(line)d cannot be read: %(reason)s")
            % {"line": reader.line_num, "reason": error}
        ) from error


def from_text(text: str) -> Report:
    first = text[:4000]
    delimiter = "\t" if first.count("\t") > max(first.count(","), first.count(";")) else None
    if delimiter is None:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = records(text, delimiter)
    if teams(rows):
        return from_teams(rows)
    header_at = next((i for i, row in enumerate(rows) if participants_header(row)), None)
    if header_at is None:
        raise Rejected(
            _(
                "No line of the file names the participants' columns (a name, and an "
                "email or a duration): is it a Zoom, Teams or Webex participant report?"
            )
        )
    header = rows[header_at]
    layout = "list"
    if any(title_key(cell) == "name original name" for cell in header):
        layout = "zoom"
    elif delimiter == "\t":
        layout = "webex"
    return from_rows(
        layout, rows[header_at:], start=header_at + 1, hosts=meeting_hosts(rows[:header_at])
    )


def meeting_hosts(rows: list[list[str]]) -> Hosts:
    """The host named in a meeting block above the participants: Zoom writes "Host
    Name" and "Host Email", or (older reports) the host's address as "User Email",
    on the line under the block's titles."""
    found = Hosts()
    for titles, values in zip(rows, rows[1:], strict=False):
        keys = [title_key(title) for title in titles]
        if "meeting id" not in keys and "topic" not in keys:
            continue
        for key, value in zip(keys, values, strict=False):
            value = value.strip()
            if key in {"host email", "user email", "email"} and "@" in value:
                found.emails.add(value.lower())
            elif key in {"host name", "host"} and value:
                found.names.add(names.fold(value))
    return found


def participants_header(row: list[str]) -> bool:
    fields = {field_of(cell) for cell in row}
    named = "name" in fields or "surname" in fields
    return named and bool(fields & {"email", "minutes", "joined", "country"})


def teams(rows: list[list[str]]) -> bool:
    return any(row and section_number(row[0]) == 2 for row in rows[:200])


def section_number(cell: str) -> int | None:
    found = re.match(r"^\s*([1-9])\.\s+\S", cell)
    return int(found.group(1)) if found else None


def from_teams(rows: list[list[str]]) -> Report:
    """Teams' sections: the In-Meeting Activities (each connection) when the report
    has them, else the Participants (each person's total)."""
    sections: dict[int, list[tuple[int, list[str]]]] = {}
    current = 0
    for number, row in enumerate(rows, start=1):
        found = section_number(row[0]) if len(row) and not any(row[1:]) else None
        if found is not None:
            current = found
            continue
        if any(row):
            sections.setdefault(current, []).append((number, row))
    for wanted in (3, 2):
        lines = sections.get(wanted, [])
        if lines and participants_header(lines[0][1]):
            start = lines[0][0]
            return from_rows("teams", [row for _n, row in lines], start=start, numbers=lines)
    raise Rejected(_("The Teams report has no Participants section with a Name column."))


def from_rows(
    layout: str,
    rows: list[list[str]],
    *,
    start: int,
    numbers: list[tuple[int, list[str]]] | None = None,
    hosts: Hosts | None = None,
) -> Report:
    """The lines under a header (`rows[0]`); `start` is the header's line in the file."""
    header = rows[0]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        found = field_of(title)
        if found and found not in columns:
            columns[found] = index
    name_columns(header, columns)
    if "name" not in columns and "surname" not in columns:
        raise Rejected(_("The list has no column of names (Name, Full name…)."))
    report = Report(layout, [], [])
    for offset, row in enumerate(rows[1:], start=1):
        line = numbers[offset][0] if numbers else start + offset
        if not any(row):
            continue
        if len(report.connections) >= MAX_PARTICIPANTS:
            raise Rejected(
                _("The report has more than %(limit)d lines; split it.")
                % {"limit": MAX_PARTICIPANTS}
            )
        connection = read_connection(row, columns, line, report.problems)
        if connection is not None:
            connection.host = hosting(row, columns, connection, hosts or Hosts())
            report.connections.append(connection)
    return report


def cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def read_connection(
    row: list[str], columns: dict[str, int], line: int, problems: list[Problem]
) -> Connection | None:
    written = cell(row, columns, "name") or " ".join(
        filter(None, (cell(row, columns, part) for part in NAME_PARTS))
    )
    name = display_name(written)
    if not name:
        problems.append(Problem(line, "name", written, _("No name.")))
        return None
    if len(name) > NAME_LENGTH:
        problems.append(Problem(line, "name", name[:40] + "…", _("The name is too long.")))
        return None
    email = cell(row, columns, "email")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        email = ""  # Teams writes the user's id there for guests: not an address
    connection = Connection(line, name, email.lower(), country=cell(row, columns, "country"))
    for key in ("joined", "left"):
        raw = cell(row, columns, key)
        if raw:
            moment = moment_of(raw)
            if moment is None:
                problems.append(
                    Problem(line, key, raw, _("This time cannot be read; it is left out."))
                )
            setattr(connection, key, moment)
    raw = cell(row, columns, "minutes")
    minutes = minutes_of(raw) if raw else None
    if raw and minutes is None:
        problems.append(Problem(line, "minutes", raw, _("This duration cannot be read.")))
    if minutes is None and connection.joined and connection.left:
        minutes = max(0, round((connection.left - connection.joined).total_seconds() / 60))
    connection.minutes = minutes or 0
    return connection


def hosting(row: list[str], columns: dict[str, int], connection: Connection, hosts: Hosts) -> bool:
    """Whether a line is the meeting's host: by its role (Teams, Webex), by the host
    the meeting block names (Zoom), by Zoom's "(Host)" after the name, or, in Webex's
    attendee list, by "N/A" as both invited and registered (only the host is neither)."""
    if title_key(cell(row, columns, "role")) in HOST_ROLES:
        return True
    if connection.email and connection.email in hosts.emails:
        return True
    if names.fold(connection.name) in hosts.names:
        return True
    if re.search(r"\((host|co-host)\)\s*$", cell(row, columns, "name"), re.IGNORECASE):
        return True
    not_applicable = {"n/a", "na"}
    return (
        "invited" in columns
        and "registered" in columns
        and cell(row, columns, "invited").lower() in not_applicable
        and cell(row, columns, "registered").lower() in not_applicable
    )


def display_name(raw: str) -> str:
    """The name a person is known by: Zoom writes "Name (Original Name)" when they
    renamed themselves, Teams appends "(Guest)" or "(External)"; phones add
    "iPhone de …". The original name in brackets, when there is one, wins."""
    text = " ".join(raw.split())
    bracket = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if bracket:
        outer, inner = bracket.group(1), bracket.group(2)
        if title_key(inner) in {"guest", "external", "unverified", "host", "co-host", "гость"}:
            text = outer
        elif names.clean(inner) and not re.search(r"\d", inner):
            text = inner  # the original name, before a rename
        else:
            text = outer
    text = re.sub(r"(?i)^(iphone|ipad|galaxy|samsung|android)\s+(de|of|von|di)?\s*", "", text)
    text = re.sub(r"(?i)'s\s+(iphone|ipad|android|galaxy)$", "", text)
    return text.strip(" -_|")


MOMENT_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",  # Zoom (US)
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y, %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%m/%d/%y, %I:%M:%S %p",  # Teams (en-US)
    "%d/%m/%Y, %H:%M:%S",  # Teams (en-GB)
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%b %d, %Y %I:%M %p",  # Webex
    "%b %d, %Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
)


def moment_of(raw: str) -> datetime | None:
    """A time as the tools write it, without a zone (the report's own)."""
    text = " ".join(raw.replace("\u202f", " ").split())
    text = re.sub(r"\s*(GMT|UTC)([+-]\d{1,2}(:?\d\d)?)?$", "", text)
    for pattern in MOMENT_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def minutes_of(raw: str) -> int | None:
    """Minutes from "42", "42.5", "1h 4m 28s", "1:04:28", "12 mins" or "2 hr 3 min"."""
    text = raw.strip().lower().replace(",", ".")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return round(float(text))
    clock = re.fullmatch(r"(\d+):(\d\d)(?::(\d\d))?", text)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return hours * 60 + minutes + round(seconds / 60)
    parts = re.findall(
        r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hour|hours|m|min|mins|minutes|s|sec|secs)\b", text
    )
    if not parts or re.sub(r"[\d.\s]|h(ou)?rs?|hours?|min(ute)?s?|secs?|[hms]", "", text):
        return None
    total = 0.0
    for value, unit in parts:
        total += float(value) * (
            60 if unit.startswith("h") else 1 / 60 if unit.startswith("s") else 1
        )
    return round(total)


def merge(connections: list[Connection]) -> list[Participant]:
    """One participant per person: connections with the same email, or without one
    and the same name (folded, any script), are one person's rejoins; their
    minutes are summed and their first join and last leave kept."""
    merged: dict[str, Participant] = {}
    for connection in connections:
        key = connection.email or "name:" + names.fold(connection.name)
        found = merged.get(key)
        if found is None:
            merged[key] = Participant(
                name=connection.name,
                email=connection.email,
                minutes=connection.minutes,
                joined=connection.joined,
                left=connection.left,
                country=connection.country,
                lines=[connection.line],
            )
            continue
        found.minutes += connection.minutes
        found.lines.append(connection.line)
        found.country = found.country or connection.country
        if connection.joined and (found.joined is None or connection.joined < found.joined):
            found.joined = connection.joined
        if connection.left and (found.left is None or connection.left > found.left):
            found.left = connection.left
    return list(merged.values())
