from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import ReplayServer, serving


@pytest.fixture
def replay() -> Iterator[ReplayServer]:
    yield from serving()


@pytest.fixture(autouse=True)
def _no_ambient_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """Tests never see the machine's AWS settings: no profile, keys or region leak in."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_CA_BUNDLE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_POLLY",
        "AWS_RETRY_MODE",
        "AWS_MAX_ATTEMPTS",
        "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", f"{tmp_path}/config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", f"{tmp_path}/credentials")
    # No instance-metadata lookups (they wait for timeouts) when no credentials are found.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
