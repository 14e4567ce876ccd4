"""Workspace fixtures: evidence stored in a temporary MEDIA_ROOT, signed-in clients."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from peygir.conftest import World


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client signed in as one of the world's personas."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.users[persona])
        return client

    return make
