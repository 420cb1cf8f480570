from diaspora.directory import services
from diaspora.directory.models import Country, Organisation, OrganisationKind


def make_organisation(
    parent: Organisation,
    kind: OrganisationKind,
    name: str,
    country: str,
    city: str | None = None,
    **fields,
) -> Organisation:
    country_row = Country.objects.get(code=country)
    city_row = (
        services.ensure_city(country_row, name=city, timezone="Europe/Berlin") if city else None
    )
    return services.create_organisation(
        parent=parent, kind=kind, name=name, country=country_row, city=city_row, **fields
    )
