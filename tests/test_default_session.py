"""boto3's default session: ``boto3.setup_default_session(...)`` steers ``PollyClient`` as it steers
``boto3.client``, and ``polly_client`` never imports boto3 to find out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest

from polly_client import PollyClient
from tests.support import ReplayServer

_SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/polly/aws4_request")


@pytest.fixture(autouse=True)
def _profiles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two profiles in temporary files, and no default session left from another test (it is
    process-wide; monkeypatch puts back whatever was there)."""
    (tmp_path / "config").write_text(
        "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-2\n"
        "[profile other]\nregion = sa-east-1\n"
    )
    (tmp_path / "credentials").write_text(
        "[default]\naws_access_key_id = AKIADEFAULTPROFILE\naws_secret_access_key = d\n"
        "[dev]\naws_access_key_id = AKIADEVPROFILE\naws_secret_access_key = s\n"
        "aws_session_token = dev-token\n"
        "[other]\naws_access_key_id = AKIAOTHERPROFILE\naws_secret_access_key = o\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


def _signed_as(replay: ReplayServer) -> tuple[str, str, str | None]:
    """The key and region of the last request's signature, and its session token."""
    headers = replay.requests[-1].headers
    found = _SCOPE.search(headers.get("Authorization", ""))
    assert found is not None, headers
    return found[1], found[2], headers.get("X-Amz-Security-Token")


def _both_sign_as(replay: ReplayServer, **kwargs: Any) -> tuple[str, str, str | None]:
    PollyClient(endpoint_url=replay.url, **kwargs).list_speech_synthesis_tasks()
    ours = _signed_as(replay)
    boto3.client("polly", endpoint_url=replay.url, **kwargs).list_speech_synthesis_tasks()
    assert ours == _signed_as(replay)
    return ours


def test_both_clients_sign_as_the_default_session(replay: ReplayServer) -> None:
    boto3.setup_default_session(profile_name="dev", region_name="ap-southeast-2")
    assert _both_sign_as(replay) == ("AKIADEVPROFILE", "ap-southeast-2", "dev-token")


def test_given_region_and_keys_come_before_the_default_session(replay: ReplayServer) -> None:
    boto3.setup_default_session(profile_name="dev", region_name="ap-southeast-2")
    kwargs = {"region_name": "us-west-2", "aws_access_key_id": "K", "aws_secret_access_key": "g"}
    assert _both_sign_as(replay, **kwargs) == ("K", "us-west-2", None)


def test_the_default_session_fills_in_what_the_arguments_leave_out(replay: ReplayServer) -> None:
    boto3.setup_default_session(profile_name="dev")
    # A region given, no keys: the default session's profile signs, as with boto3.client.
    assert _both_sign_as(replay, region_name="us-west-2") == (
        "AKIADEVPROFILE",
        "us-west-2",
        "dev-token",
    )


def test_the_default_session_profile_gives_the_region(replay: ReplayServer) -> None:
    boto3.setup_default_session(profile_name="dev")
    assert PollyClient(endpoint_url=replay.url).region_name == "eu-west-2"
    assert _both_sign_as(replay) == ("AKIADEVPROFILE", "eu-west-2", "dev-token")


def test_without_a_default_session_the_chain_is_read_as_before(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _both_sign_as(replay) == ("AKIADEFAULTPROFILE", "us-east-1", None)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # boto3.client made one
    monkeypatch.setenv("AWS_PROFILE", "other")
    assert _both_sign_as(replay) == ("AKIAOTHERPROFILE", "sa-east-1", None)


def test_a_given_session_comes_before_the_default_one(replay: ReplayServer) -> None:
    boto3.setup_default_session(profile_name="dev")
    session = boto3.Session(profile_name="other")
    PollyClient.from_session(session, endpoint_url=replay.url).list_speech_synthesis_tasks()
    ours = _signed_as(replay)
    session.client("polly", endpoint_url=replay.url).list_speech_synthesis_tasks()
    assert ours == _signed_as(replay) == ("AKIAOTHERPROFILE", "sa-east-1", None)


def test_polly_client_alone_never_imports_boto3(replay: ReplayServer) -> None:
    code = (
        "import sys\n"
        "import polly_client\n"
        "imported = 'boto3' in sys.modules\n"
        "client = polly_client.PollyClient(endpoint_url=sys.argv[1])\n"
        "client.list_speech_synthesis_tasks()\n"
        "print(imported, 'boto3' in sys.modules)\n"
    )
    environment = {**os.environ, "AWS_PROFILE": "dev"}
    done = subprocess.run(
        [sys.executable, "-c", code, replay.url],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
    assert _signed_as(replay) == ("AKIADEVPROFILE", "eu-west-2", "dev-token")
