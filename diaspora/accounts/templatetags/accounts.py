"""Template questions about the signed-in user's rights."""

from django import template

from diaspora import access
from diaspora.access import Action

register = template.Library()


@register.filter
def manages_users(user) -> bool:
    """Whether the user may open the users pages (holders of users.manage)."""
    return access.allowed(user, Action.USERS_MANAGE)
