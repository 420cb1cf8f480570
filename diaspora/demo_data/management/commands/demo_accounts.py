import os

from django.core.management.base import BaseCommand

from diaspora.accounts.models import User

from ...build import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print how to log in with the demo accounts."

    def handle(self, *args, **options):
        present = set(
            User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS] + ["admin"]).values_list(
                "username", flat=True
            )
        )
        if not present:
            self.stdout.write("No demo accounts in this database.")
            return
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, _role, label in (("admin", None, "superuser: Django admin"), *DEMO_ACCOUNTS):
            if username in present:
                self.stdout.write(f"  {username:<12} {label}")
        if User.objects.filter(username="reviewer-1").exists():
            self.stdout.write("  reviewer-1 … reviewer-3: the medal's review panel (honours)")
        base = f"http://localhost:{os.environ.get('PORT', '8000')}"
        self.stdout.write(
            f"Log in at {base}/en/accounts/login/; the office is at {base}/en/admin/."
        )
        self.stdout.write(
            "Office accounts set up a second factor (an authenticator app or a passkey)"
            " at their first login."
        )
