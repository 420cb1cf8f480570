from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. What they may see comes from their roles, not from flags."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django keeps a session only while this hash is unchanged. Ours covers the
        # roles as well as the password: granting, changing or revoking a role ends
        # the user's sessions everywhere, and the next login carries the new rights.
        from diaspora.access import grants

        roles = ";".join(f"{kind}@{path}" for kind, path in grants(self)) if self.pk else ""
        material = f"{self.password}|{int(self.is_superuser)}|{roles}"
        return salted_hmac(
            "diaspora.accounts.User.session", material, secret=secret, algorithm="sha256"
        ).hexdigest()


class Role(models.Model):
    """A user's role at one node of the network; it reaches that node and all below it."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Committee staff")
        COORDINATOR = "coordinator", _("council coordinator")
        MANAGER = "manager", _("organisation manager")
        TEACHER = "teacher", _("school teacher")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("organisation"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "organisation"], name="role_unique_per_node"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.organisation}"


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 digest is stored; the token is shown once. Its
    first characters (`prefix`) are kept to tell one token from another."""

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        READ_WRITE = "read-write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("begins with"), max_length=12, blank=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.label or self.prefix or self.digest[:8]}"


class Invitation(models.Model):
    """An email invitation to a role at a node. The link carries a secret of which only
    the SHA-256 digest is kept here; it works once, until `expires_at`."""

    email = models.EmailField(_("email"))
    kind = models.CharField(_("role"), max_length=20, choices=Role.Kind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    # None: the system (the first Committee user's invitation, from `manage.py invite`).
    # An invitation goes with the person who sent it: it grants as them when accepted.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    digest = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_kind_display()} · {self.organisation}"

    @property
    def pending(self) -> bool:
        from django.utils import timezone

        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditEntry(models.Model):
    """One change to personal data: who, when, what. Rows are only ever added."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40)
    target_type = models.CharField(_("record type"), max_length=60)
    target_id = models.CharField(_("record"), max_length=40)
    changes = models.JSONField(_("what"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_type}"
