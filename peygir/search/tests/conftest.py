"""Fast password hashing: the personas' passwords are never checked here, only their scope."""

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
