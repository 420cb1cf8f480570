"""Secrets handed out once (API tokens, invitation links): only their SHA-256 digest
is stored, so a copy of the database opens nothing."""

import hashlib
import secrets


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)
