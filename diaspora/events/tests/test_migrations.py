"""Registrations made before ticket tokens existed get one each when migrating."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from diaspora.events import services
from diaspora.events.models import Registration

from .factories import make_event


@pytest.mark.django_db(transaction=True)
def test_existing_registrations_get_a_secret_token_each(tree):
    event = make_event(tree["house"])
    for n in range(3):
        services.register(event, given_name=f"G{n}", email=f"g{n}@example.org", by=None)
    executor = MigrationExecutor(connection)
    executor.migrate([("events", "0002_event_kinds")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # Every app's latest, not only the events': going back to 0002 also unapplied
    # the apps that depend on events (congress, honours, chronicle), and the tests
    # that follow need their tables.
    executor.migrate(executor.loader.graph.leaf_nodes())
    tokens = list(Registration.objects.values_list("token", flat=True))
    assert len(tokens) == 3 and len(set(tokens)) == 3
    assert all(len(token) >= 40 for token in tokens)
