from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from diaspora.directory.models import City, Country, Organisation


class Person(models.Model):
    """A compatriot. The name is kept exactly as written, beside its parts and script."""

    class Sex(models.TextChoices):
        FEMALE = "f", _("female")
        MALE = "m", _("male")
        UNKNOWN = "", _("not stated")

    class Script(models.TextChoices):
        LATIN_AZ = "latin_az", _("Azerbaijani Latin")
        LATIN = "latin", _("Latin")
        CYRILLIC = "cyrillic", _("Cyrillic")
        ARABIC = "arabic", _("Persian/Arabic")
        MIXED = "mixed", _("mixed")
        UNKNOWN = "", _("unknown")

    full_name = models.CharField(_("full name as written"), max_length=255)
    script = models.CharField(
        _("script"), max_length=10, choices=Script.choices, blank=True, default=""
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        help_text=_("International format, e.g. +49 30 1234567."),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("country of residence"),
        db_index=False,  # person_residence (country, city) serves it
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("city of residence"),
    )
    citizenships = models.ManyToManyField(
        Country, blank=True, related_name="citizens", verbose_name=_("citizenships")
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, e.g. az, ru, de.")
    )
    # Values a list gave for optional fields that could not be read ({field: text as
    # written}): kept for someone to correct, each dropped when its field is (see
    # people.unreadable).
    unreadable = models.JSONField(
        _("values not understood"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("As written in a list; correct the field to clear its value here."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        db_index=False,  # person_merged, on the few records merged away
        verbose_name=_("merged into"),
        help_text=_("This record was found to be the same person and merged into that one."),
    )
    # Set when the person was erased: the record stays (its memberships and
    # registrations still count) but holds nothing that identifies anyone.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("compatriot")
        verbose_name_plural = _("compatriots")
        ordering = ["surname", "given_name", "id"]
        indexes = [
            models.Index(fields=["surname", "given_name"], name="person_name"),
            models.Index(fields=["country", "city"], name="person_residence"),
            # Addresses are compared without case (email__iexact), never as written:
            # registrations and imports look a person up by address among millions.
            models.Index(Upper("email"), name="person_email_upper"),
            # Imports look a list's phones up in batches of thousands.
            models.Index(fields=["phone"], name="person_phone"),
            # Only merged records are looked up by survivor: a million others not indexed.
            models.Index(
                fields=["merged_into"],
                name="person_merged",
                condition=models.Q(merged_into__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        BOARD = "board", _("board member")
        CHAIR = "chair", _("chair")
        TEACHER = "teacher", _("teacher")
        PUPIL = "pupil", _("pupil")
        VOLUNTEER = "volunteer", _("volunteer")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organisation} ({self.get_role_display()})"


class Consent(models.Model):
    """Consent for one purpose; withdrawing keeps the record and stamps when."""

    class Purpose(models.TextChoices):
        REGISTRY = "registry", _("keeping my record in the registry")
        CONTACT = "contact", _("being contacted about events and news")
        PUBLICATION = "publication", _("publishing my name and photos")
        GUARDIAN = "guardian", _("guardian's consent for a minor")

    class Method(models.TextChoices):
        WEB = "web", _("web form")
        PAPER = "paper", _("signed paper form")
        EMAIL = "email", _("email")
        IMPORT = "import", _("organisation's list")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["purpose", "-given_at"]

    def __str__(self) -> str:
        return self.get_purpose_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class NameWord(models.Model):
    """A distinct folded word of the registry's names: one row for every spelling of
    Məmmədov. Search matches a query against these few rows, then looks people up
    exactly, instead of comparing the query with millions of full names."""

    base = models.CharField(max_length=100, unique=True)
    skeleton = models.CharField(max_length=100, db_index=True)
    # Its other readings (`names.lookup`), space-separated: Viktor for Victor.
    readings = models.CharField(max_length=255, blank=True, default="")

    def __str__(self) -> str:
        return self.base


class NameWordKey(models.Model):
    """A further key a name word is found by, beyond its base and skeleton: another
    reading of it (Victor read as Viktor), or its consonants as Arabic script hears
    them (`names.lookup`). Derived from the names, rebuilt by `manage.py reindex_names`."""

    key = models.CharField(max_length=100)
    word = models.ForeignKey(
        NameWord, on_delete=models.CASCADE, related_name="keys", db_index=False, db_constraint=False
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "word"], name="name_word_key_once")]
        indexes = [models.Index(fields=["word", "key"], name="name_word_keys")]

    def __str__(self) -> str:
        return f"{self.key}: {self.word_id}"


class PersonNameWord(models.Model):
    """Which folded words a person's name holds; derived from the name, rebuilt by
    `manage.py reindex_names`."""

    # No single-column indexes: the unique (person, word) and the (word, person)
    # indexes below serve both directions, and at 10M people each extra costs 400 MB.
    # No foreign key constraints either: these rows are derived, written only beside
    # the person they index, and deleted with it by Django's cascade; the database's
    # check of each row cost an import of a million people a third of its writing.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="name_words",
        db_index=False,
        db_constraint=False,
    )
    word = models.ForeignKey(
        NameWord, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    patronymic = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "word"], name="person_name_word_once")
        ]
        indexes = [models.Index(fields=["word", "person"], name="name_word_people")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.word_id}"


class PersonNamePair(models.Model):
    """Each pair of a person's name words, as one number (the smaller word id in the
    high half). A two-word query looks its pairs up directly, so "Rəşad Əliyev" costs
    the few thousand Rəşad Əliyevs, not a join of every Əliyev with every Rəşad."""

    person = models.ForeignKey(  # no constraint, as PersonNameWord.person
        Person,
        on_delete=models.CASCADE,
        related_name="name_pairs",
        db_index=False,
        db_constraint=False,
    )
    pair = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "pair"], name="person_name_pair_once")
        ]
        indexes = [models.Index(fields=["pair", "person"], name="name_pair_people")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.pair}"


class Merge(models.Model):
    """Two records found to be one person: what the survivor held before, which of
    the other's values it took and which relations moved, so that it can be undone."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(encoder=DjangoJSONEncoder)  # the survivor's fields
    moved = models.JSONField(default=dict)  # relation name → ids moved to the survivor
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class DuplicatePair(models.Model):
    """Two records that may be one person, found by a scan or an import, waiting for
    someone to merge or dismiss them. The lower id comes first."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not the same person")

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    same_person = models.BooleanField(default=False)  # the evidence says so; still reviewed
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-same_person", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicate_pair_queue")]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"


class ErasureRequest(models.Model):
    """A compatriot asks to be forgotten; Committee staff act on it (erase or decline).
    Holds no free text: the request itself must not become personal data to erase."""

    class Status(models.TextChoices):
        OPEN = "open", _("to decide")
        ERASED = "erased", _("erased")
        DECLINED = "declined", _("declined")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="erasure_requests", verbose_name=_("person")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="open"),
                name="erasure_request_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.get_status_display()})"
