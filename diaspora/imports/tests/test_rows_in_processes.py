"""A long list is checked by several forked processes: it must read exactly as when
one process reads it, problems (in the user's language), cities and names included."""

import contextlib
import multiprocessing
import signal
import threading

import pytest
from django.db import connection
from django.utils import translation

from diaspora.directory.models import City
from diaspora.imports import columns, rows, services
from diaspora.imports.readers import read_table
from diaspora.people.models import Person
from diaspora.people.name_words import NameFacts

HEADER = "Soyad;Ad;Ata adı;Doğum tarixi;Cins;Telefon;E-poçt;Ölkə;Şəhər;Vəzifə"
LINES = [
    "Məmmədov;Rəşad;Əli oğlu;05.07.1980;k;+49 30 1234567;rashad{n}@example.org;Almaniya;Berlin;üzv",
    "Гусейнова;Айгюн;;23.04.1991;ж;030 1234{n:03d};;Германия;Hamburg;",
    "Əliyev;Elçin;;31.02.1980;x;12;not-mail;Narnia;Atlantis;king",
    "Aliyeva;{given};;1 iyul 1975;q;;aliyeva{n}@example.org;FR;Paris;board",
]
GIVEN = [
    "Leyla",
    "Nərgiz",
    "Günel",
    "Səbinə",
    "Aynur",
    "Ülviyyə",
    "Lalə",
    "Sevda",
    "Nigar",
    "Könül",
]


