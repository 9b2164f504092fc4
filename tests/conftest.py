from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import ReplayServer, both_clients, serving


@pytest.fixture
def replay() -> Iterator[ReplayServer]:
    yield from serving()


@pytest.fixture
def clients(replay: ReplayServer) -> tuple[Any, Any]:
    """PollyClient and boto3's client for ``replay``, alike, with a session token and no
    retries."""
    return both_clients(replay.url, aws_session_token="session-token-value")


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
        "AWS_DEFAULTS_MODE",
        "AWS_SDK_UA_APP_ID",
        "AWS_DISABLE_HOST_PREFIX_INJECTION",
        "AWS_DATA_PATH",
        # A proxy on the machine would carry the loopback tests of both clients.
        *(
            name
            for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")
            for name in (proxy, proxy.lower())
        ),
    ):
        monkeypatch.delenv(name, raising=False)
    # boto3's default session is process-wide: one a test made must not sign the next's calls.
    import boto3

    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    monkeypatch.setenv("AWS_CONFIG_FILE", f"{tmp_path}/config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", f"{tmp_path}/credentials")
    # No instance-metadata lookups (they wait for timeouts) when no credentials are found.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


_conformance: dict[str, list[str]] = {"passed": [], "failed": [], "skipped": []}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Tally the public conformance cases (tests/test_conformance_*.py), one per test."""
    if "test_conformance_" not in report.nodeid:
        return
    if report.when == "call" or (report.when == "setup" and report.skipped):
        reason = ""
        if report.skipped and isinstance(report.longrepr, tuple):
            reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        _conformance[report.outcome].append(reason)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran = sum(len(v) for v in _conformance.values())
    if not ran:
        return
    write = terminalreporter.write_line
    write(
        f"public conformance cases: {ran} ran, {len(_conformance['passed'])} passed, "
        f"{len(_conformance['failed'])} failed, {len(_conformance['skipped'])} skipped"
    )
    reasons: dict[str, int] = {}
    for reason in _conformance["skipped"]:
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        write(f"  skipped {count:3d}: {reason}")
