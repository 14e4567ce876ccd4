"""The demo administrator signs in with a published demo-only secret."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from peygir.demo.loader import DEMO_TOTP_SECRET


@pytest.mark.django_db(transaction=True)
def test_the_demo_admin_signs_in_with_the_code_that_peygir_demo_prints() -> None:
    output = StringIO()
    call_command("demo", stdout=output)
    assert DEMO_TOTP_SECRET in output.getvalue()
    client = Client()
    response = client.post("/staff/login/", {"username": "admin", "password": "peygir-demo"})
    assert response.headers["Location"] == "/staff/login/code/"
    code = StringIO()
    call_command("demo", "--code", stdout=code)
    assert client.post("/staff/login/code/", {"code": code.getvalue().strip()}).status_code == 302
    assert client.get("/admin/").status_code == 200
