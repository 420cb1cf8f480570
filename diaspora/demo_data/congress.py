"""The demo congress: quotas for the largest communities and guest places, the
Committee's staff as the credentials commission, nominations in every state (one
refused because its country's quota was full), badges with photos, delegates
checked in, a resolution adopted, a secret ballot open, and a council elected."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from diaspora.accounts.models import User
from diaspora.congress import accreditations, nominations, setup, voting
from diaspora.congress.errors import CongressError
from diaspora.congress.models import Accreditation, Motion
from diaspora.events.models import Event, Registration
from diaspora.people.models import Person

QUOTA_COUNTRIES = 8
PER_COUNTRY = 4
REASONS = (
    "The mandate is not signed by the organisation's board.",
    "Nominated twice, by two organisations.",
    "The organisation is not a member of the network.",
)


def portrait(rng: random.Random) -> SimpleUploadedFile:
    image = Image.new("RGB", (300, 400), tuple(rng.randrange(90, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.ellipse([90, 70, 210, 230], fill=tuple(rng.randrange(170, 240) for _ in range(3)))
    draw.ellipse([30, 240, 270, 520], fill=tuple(rng.randrange(20, 120) for _ in range(3)))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return SimpleUploadedFile("photo.jpg", output.getvalue(), content_type="image/jpeg")


def build_congress(rng: random.Random, network) -> None:
    event = Event.objects.filter(kind__code="congress").order_by("starts_at").first()
    if event is None:
        return
    now = timezone.now()
    congress = setup.make_congress(
        event,
        by=None,
        number=3,
        nominations_open_at=now - timezone.timedelta(days=30),
        nominations_close_at=event.starts_at - timezone.timedelta(days=7),
    )
    countries = sorted(network.by_country, key=lambda code: -len(network.by_country[code]))
    chosen = [code for code in countries if code != network.root.country_id][:QUOTA_COUNTRIES]
    setup.set_quotas(congress, countries={code: PER_COUNTRY for code in chosen}, guests=10, by=None)
    staff = list(User.objects.filter(username__in=["committee", "admin"]))
    setup.set_commission(congress, staff, by=None)
    made = []
    for code in chosen:
        for organisation in network.by_country[code][:3]:
            members = Person.objects.filter(
                memberships__organisation=organisation, erased_at__isnull=True
            ).exclude(email="")
            for person in members.order_by("pk")[:2]:
                try:
                    made.append(
                        nominations.nominate(
                            congress,
                            organisation=organisation,
                            by=None,
                            person=person,
                            given_name=person.given_name or person.full_name,
                            surname=person.surname,
                            email=person.email,
                            country=organisation.country,
                        )
                    )
                except CongressError:
                    continue  # nominated already by another organisation
    decider = staff[0] if staff else None
    for index, nomination in enumerate(made):
        if index % 9 == 8:
            continue  # left for the commission to decide
        if index % 7 == 6:
            nominations.decide(nomination, "rejected", reason=rng.choice(REASONS), by=decider)
            continue
        wanted = "guest" if index % 5 == 4 else "delegate"
        try:
            nominations.decide(nomination, wanted, by=decider)
        except nominations.QuotaFull as full:
            nominations.decide(nomination, "rejected", reason=str(full), by=decider)
    accredited = list(
        Accreditation.objects.filter(nomination__congress=congress)
        .select_related("nomination__person")
        .order_by("pk")
    )
    for accreditation in accredited:
        accreditations.set_photo(accreditation, portrait(rng), by=None)
    delegates = [a for a in accredited if a.delegate]
    arrived = delegates[: len(delegates) * 4 // 5]
    Registration.objects.filter(pk__in=[a.registration_id for a in arrived]).update(
        checked_in_at=now
    )
    build_votes(rng, congress, arrived, network)


def build_votes(rng: random.Random, congress, arrived, network) -> None:
    charter = voting.add_session(
        congress,
        title="The Charter of World Azerbaijanis",
        titles={
            "en": "The Charter of World Azerbaijanis",
            "az": "Dünya Azərbaycanlılarının Xartiyası",
            "ru": "Хартия азербайджанцев мира",
        },
        by=None,
    )
    adopt = voting.add_motion(
        charter,
        title="Adopt the Charter of World Azerbaijanis",
        titles={
            "en": "Adopt the Charter of World Azerbaijanis",
            "az": "Dünya Azərbaycanlılarının Xartiyasını qəbul etmək",
            "ru": "Принять Хартию азербайджанцев мира",
        },
        by=None,
    )
    voting.open_motion(adopt, by=None)
    answers = {option.code: option.pk for option in adopt.options.all()}
    for accreditation in arrived:
        pick = rng.choices(["for", "against", "abstain"], weights=[8, 1, 1])[0]
        voting.cast(accreditation, adopt, [answers[pick]])
    voting.close_motion(adopt, by=None)

    elections = voting.add_session(
        congress,
        title="Elections",
        titles={"en": "Elections", "az": "Seçkilər", "ru": "Выборы"},
        by=None,
    )
    council = next(iter(network.councils.values()), None)
    if council is not None and len(arrived) >= 4:
        candidates = [a.nomination.person for a in arrived[:5]]
        election = voting.add_motion(
            elections,
            title="Coordination Council",
            titles={"az": "Koordinasiya Şurası", "ru": "Координационный совет"},
            council=council,
            seats=3,
            candidates=candidates,
            ballot=Motion.Ballot.SECRET,
            by=None,
        )
        voting.open_motion(election, by=None)
        options = [option.pk for option in election.options.all()]
        for accreditation in arrived:
            voting.cast(accreditation, election, rng.sample(options, k=rng.randint(1, 3)))
        voting.close_motion(election, by=None)
    budget = voting.add_motion(
        elections,
        title="Thank the Coordination Council for its report",
        titles={
            "az": "Koordinasiya Şurasının hesabatını təqdir etmək",
            "ru": "Одобрить отчёт Координационного совета",
        },
        ballot=Motion.Ballot.SECRET,
        by=None,
    )
    voting.open_motion(budget, by=None)
