from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's name and links to this same page in every interface language."""
    path = request.get_full_path()
    return {
        "site_name": settings.DIASPORA_SITE_NAME,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ],
    }


def rights(request: HttpRequest) -> dict[str, Any]:
    """Which office links the menu shows: those whose door access would open."""
    from diaspora import access
    from diaspora.access import Action

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rights": {}}
    return {
        "rights": {
            "office": access.in_office(user),
            "imports": access.allowed(user, Action.PEOPLE_IMPORT),
            "people": access.allowed(user, Action.PEOPLE_VIEW),
            "duplicates": access.allowed(user, Action.PEOPLE_MERGE),
            "users": access.allowed(user, Action.USERS_MANAGE),
        }
    }
