"""Tokens issued before tokens had a scope and an expiry could do everything, forever:
the migration keeps their power but makes them expire in 90 days."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_api_token_expiry_and_scope")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_become_read_write_tokens_that_expire_in_90_days():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="old-client")
    old.get_model("accounts", "ApiToken").objects.create(user=user, digest="d" * 64)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    token = new.get_model("accounts", "ApiToken").objects.get()
    assert token.scope == "read-write" and token.prefix == ""
    assert abs(token.expires_at - timezone.now() - timedelta(days=90)) < timedelta(minutes=1)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
