from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peygir.demo.loader import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    PERSONAS,
    demo_totp_code,
    load_demo,
)


class Command(BaseCommand):
    help = "Load the demo data into the database; running it again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--code",
            action="store_true",
            help="Print the demo admin's current two-step code (demo secret only) and stop.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["code"]:
            try:
                self.stdout.write(demo_totp_code())
            except ValueError as error:
                raise CommandError(str(error)) from error
            return
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} resolutions."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(f"Log in with any of these users, password «{DEMO_PASSWORD}»:")
        for username, role, org_code in PERSONAS:
            self.stdout.write(f"  {username:12} {role or 'superuser':18} {org_code or ''}")
        self.stdout.write(
            "The admin also needs a two-step code (demo only): add the secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or run `peygir demo --code`."
        )
