"""The production settings pass `peygir check --deploy` with no warnings."""

import os
import subprocess
import sys


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    base = dict(os.environ)
    # Set by the browser tests' fixture for their own process; production never has it.
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-m", "peygir.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "PEYGIR_DEBUG": "0",
    "PEYGIR_SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tv8Wb" * 3,
    "PEYGIR_ALLOWED_HOSTS": "peygir.ostandari-qom.ir",
}


def test_production_settings_pass_the_deploy_check() -> None:
    result = run_check(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_key_is_refused_in_production() -> None:
    result = run_check(**{**PRODUCTION, "PEYGIR_SECRET_KEY": ""})
    assert result.returncode != 0
