"""Beyond one machine: two web servers and two task workers, each a process of its own,
on one PostgreSQL database, as several machines would run them. Lists uploaded and
registrations sent through both servers at once: every task runs exactly once, no
event takes more than its places, an import's progress told by one process is shown
by both servers, and wrong passwords count against the account whichever server
they reach (the caches are tables of the database, settings.CACHES)."""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from diaspora.accounts.services import grant_role
from diaspora.accounts.tests.login_helpers import confirm_email
from diaspora.events.models import Event, Registration
from diaspora.events.tests.factories import make_event
from diaspora.imports.models import ImportBatch
from diaspora.people.tests.factories import UserFactory

from .postgres import free_port, own_dsn, url_of

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several processes: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
UPLOADS, REGISTRANTS, PLACES = 8, 16, 5
PASSWORD = "correct horse battery"


class Cluster:
    """The processes, their addresses and their shared folder (media, mail)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DATABASE_URL": url_of(own_dsn()),
            "DIASPORA_VAR_DIR": str(folder),
            "DJANGO_DEBUG": "1",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DJANGO_EMAIL_BACKEND", None)
        self.env.pop("EMAIL_HOST", None)
        self.processes: list[subprocess.Popen] = []
        self.servers: list[str] = []

    def start(self, name: str, *args: str) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )

    def up(self) -> None:
        for n in (1, 2):
            port = free_port()
            self.start(f"web{n}", "runserver", "--noreload", f"127.0.0.1:{port}")
            self.servers.append(f"http://127.0.0.1:{port}")
            self.start(
                f"worker{n}",
                "db_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--worker-id",
                f"worker{n}",
            )
        deadline = time.monotonic() + 120
        for server in self.servers:
            while True:
                assert all(p.poll() is None for p in self.processes), self.logs()
                try:
                    if requests.get(f"{server}/en/", timeout=5).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, self.logs()
                time.sleep(0.3)

    def down(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def logs(self) -> str:
        return "\n".join(
            f"== {path.name}\n{path.read_text()[-3000:]}" for path in self.folder.glob("*.log")
        )

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, timeout=120
        )


@pytest.fixture(scope="module")
def cluster(django_db_setup, tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        running.up()
        yield running
    finally:
        running.down()


def browser(sessionid: str | None = None) -> requests.Session:
    """A browser: cookies are per host, not per port, so it talks to both servers."""
    session = requests.Session()
    if sessionid:
        session.cookies.set("sessionid", sessionid, domain="127.0.0.1")
    return session


def post_form(session: requests.Session, url: str, data: dict, **kwargs) -> requests.Response:
    """GET the page (for its CSRF cookie), then POST the form as a browser does."""
    session.get(url, timeout=60)
    token = session.cookies.get("csrftoken", domain="127.0.0.1")
    return session.post(
        url,
        data={**data, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=60,
        **kwargs,
    )


def member_list(n: int) -> bytes:
    return (
        "Soyad;Ad;Doğum tarixi;Ölkə\n"
        f"Məmmədov;Rəşad{n};05.07.1980;Almaniya\n"
        f"Гусейнова;Айгюн{n};23.04.1991;Германия\n"
    ).encode()


def finished(timeout: float = 180) -> list[DBTaskResult]:
    deadline = time.monotonic() + timeout
    while True:
        results = list(DBTaskResult.objects.all())
        if results and all(r.status in ("SUCCESSFUL", "FAILED") for r in results):
            return results
        assert time.monotonic() < deadline, [(r.task_path, r.status) for r in results]
        time.sleep(0.5)


def mailed_to(folder: Path) -> list[str]:
    """The recipient of every message the workers sent (one file per connection)."""
    return [
        line.removeprefix("To: ").strip()
        for path in (folder / "mail").glob("*.log")
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]


def test_uploads_and_registrations_through_two_servers_run_each_task_once(tree, cluster):
    office = UserFactory(username="house-office")
    grant_role(office, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(office)  # enrolled in a second factor, as office users are
    sessionid = client.cookies["sessionid"].value
    event = make_event(tree["house"], capacity=PLACES)
    a, b = cluster.servers

    def upload(n: int) -> requests.Response:
        return post_form(
            browser(sessionid),
            f"{cluster.servers[n % 2]}/en/imports/",
            {"organisation": tree["house"].pk},
            files={"file": (f"list{n}.csv", member_list(n), "text/csv")},
        )

    def register(n: int) -> requests.Response:
        data = {
            "given_name": f"Nərgiz{n}",
            "surname": "Əliyeva",
            "email": f"n{n}@example.org",
            "consent": "on",
        }
        return post_form(browser(), f"{cluster.servers[n % 2]}/en/events/{event.pk}/", data)

    with ThreadPoolExecutor(max_workers=8) as pool:
        uploads = pool.map(upload, range(UPLOADS))
        registrations = pool.map(register, range(REGISTRANTS))
        answers = [*uploads, *registrations]
    assert [answer.status_code for answer in answers] == [302] * (UPLOADS + REGISTRANTS)

    results = finished()
    checks = [r for r in results if r.task_path.endswith("check_import")]
    notices = [r for r in results if r.task_path.endswith("send_notice")]
    assert len(checks) == UPLOADS and len(notices) == REGISTRANTS
    assert all(r.status == "SUCCESSFUL" for r in results), [r.traceback for r in results]
    # Each task was taken by one worker, once.
    assert all(len(r.worker_ids) == 1 for r in results)
    assert {w for r in results for w in r.worker_ids} <= {"worker1", "worker2"}
    batches = ImportBatch.objects.all()
    assert [b.status for b in batches] == [ImportBatch.Status.CHECKED] * UPLOADS
    assert all(b.counts["new"] == 2 for b in batches)
    # Each registrant mailed once: a task run twice would mail twice.
    assert sorted(mailed_to(cluster.folder)) == sorted(
        f"n{n}@example.org" for n in range(REGISTRANTS)
    )
    # No more confirmed than the places, whichever server took the registration.
    event = Event.objects.get(pk=event.pk)
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status=Registration.Status.CONFIRMED).count() == PLACES
    assert rows.filter(status=Registration.Status.WAITLISTED).count() == REGISTRANTS - PLACES
    assert (event.confirmed_count, event.waitlisted_count) == (PLACES, REGISTRANTS - PLACES)

    # An import's progress, told by another process (as the worker tells it), is shown
    # by both servers.
    batch = batches[0]
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING, progress=0)
    cluster.manage(
        "shell", "-c", f"from diaspora.imports import progress; progress.tell({batch.pk}, 42)"
    )
    for server in (a, b):
        page = browser(sessionid).get(f"{server}/en/imports/{batch.pk}/", timeout=60).text
        assert '<progress value="42"' in page


def test_wrong_passwords_sent_to_both_servers_lock_the_account(cluster):
    user = UserFactory(username="aysel", email="aysel@example.org")
    confirm_email(user)
    a, b = cluster.servers

    def attempt(server: str, password: str) -> str:
        data = {"login": "aysel", "password": password}
        return post_form(browser(), f"{server}/en/accounts/login/", data).text

    for n in range(5):  # the limit, three on one server and two on the other
        assert "not right" in attempt((a, b)[n % 2], "wrong")

    assert "locked for a while" in attempt(b, PASSWORD)
    assert "locked for a while" in attempt(a, PASSWORD)
