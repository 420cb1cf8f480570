from django.core.management.base import BaseCommand, CommandError

from diaspora.directory import gazetteer
from diaspora.directory.models import Organisation
from diaspora.people.models import Person

from ...build import build


class Command(BaseCommand):
    help = "Load the demo network (deterministic for a given seed) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, quietly, when the network is already there.",
        )

    def handle(self, *args, seed: int, people: int, if_empty: bool, **options):
        if Organisation.objects.exists() or Person.objects.exists():
            if if_empty:
                return
            raise CommandError(
                "The database already holds a network; the demo loads only into an empty one."
            )
        network = build(seed=seed, people=people)
        # Every city of the world, as a deployment's `setup` loads them (build() loads
        # only the homeland's, so that the test suite's networks stay quick).
        self.stdout.write(f"Gazetteer: {gazetteer.load()}")
        self.stdout.write(
            f"Demo network loaded: {Organisation.objects.count()} organisations, "
            f"{Person.objects.count()} compatriots (seed {seed}); root: {network.root}."
        )
