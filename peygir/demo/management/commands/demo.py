from typing import Any

from django.core.management.base import BaseCommand

from peygir.demo.loader import DEMO_PASSWORD, PERSONAS, load_demo


class Command(BaseCommand):
    help = "Load the demo data into the database; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} resolutions."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(f"Log in with any of these users, password «{DEMO_PASSWORD}»:")
        for username, role, org_code in PERSONAS:
            self.stdout.write(f"  {username:12} {role or 'superuser':18} {org_code or ''}")
