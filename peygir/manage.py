"""The `peygir` console command: Django's manage.py, with the project's own commands."""

import os
import sys


def main() -> None:
    """Run a Django management command (`peygir demo`, `peygir migrate`, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peygir.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
