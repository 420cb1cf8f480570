"""Online-conference attendance matched to the registry: ours against a plain
email-then-exact-name baseline, on one truth, in the three layouts.

    .venv/bin/python -m bench.attendance
    make bench-attendance

1. data     bench/attendance_data.py: a registry of 1,210 + `--extra` people (names
            of bench/vocabulary.py: real spellings in Latin, Cyrillic and Arabic
            script, Zipf-drawn; one spelling each, countries, emails for 45 %) and a
            ~1,000-line report of ~770 participants (members in other real spellings
            and scripts, plain Latin, "Leyla M.", one word, capitals, other addresses,
            rejoins; strangers, the members' relatives and namesakes), written as
            Zoom, Teams and Webex export it.
2. load     a fresh SQLite registry: migrate, the deployment's network, every person
            through `people.services.register_many`, the online event, and the
            registrations of a quarter of the participating members and of 90
            registry people who do not come.
3. match    each report through `events.attendance.services.check` (the code the page
            and `import_attendance` run), as the system; the baseline on the same
            participants as read (rejoins merged the same way).
4. score    per layout and method: members found (matched to the right person, or put
            to review), wrong matches, precision and recall; ours per way of writing
            the name too. Results to bench/results/attendance.{json,md}.

How verdicts count: a match is right when it names the participant's registry record
(when the reader merges two people writing one name without an address, as a rejoin,
the member among them).
Recall counts a member matched to the right record or put to review (a person
decides); precision is right matches over all matches. A review whose candidate is
someone else is counted apart ("review, wrong candidate"): a person will reject it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import attendance_data, vocabulary

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DATABASE = Path("/tmp/bench-attendance.sqlite3")
TARGET_RECALL = 0.95
TARGET_WRONG = 0.005


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def setup_django() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-attendance-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()


def load(data: attendance_data.Dataset):
    from django.conf import settings
    from django.core.management import call_command

    from diaspora.directory import services as directory
    from diaspora.directory.models import Country
    from diaspora.events import services as events
    from diaspora.events.models import EventKind, Registration
    from diaspora.people import services as people

    call_command("migrate", verbosity=0)
    config = directory.load_deployment(settings.DIASPORA_DEPLOYMENT)
    events.configure_events(config)
    root = directory.configure_network(config)
    countries = {country.pk: country for country in Country.objects.all()}
    ids: list[int] = []
    for start in range(0, len(data.registry), 5000):
        chunk = data.registry[start : start + 5000]
        ids += people.register_many(
            [{**m.record, "country": countries[m.country]} for m in chunk],
            by=None,
            organisation=root,
            roles=["member"] * len(chunk),
            since=[None] * len(chunk),
        )
    event = events.create_event(
        by=None,
        organisers=[root],
        kind=EventKind.objects.order_by("position").first(),
        title="Будем едины, будем солидарны! Online conference",
        timezone="Asia/Baku",
        starts_at=datetime(2026, 12, 31, 6, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 31, 6, 0, tzinfo=UTC) + timedelta(hours=4),
        online_url="https://example.org/conference",
    )
    registered = [
        (p.truth, f"B{p.pid:07d}")
        for p in data.participants
        if p.registered and p.truth is not None
    ] + [(index, f"N{index:07d}") for index in data.no_shows]
    for index, code in registered:
        member = data.registry[index]
        Registration.objects.create(
            event=event,
            person_id=ids[index],
            code=code,
            status=Registration.Status.CONFIRMED,
            given_name=member.name[:100],
            email=member.email or f"r{code}@example.org",
        )
    return event, ids


def baseline(participants, registry_ids: list[int], registry) -> list[tuple[str, int | None]]:
    """Email (any case) if exactly one person has it, else the exact name (case and
    spaces aside) if exactly one person has it; nothing held for review."""
    by_email: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for member, pk in zip(registry, registry_ids, strict=True):
        if member.email:
            by_email.setdefault(member.email.lower(), []).append(pk)
        by_name.setdefault(" ".join(member.name.lower().split()), []).append(pk)
    found = []
    for participant in participants:
        holders = by_email.get(participant.email.lower(), []) if participant.email else []
        if len(holders) != 1:
            holders = by_name.get(" ".join(participant.name.lower().split()), [])
        found.append(("matched", holders[0]) if len(holders) == 1 else ("new", None))
    return found


def score(verdicts, truths) -> dict:
    counts: Counter = Counter()
    for (verdict, person), truth in zip(verdicts, truths, strict=True):
        member = truth is not None
        counts["members" if member else "strangers"] += 1
        if verdict == "matched":
            counts["matched"] += 1
            counts["right" if person == truth else "wrong"] += 1
            if not member:
                counts["stranger matched"] += 1
        elif verdict == "review":
            counts["review"] += 1
            if member:
                right = person == truth
                counts["member review" if right else "member review, wrong candidate"] += 1
            else:
                counts["stranger review"] += 1
        elif member:
            counts["member missed"] += 1
    members = counts["members"] or 1
    found = counts["right"] + counts["member review"] + counts["member review, wrong candidate"]
    matched = counts["matched"] or 1
    return {
        **counts,
        "recall (matched right or review)": round(found / members, 4),
        "recall (matched right, or review naming them)": round(
            (counts["right"] + counts["member review"]) / members, 4
        ),
        "recall (matched right)": round(counts["right"] / members, 4),
        "precision": round(counts["right"] / matched, 4),
        "wrong matches": round(counts["wrong"] / matched, 4),
    }


def by_habit(verdicts, truths, hows) -> dict[str, dict[str, int]]:
    """Per way of writing the name (capitals aside): members, and how many were found
    (matched right or review), found strictly (the review naming them), matched right;
    strangers, and how many were matched or put to review."""
    found: dict[str, Counter] = {}
    for (verdict, person), truth, how in zip(verdicts, truths, hows, strict=True):
        counts = found.setdefault(how.split(",")[0], Counter())
        if truth is None:
            counts["strangers"] += 1
            counts["stranger " + verdict] += verdict != "new"
            continue
        counts["members"] += 1
        counts["found"] += verdict == "review" or (verdict == "matched" and person == truth)
        counts["strict"] += verdict in ("review", "matched") and person == truth
        counts["matched right"] += verdict == "matched" and person == truth
    return {how: dict(counts) for how, counts in sorted(found.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--extra",
        type=int,
        default=20_000,
        help="registry people beside the 1,210, names from bench/vocabulary.py "
        "(default: %(default)s)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    setup_django()
    data = attendance_data.dataset(args.extra)
    log(f"data: {len(data.registry)} registry people, {len(data.participants)} participants")
    from diaspora.events.attendance import services

    event, ids = load(data)
    registry = data.registry
    log(f"loaded in {time.perf_counter() - started:.0f} s")
    results: dict = {"layouts": {}}
    for layout, write in attendance_data.LAYOUTS.items():
        body, owners = write(data)
        began = time.perf_counter()
        report = services.check(event, body, f"{layout}.csv", by=None)
        seconds = time.perf_counter() - began
        read = report.read.participants
        truth_of = {p.pid: p.truth for p in data.participants}
        how_of = {p.pid: p.how for p in data.participants}
        # Two people writing one name without an address are one participant to the
        # reader (Zoom cannot tell them apart either): the member among them, if any.
        written = [list(dict.fromkeys(owners[line] for line in p.lines)) for p in read]
        firsts = [
            next((pid for pid in pids if truth_of[pid] is not None), pids[0]) for pids in written
        ]
        truths = [ids[t] if (t := truth_of[pid]) is not None else None for pid in firsts]
        hows = [how_of[pid] for pid in firsts]
        ours = [(m.verdict, m.person.pk if m.person else None) for m in report.matches]
        results["layouts"][layout] = {
            "lines": report.counts["rows"],
            "participants": len(read),
            "read as one, two people written": sum(len(pids) > 1 for pids in written),
            "counts": report.counts,
            "seconds": round(seconds, 1),
            "ours": score(ours, truths),
            "baseline": score(baseline(read, ids, registry), truths),
            "ours by way of writing": by_habit(ours, truths, hows),
        }
        log(f"{layout}: {results['layouts'][layout]['ours']}")
    results["meta"] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "registry": len(data.registry),
        "names": "bench/vocabulary.py: " + vocabulary.load().describe(),
        "data version": attendance_data.DATA_VERSION,
        "participants written": len(data.participants),
        "members taking part": attendance_data.MEMBERS,
        "registered, not coming": len(data.no_shows),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": "SQLite",
        "seconds": round(time.perf_counter() - started, 1),
        "targets": {"recall": TARGET_RECALL, "wrong matches": TARGET_WRONG},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "attendance.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    (RESULTS / "attendance.md").write_text(markdown(results))
    print(markdown(results))


def markdown(results: dict) -> str:
    meta = results["meta"]
    lines = [
        "# Attendance matching: ours against email-then-exact-name",
        "",
        f"Registry {meta['registry']:,} people, names from {meta['names']}; a report of "
        f"{meta['participants written']} participants ({meta['members taking part']} of them "
        "members) in ~1,000 lines, in each layout "
        f"(`make bench-attendance`, {meta['database']}, {meta['seconds']} s in all, "
        f"{meta['when']}). Targets: recall ≥ {TARGET_RECALL:.0%}, wrong matches ≤ "
        f"{TARGET_WRONG:.1%}.",
        "",
        "| layout | method | lines | participants | matched | review | recall (right or review) "
        "| recall (right, or review naming them) | recall (matched right) | precision "
        "| wrong matches | strangers matched | time |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for layout, found in results["layouts"].items():
        for method in ("ours", "baseline"):
            s = found[method]
            lines.append(
                f"| {layout} | {method} | {found['lines']} | {found['participants']} "
                f"| {s.get('matched', 0)} | {s.get('review', 0)} "
                f"| {s['recall (matched right or review)']:.1%} "
                f"| {s['recall (matched right, or review naming them)']:.1%} "
                f"| {s['recall (matched right)']:.1%} "
                f"| {s['precision']:.2%} | {s.get('wrong', 0)} ({s['wrong matches']:.2%}) "
                f"| {s.get('stranger matched', 0)} "
                f"| {found['seconds'] if method == 'ours' else '-'} s |"
            )
    lines += [
        "",
        "Members put to review with another person as the candidate (a person rejects "
        "them): "
        + ", ".join(
            f"{layout} {found['ours'].get('member review, wrong candidate', 0)}"
            for layout, found in results["layouts"].items()
        )
        + ". Strangers put to review: "
        + ", ".join(
            f"{layout} {found['ours'].get('stranger review', 0)}"
            for layout, found in results["layouts"].items()
        )
        + ". Participants read as one that are two people writing one name without an "
        "address (scored as the member among them): "
        + ", ".join(
            f"{layout} {found['read as one, two people written']}"
            for layout, found in results["layouts"].items()
        )
        + ". Review load (participants a person must look at): "
        + ", ".join(
            f"{layout} {found['ours'].get('review', 0)} of {found['participants']}"
            for layout, found in results["layouts"].items()
        )
        + ".",
        "",
        "Ours, members found (matched right or review) / strictly (the review naming them) "
        "per way the member wrote the name:",
        "",
        "| way of writing | members | " + " | ".join(results["layouts"]) + " |",
        "|---|---:|" + "---:|" * len(results["layouts"]),
    ]
    habits: dict[str, dict[str, dict]] = {}
    for layout, found in results["layouts"].items():
        for how, counts in found["ours by way of writing"].items():
            habits.setdefault(how, {})[layout] = counts
    for how, per_layout in habits.items():
        members = next(iter(per_layout.values())).get("members", 0)
        if not members:
            continue
        cells = [f"{c.get('found', 0)} / {c.get('strict', 0)}" for c in per_layout.values()]
        lines.append(f"| {how} | {members} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Strangers matched / put to review, per kind and way of writing (zoom): "
        + ", ".join(
            f"{how} {c.get('stranger matched', 0)}/{c.get('stranger review', 0)} of "
            f"{c['strangers']}"
            for how, c in next(iter(results["layouts"].values()))["ours by way of writing"].items()
            if c.get("strangers")
        )
        + ".",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
