"""moto: code under ``mock_aws()`` gets from PollyClient what it gets from boto3, and no request
leaves the process. PollyClient honours what moto adds to botocore's BUILTIN_HANDLERS, as every
new boto3 client does; nothing in polly-client knows about moto."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import boto3
import botocore.handlers
import pytest
from botocore.awsrequest import AWSResponse

from polly_client import PollyClient
from tests.support import outcome

# moto adds its handler to BUILTIN_HANDLERS when imported, for every client made after: it is
# kept to this module's tests (see _moto_handlers), so the rest of the suite runs without it.
_BOTOCORES = list(botocore.handlers.BUILTIN_HANDLERS)
moto = pytest.importorskip("moto", reason="moto is not installed")
_MOTOS = [spec for spec in botocore.handlers.BUILTIN_HANDLERS if spec not in _BOTOCORES]
botocore.handlers.BUILTIN_HANDLERS[:] = _BOTOCORES

REGION = "us-east-1"


@pytest.fixture(autouse=True)
def _moto_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", [*_BOTOCORES, *_MOTOS])


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every connection attempt, refused and recorded."""
    attempts: list[object] = []

    def connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(f"a test tried to connect to {address}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    return attempts


def _comparable(result: tuple[str, Any]) -> tuple[str, Any]:
    """An outcome without what moto makes anew for every request (its request id and Date) and
    with its clock's readings (a lexicon's LastModified) as their type and zone."""
    kind, value = result
    response = _timeless(value if kind == "ok" else value[0])
    if isinstance(response, dict) and "ResponseMetadata" in response:
        response = dict(response)
        metadata = dict(response.pop("ResponseMetadata"))
        metadata.pop("RequestId", None)
        metadata.pop("HTTPHeaders", None)
        response["ResponseMetadata"] = metadata
    return kind, response if kind == "ok" else (response, value[1])


def _timeless(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _timeless(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_timeless(item) for item in value]
    if isinstance(value, datetime):
        return (datetime, value.utcoffset())
    return value


def _scenario(client: Any) -> list[tuple[str, Any]]:
    return [
        _comparable(outcome(call, **params))
        for call, params in (
            (client.describe_voices, {"LanguageCode": "en-GB"}),
            (client.list_speech_synthesis_tasks, {}),  # moto: a 404 "Not yet implemented"
            (client.get_lexicon, {"Name": "missing"}),
            (client.put_lexicon, {"Name": "mine", "Content": "<lexicon/>"}),
            (client.get_lexicon, {"Name": "mine"}),
            (client.list_lexicons, {}),
            (client.delete_lexicon, {"Name": "mine"}),
            (client.list_lexicons, {}),
        )
    ]


def _both(run: Callable[[Callable[[], Any]], list[tuple[str, Any]]]) -> list[tuple[str, Any]]:
    ours = run(lambda: PollyClient(region_name=REGION))
    theirs = run(lambda: boto3.client("polly", region_name=REGION))
    assert ours == theirs
    return ours


def test_under_the_context_manager(no_network: list[object]) -> None:
    def run(make: Callable[[], Any]) -> list[tuple[str, Any]]:
        with moto.mock_aws():
            return _scenario(make())

    results = _both(run)
    assert no_network == []
    assert results[0][0] == "ok" and results[0][1]["Voices"]
    assert results[1][0] == "ClientError" and "Not yet implemented" in results[1][1][1]
    assert results[2][0] == "LexiconNotFoundException"
    assert [lexicon["Name"] for lexicon in results[5][1]["Lexicons"]] == ["mine"]


def test_under_the_decorator(no_network: list[object]) -> None:
    def run(make: Callable[[], Any]) -> list[tuple[str, Any]]:
        def scenario() -> list[tuple[str, Any]]:
            return _scenario(make())

        decorated = moto.mock_aws(scenario)  # as @mock_aws would
        results: list[tuple[str, Any]] = decorated()
        return results

    _both(run)
    assert no_network == []


def test_a_client_made_before_the_mock_starts_is_mocked_once_it_does(
    no_network: list[object],
) -> None:
    """moto's handler is registered at construction and consults moto's switch per request."""
    clients = (
        PollyClient(region_name=REGION, aws_access_key_id="a", aws_secret_access_key="b"),
        boto3.client("polly", region_name=REGION, aws_access_key_id="a", aws_secret_access_key="b"),
    )
    results = []
    for client in clients:
        with moto.mock_aws():
            results.append(_comparable(outcome(client.list_lexicons)))
    assert results[0] == results[1]
    assert results[0][1]["Lexicons"] == []
    assert no_network == []


def test_moto_server_mode_through_aws_endpoint_url(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("flask", reason="moto's server mode needs flask")
    pytest.importorskip("flask_cors", reason="moto's server mode needs flask-cors")
    from moto.server import ThreadedMotoServer

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")

    def run(make: Callable[[], Any]) -> list[tuple[str, Any]]:
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        stopper = threading.Timer(120, server.stop)  # stops by itself should the test hang
        stopper.daemon = True
        stopper.start()
        try:
            host, port = server.get_host_and_port()
            monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
            return _scenario(make())
        finally:
            stopper.cancel()
            server.stop()

    _both(run)


def test_any_handler_added_to_botocores_builtins_is_honoured(
    monkeypatch: pytest.MonkeyPatch, no_network: list[object]
) -> None:
    """The mechanism is botocore's, not moto's: another tool appending a before-send handler to
    BUILTIN_HANDLERS answers for both clients too."""

    def respond(request: Any, **_: Any) -> AWSResponse:
        headers: Any = {"x-amzn-requestid": "from-a-tool"}
        response: Any = AWSResponse(request.url, 200, headers, None)
        response._content = b'{"Lexicons": [{"Name": "tooled"}]}'
        return response  # type: ignore[no-any-return]

    handler: Any = respond
    builtins = list(_BOTOCORES)
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", builtins)
    kwargs: dict[str, Any] = {
        "region_name": REGION,
        "aws_access_key_id": "a",
        "aws_secret_access_key": "b",
    }
    assert PollyClient(**kwargs)._meta is None  # nothing foreign yet: the plain path
    builtins.append(("before-send.polly.*", handler))  # in place, as moto does
    ours = outcome(PollyClient(**kwargs).list_lexicons)
    theirs = outcome(boto3.client("polly", **kwargs).list_lexicons)
    assert ours == theirs
    assert ours[1]["Lexicons"] == [{"Name": "tooled"}]
    assert no_network == []


@pytest.mark.parametrize("before", ["import botocore.handlers", "import moto"])
def test_botocores_own_builtins_keep_the_plain_path(before: str) -> None:
    """botocore's own entries add nothing to hook (this client does their work); moto's do."""
    script = f"""
{before}
from polly_client import PollyClient
client = PollyClient(region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
print(client._meta is None)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == str(before != "import moto")
