"""The OpenAPI schema: valid, served, browsable without a CDN, and true to the live API."""

from collections.abc import Callable
from typing import Any

import pytest
import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error, response_schema_conformance

from peygir.api.services import api_token_create
from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions import services

from .conftest import API

Api = Callable[[str | None], APIClient]


def test_the_schema_is_valid_openapi(db: None) -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 meta-schema
    assert "/api/v1/resolutions/{id}/deadline-revisions/" in schema["paths"]


def test_the_schema_is_served_to_anyone_as_json(api: Api) -> None:
    response = api(None).get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/")
    assert response.json()["info"]["title"] == "Peygir API"


def test_the_docs_load_their_assets_from_our_own_static_files(api: Api) -> None:
    response = api(None).get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower() and "https://" not in html


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    fast_live_server: Any, world: World
) -> None:
    live_server = fast_live_server
    # Some records for the generated requests to find: a published and an internal resolution.
    published = world.resolution()
    satisfy_gate(
        published, assessor=world.users["secretariat"], body_officer=world.users["officer"]
    )
    services.resolution_publish(actor=None, resolution=published)
    world.resolution(title="مصوبه داخلی")
    token = api_token_create(user=world.users["secretariat"], name="schemathesis").plain
    schema = schemathesis.openapi.from_url(f"{live_server.url}{API}/openapi.json")
    # Revoking tokens at random would revoke the very token the run uses.
    schema = schema.exclude(method="DELETE", path_regex="tokens")
    headers = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30

    try:
        for operation in operations:
            _run_operation(operation, live_server.url, session, headers)
    finally:
        session.close()  # before the server's threads lose the shared test database


def _run_operation(operation: Any, base_url: str, session: Any, headers: dict[str, str]) -> None:
    """Send a few generated requests to one operation; fail on a 500 or a schema violation."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=5,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(
            base_url=base_url,
            session=session,
            headers=headers,
            checks=[not_a_server_error, response_schema_conformance],
        )

    run()
