"""Workspace fixtures: evidence stored in a temporary MEDIA_ROOT, signed-in clients."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from peygir.conftest import World


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Path) -> None:
    # Uploads go to a throwaway folder; a fast hasher keeps the personas cheap to create.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client signed in as one of the world's personas."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.users[persona])
        return client

    return make
