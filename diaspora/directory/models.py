from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from diaspora.localized import country_name, pick


class Country(models.Model):
    """An ISO 3166-1 country. Its name comes from CLDR in the reader's language."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    code3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return country_name(self.code)


class City(models.Model):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    name = models.CharField(_("name"), max_length=120, help_text=_("The name in English."))
    names = models.JSONField(_("names by language"), default=dict, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    timezone = models.CharField(_("time zone"), max_length=64)
    # From the gazetteer (GeoNames); empty for a city someone added by hand.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["country_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="city_unique_per_country")
        ]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return pick(self.names, self.name, fallback_first=True)


class CityName(models.Model):
    """One spelling a city is found by, folded twice: `spelling` without case and
    accents (Köln, koln), `folded` across scripts and transliterations (Киев, Kiev,
    Kiyev). Rows are the gazetteer's to write (diaspora.directory.gazetteer)."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="spellings")
    # The city's country again, so that one index serves a lookup within a country.
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    spelling = models.CharField(max_length=200)
    folded = models.CharField(max_length=200)
    # The city's own name or one of its names by language, not an alternate spelling:
    # it wins when two cities of a country share a spelling.
    primary = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city", "spelling"], name="city_name_unique")
        ]
        indexes = [
            models.Index(fields=["country", "spelling"], name="city_name_spelling"),
            models.Index(fields=["country", "folded"], name="city_name_folded"),
            models.Index(fields=["spelling"], name="city_name_anywhere"),
        ]

    def __str__(self) -> str:
        return self.spelling


class OrganisationKind(models.Model):
    """A kind of node in the network; the set of kinds is each deployment's configuration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(_("name by language"), default=dict)
    plural_names = models.JSONField(_("plural name by language"), default=dict)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("organisation kind")
        verbose_name_plural = _("organisation kinds")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names, self.code)

    @property
    def plural_name(self) -> str:
        return pick(self.plural_names, self.name)


class Organisation(MP_Node):
    """A node of the network tree: the Committee at the root, councils, organisations."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        CLOSED = "closed", _("closed")

    class Focus(models.TextChoices):
        GENERAL = "general", _("general")
        CULTURAL = "cultural", _("cultural")
        YOUTH = "youth", _("youth")
        WOMEN = "women", _("women's")
        STUDENT = "student", _("student")
        BUSINESS = "business", _("business")
        MEDIA = "media", _("media")
        RELIGIOUS = "religious", _("religious")
        PROFESSIONAL = "professional", _("professional")
        EDUCATION = "education", _("education")

    kind = models.ForeignKey(
        OrganisationKind,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("kind"),
    )
    name = models.CharField(_("name"), max_length=255)
    names = models.JSONField(_("name by language"), default=dict, blank=True)
    slug = models.SlugField(_("address in the directory"), max_length=120, unique=True)
    focus = models.CharField(
        _("field of activity"), max_length=20, choices=Focus.choices, default=Focus.GENERAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("country")
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("city"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.JSONField(_("description by language"), default=dict, blank=True)
    # Case-folded names in every language and script, with the city's: what text search reads.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["country", "kind"], name="org_country_kind"),
            models.Index(fields=["name"], name="org_name"),
        ]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return pick(self.names, self.name, fallback_first=True)

    @property
    def local_description(self) -> str:
        return pick(self.description)
