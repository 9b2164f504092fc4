"""One client shared by many threads; connections bounded by the pool; credentials refreshed."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config

from polly_client import PollyClient
from polly_client.local import LocalPolly
from tests.support import ReplayServer, run_in_threads


def test_eight_threads_share_one_client_within_its_pool() -> None:
    with LocalPolly(lifetime=300) as polly:
        polly.seed(30)
        client = polly.client(config=Config(max_pool_connections=10))
        counted: list[int] = []

        def work() -> None:
            for _ in range(150):
                page = client.list_speech_synthesis_tasks(MaxResults=10)
                counted.append(len(page.synthesis_tasks or ()))

        assert run_in_threads(work, threads=8, timeout=240) == []
        assert counted == [10] * 1200
        assert polly.requests() == 1200
        assert polly.connections() <= 10  # keep-alive: reused, never more than the pool


def test_close_and_context_manager_release_the_pool() -> None:
    with LocalPolly(lifetime=60) as polly:
        with polly.client() as client:
            client.list_speech_synthesis_tasks()
            client.list_speech_synthesis_tasks()
            assert polly.open_connections() == 1  # kept alive between calls
        # The server sees the connection end once the pool has closed it.
        deadline = time.monotonic() + 10
        while polly.open_connections() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert polly.open_connections() == 0


def test_refreshable_credentials_are_refreshed_per_attempt(replay: ReplayServer) -> None:
    import botocore.session
    from botocore.credentials import RefreshableCredentials

    keys = iter(["AKIAFIRST", "AKIASECOND", "AKIATHIRD"])

    def refresh() -> dict[str, Any]:
        # Expiring within botocore's mandatory window: every use refreshes.
        soon = datetime.now(timezone.utc) + timedelta(minutes=5)
        return {
            "access_key": next(keys),
            "secret_key": "s",
            "token": "t",
            "expiry_time": soon.isoformat(),
        }

    session = botocore.session.Session()
    session._credentials = RefreshableCredentials.create_from_metadata(  # type: ignore[attr-defined]
        refresh(), refresh_using=refresh, method="test"
    )
    client = PollyClient.from_session(session, region_name="us-east-1", endpoint_url=replay.url)
    client.list_speech_synthesis_tasks()
    client.list_speech_synthesis_tasks()
    used = [
        r.headers["Authorization"].split("Credential=")[1].split("/")[0] for r in replay.requests
    ]
    assert used == ["AKIASECOND", "AKIATHIRD"]


def test_an_unknown_retry_mode_from_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from botocore.exceptions import InvalidRetryModeError

    monkeypatch.setenv("AWS_RETRY_MODE", "nonsense")
    with pytest.raises(InvalidRetryModeError) as ours:
        PollyClient(region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    with pytest.raises(InvalidRetryModeError) as theirs:
        boto3.client(
            "polly", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
        )
    assert str(ours.value) == str(theirs.value)
