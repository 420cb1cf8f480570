"""An invitation made from the command line: what `invite` and `setup --invite` share."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from diaspora.accounts import invitations
from diaspora.accounts.services import AccountsError
from diaspora.directory.models import Organisation


def invite_and_hand_out(
    command: BaseCommand,
    email: str,
    kind: str,
    node: Organisation,
    *,
    language: str,
    no_email: bool,
    heading: str = "",
) -> None:
    """Invite `email` to `kind` at `node` as the system, print the link (the person
    may be given it by hand) and, unless `no_email`, email it."""
    try:
        with transaction.atomic():
            invitation, token = invitations.invite(
                email, kind, node, by=None, language=language, send=False
            )
    except AccountsError as error:
        raise CommandError(str(error)) from error
    if heading:
        command.stdout.write(heading.format(email=invitation.email))
    command.stdout.write(invitations.link(token, language))
    if no_email:
        return
    try:
        invitations.send_invitation(invitation, token)
    except AccountsError as error:
        command.stderr.write(f"{error} Give the person the link above.")
    else:
        command.stderr.write(f"Sent to {invitation.email}.")
