"""The test database's connection, as libpq parameters and as a DATABASE_URL."""

import socket

from django.db import connection


def own_dsn(name: str | None = None) -> dict:
    params = connection.get_connection_params()
    keys = ("host", "port", "user", "password")
    return {**{k: params[k] for k in keys if params.get(k)}, "dbname": name or params["dbname"]}


def url_of(dsn: dict) -> str:
    password = f":{dsn['password']}" if dsn.get("password") else ""
    host = dsn.get("host") or "localhost"
    return (
        f"postgres://{dsn.get('user', '')}{password}@{host}:{dsn.get('port', 5432)}/{dsn['dbname']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