def line(template: str, n: int) -> str:
    return template.format(n=n, given=GIVEN[n // len(LINES) % len(GIVEN)])


READABLE = [template for template in LINES if "Narnia" not in template]  # no problems


def member_list(count: int, *, readable: bool = False, start: int = 0) -> bytes:
    """`count` rows from the templates in turn (only those without problems when
    `readable`), numbered from `start`."""
    templates = READABLE if readable else LINES
    lines = [line(templates[n % len(templates)], start + n) for n in range(count)]
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def read_rows(table, mapping, facts: NameFacts) -> list[rows.Row]:
    return [row for part in rows.RowReader(table, mapping).parts(facts) for row in part]


def read_both(data: bytes, monkeypatch) -> tuple[list, list, NameFacts, NameFacts]:
    table = read_table(data, "list.csv")
    mapping = columns.suggest(table.header, None)
    learnt_alone = NameFacts()
    alone = read_rows(table, mapping, learnt_alone)
    forked: list[int] = []  # rows of each part a forked process sent
    original = rows.RowReader.unpacked

    def spy(self, part, facts):
        forked.append(len(part[0]))
        return original(self, part, facts)

    monkeypatch.setattr(rows.RowReader, "unpacked", spy)
    monkeypatch.setattr(rows, "PARALLEL_FROM", 10)
    monkeypatch.setattr(rows, "PART", 7)
    monkeypatch.setattr(rows.os, "cpu_count", lambda: 3)
    learnt_forked = NameFacts()
    parallel = read_rows(table, mapping, learnt_forked)
    assert forked == [7] * (len(table.rows) // 7) + [len(table.rows) % 7]
    return alone, parallel, learnt_alone, learnt_forked


def described(read: list[rows.Row]) -> list[tuple]:
    return [(r.number, r.person, r.role, r.member_since, r.problems) for r in read]


def test_a_list_read_in_processes_reads_as_in_one(tree, monkeypatch):
    with translation.override("ru"):
        alone, parallel, learnt_alone, learnt_forked = read_both(member_list(50), monkeypatch)
    assert described(parallel) == described(alone)
    assert len(parallel) == 50
    berlin = City.objects.get(pk=parallel[0].person["city_id"])
    assert berlin.name == "Berlin" and berlin.country_id == "DE"
    reasons = {p.reason for p in parallel[2].problems}
    assert "Такого дня нет." in reasons  # 31.02: the user's language in every process
    assert learnt_forked.indexed == learnt_alone.indexed
    assert learnt_forked.scripts == learnt_alone.scripts
    assert learnt_forked.folded == learnt_alone.folded


@pytest.mark.django_db(transaction=True)
def test_a_long_list_committed_through_processes_registers_everyone(tree, monkeypatch):
    monkeypatch.setattr(rows, "PARALLEL_FROM", 10)
    monkeypatch.setattr(rows, "PART", 7)
    monkeypatch.setattr(rows.os, "cpu_count", lambda: 2)
    data = member_list(40, readable=True)
    report = services.check(data, "list.csv", organisation=tree["house"], by=None)
    assert report.problems == []
    report = services.commit(data, "list.csv", organisation=tree["house"], by=None)
    assert report.counts["new"] + report.counts["matched"] == 40
    # Rəşad and Aygün listed again and again are one person each; the Leylas differ.
    assert Person.objects.count() == 12
    assert Person.objects.filter(city__name="Paris", country="FR").count() == 10
    assert Person.objects.filter(city__name="Hamburg").count() == 1


class Stuck(Exception):
    pass


def test_readers_end_when_their_parent_only_notes_sigterm_as_the_task_worker_does(
    tree, monkeypatch
):
    """The task worker's SIGTERM handler only notes that it should stop; readers
    inheriting it would outlive their pool, which ends them with SIGTERM when its
    reader stops early (a failure while matching, say), and the import would wait on
    them forever."""

    def stuck(signum, frame):
        raise Stuck("the readers' pool did not end")

    monkeypatch.setattr(rows, "PARALLEL_FROM", 10)
    monkeypatch.setattr(rows, "PART", 1)
    monkeypatch.setattr(rows.os, "cpu_count", lambda: 2)
    table = read_table(member_list(400, readable=True), "list.csv")
    reader = rows.RowReader(table, columns.suggest(table.header, None))
    noted = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    alarm = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(30)
    try:
        parts = reader.parts(NameFacts())
        assert len(next(parts)) == 1
        parts.close()  # the pool ends with parts still to read
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, alarm)
        signal.signal(signal.SIGTERM, noted)
        for child in multiprocessing.active_children():  # what a failure left behind
            child.kill()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="matched beside: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_long_list_matched_in_a_thread_while_written_is_all_or_nothing(tree, monkeypatch):
    monkeypatch.setattr(services, "BESIDE_FROM", 1)
    monkeypatch.setattr(services, "BATCH", 5)
    monkeypatch.setattr(rows, "PARALLEL_FROM", 10)
    monkeypatch.setattr(rows, "PART", 5)
    monkeypatch.setattr(rows.os, "cpu_count", lambda: 2)
    threads = []
    original = services.beside
    monkeypatch.setattr(services, "beside", lambda batches: threads.append(1) or original(batches))
    data = member_list(30, readable=True)
    dry = services.check(data, "list.csv", organisation=tree["house"], by=None)
    done = services.commit(data, "list.csv", organisation=tree["house"], by=None)
    assert threads == [1] and done.counts == dry.counts and done.problems == []
    assert Person.objects.count() == dry.counts["new"] + dry.counts["review"]
    # A bad row at the end: the batches written before it are undone.
    before = Person.objects.count()
    written = []
    register = services.people.register_rows
    monkeypatch.setattr(
        services.people, "register_rows", lambda *a, **k: written.append(1) or register(*a, **k)
    )
    data = member_list(25, readable=True, start=100) + (line(LINES[2], 0) + "\n").encode()
    with translation.override("ru"), pytest.raises(services.RowsRejected) as refused:
        services.commit(data, "list.csv", organisation=tree["house"], by=None)
    assert written and Person.objects.count() == before
    assert "Такого дня нет." in {p.reason for p in refused.value.report.problems}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="matched beside: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_failure_while_writing_stops_the_thread_matching_ahead(tree, monkeypatch):
    monkeypatch.setattr(services, "BESIDE_FROM", 1)
    monkeypatch.setattr(services, "BATCH", 1)
    monkeypatch.setattr(rows, "PART", 1)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services.people, "register_rows", fail)
    data = member_list(40, readable=True)
    with pytest.raises(RuntimeError, match="disk is full"):
        services.commit(data, "list.csv", organisation=tree["house"], by=None)
    assert not any(thread.name == "import-check" for thread in threading.enumerate())
    assert Person.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory lock: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_commits_of_one_list_at_once_create_each_person_once(tree, monkeypatch):
    # Both would reach the writing together, unless the second waits for the first.
    together = threading.Barrier(2, timeout=3)
    register = services.people.register_rows

    def meet_then_register(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()
        return register(*args, **kwargs)

    monkeypatch.setattr(services.people, "register_rows", meet_then_register)
    data = member_list(12, readable=True)
    counts = []

    def commit() -> None:
        try:
            report = services.commit(data, "list.csv", organisation=tree["house"], by=None)
            counts.append(report.counts)
        finally:
            connection.close()

    workers = [threading.Thread(target=commit) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    first, second = sorted(counts, key=lambda found: -found["new"])
    assert first["new"] > 0 and second["new"] == 0 and second["review"] == 0
    assert Person.objects.count() == first["new"] + first["review"]
