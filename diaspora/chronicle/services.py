"""Writing the chronicle: the seeds a deployment starts with."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from .models import Act, Claim

SEEDS = Path(__file__).parent / "seeds"


@transaction.atomic
def load_seeds(name: str = "azerbaijan") -> int:
    """The seeds' acts and claims; loading them again changes nothing. Returns how
    many acts were created."""
    with open(SEEDS / f"{name}.json", encoding="utf-8") as handle:
        acts = json.load(handle)
    created = 0
    for spec in acts:
        act, new = Act.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "titles": spec["titles"],
                "summaries": spec.get("summaries", {}),
            },
        )
        created += new
        for claim in spec["claims"]:
            Claim.objects.get_or_create(
                act=act,
                date=date.fromisoformat(claim["date"]),
                source=claim["source"],
                defaults={
                    "precision": claim.get("precision", Claim.Precision.DAY),
                    "url": claim.get("url", ""),
                    "notes": claim.get("notes", {}),
                },
            )
    return created
