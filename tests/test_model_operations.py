"""Every operation of the installed model, walked: boto3 and PollyClient sent the same bytes give
equal results (streams compared by content), equal errors and equal requests."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.response import StreamingBody
from botocore.stub import Stubber

from polly_client import PollyClient
from polly_client.model import service_model
from polly_client.model_operations import method_names
from tests.support import ReplayServer, Reply, client_kwargs

NO_RETRIES = Config(retries={"max_attempts": 0})
MODEL = service_model()
METHODS = sorted(method_names())


SCALARS: dict[str, Any] = {
    "integer": 3,
    "long": 3,
    "float": 1.5,
    "double": 1.5,
    "boolean": True,
    "timestamp": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    "blob": b"bytes",
}


def _example(shape: Any, depth: int = 0) -> Any:
    """A value of the shape's type, with every member of a structure filled in (to a depth)."""
    kind = shape.type_name
    if kind == "structure":
        members = shape.members
        return {} if depth > 3 else {k: _example(v, depth + 1) for k, v in members.items()}
    if kind == "list":
        return [_example(shape.member, depth + 1)]
    if kind == "map":
        return {"k": _example(shape.value, depth + 1)}
    if kind in SCALARS:
        return SCALARS[kind]
    enum = shape.metadata.get("enum")
    return enum[0] if enum else "value-1"


def _params(method: str) -> dict[str, Any]:
    shape = MODEL.operation_model(method_names()[method]).input_shape
    if shape is None:
        return {}
    members: Any = shape.members
    return {name: _example(members[name]) for name in shape.required_members}


def _reply(method: str) -> Reply:
    """A success response carrying every output member where the model says it travels."""
    operation = MODEL.operation_model(method_names()[method])
    shape: Any = operation.output_shape
    headers = [("x-amzn-RequestId", "req-1")]
    body: dict[str, Any] = {}
    raw = b""
    for name, member in shape.members.items() if shape is not None else ():
        location = member.serialization.get("location")
        if location == "header":
            value = _example(member)
            headers.append((member.serialization["name"], str(value)))
        elif operation.has_streaming_output and name == shape.serialization.get("payload"):
            raw = b"ID3\x04audio bytes of a plausible mp3"
        else:
            body[name] = _example(member)
    content = raw or json.dumps(body, default=_json_value).encode()
    return Reply(200, content, tuple(headers))


def _without_client_token(body: bytes) -> object:
    """The body, with an idempotency token botocore made up (a new UUID each call) checked for
    its form and set aside."""
    if not body:
        return body
    document = json.loads(body)
    token = document.pop("ClientToken", None)
    if token is not None:
        assert uuid.UUID(token).version == 4
    return document


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return value.decode()
    raise TypeError(value)


def _outcome(client: Any, method: str, params: dict[str, Any]) -> tuple[str, Any]:
    try:
        result = getattr(client, method)(**params)
    except Exception as exc:  # the class is what is compared
        return type(exc).__name__, (getattr(exc, "response", None), str(exc))
    plain = dict(result)
    for key, value in plain.items():
        if isinstance(value, StreamingBody):
            plain[key] = value.read()
    return "ok", plain


@pytest.mark.parametrize("method", METHODS)
def test_every_operation_answers_as_in_boto3(
    replay: ReplayServer, clients: tuple[PollyClient, Any], method: str
) -> None:
    replay.reply = _reply(method)
    params = _params(method)
    ours, theirs = clients
    mine = _outcome(ours, method, params)
    boto = _outcome(theirs, method, params)
    assert mine == boto
    assert mine[0] == "ok"
    sent, expected = replay.requests
    assert (sent.method, sent.path) == (expected.method, expected.path)
    assert _without_client_token(sent.body) == _without_client_token(expected.body)
    signed = [r.headers["Authorization"].split("SignedHeaders=")[1] for r in (sent, expected)]
    assert signed[0].split(",")[0] == signed[1].split(",")[0]


@pytest.mark.parametrize(
    ("method", "code"),
    [
        (method, shape.name)
        for method in METHODS
        for shape in MODEL.operation_model(method_names()[method]).error_shapes
    ],
)
def test_every_error_of_every_operation_is_boto3s(
    replay: ReplayServer, clients: tuple[PollyClient, Any], method: str, code: str
) -> None:
    replay.reply = Reply(400, b'{"message": "no"}', (("x-amzn-ErrorType", code),))
    params = _params(method)
    ours, theirs = clients
    mine = _outcome(ours, method, params)
    assert mine == _outcome(theirs, method, params)
    assert mine[0] == code


def test_the_client_lists_the_operations_boto3s_has(replay: ReplayServer) -> None:
    ours = PollyClient(**client_kwargs(replay.url))
    theirs = boto3.client("polly", **client_kwargs(replay.url))
    theirs_methods = {
        name for name in dir(theirs) if name in {xform_name(n) for n in MODEL.operation_names}
    }
    assert set(METHODS) == theirs_methods
    assert set(METHODS) <= set(dir(ours))
    assert ours.meta.method_to_api_mapping == theirs.meta.method_to_api_mapping
    typed = {"list_speech_synthesis_tasks", "start_speech_synthesis_task"}
    assert typed <= set(METHODS)
    # botocore removes the HTTP/2 stream; so does this client, with the same error.
    for client in (ours, theirs):
        with pytest.raises(AttributeError):
            client.start_speech_synthesis_stream  # noqa: B018


def test_validation_is_botocores(replay: ReplayServer, clients: tuple[PollyClient, Any]) -> None:
    bad = {"Text": 5, "Nope": 1}
    results = [_outcome(client, "synthesize_speech", bad) for client in clients]
    assert results[0] == results[1]
    assert results[0][0] == "ParamValidationError"
    assert replay.requests == []


@pytest.mark.parametrize(
    "method", ["describe_voices", "list_lexicons", "list_speech_synthesis_tasks"]
)
def test_every_paginated_operation_paginates_as_in_boto3(
    replay: ReplayServer, clients: tuple[PollyClient, Any], method: str
) -> None:
    key = {"describe_voices": "Voices", "list_lexicons": "Lexicons"}.get(method, "SynthesisTasks")
    pages = iter([{key: [{"Name": "a"}], "NextToken": "n"}, {key: [{"Name": "b"}]}] * 2)
    replay.reply = lambda _: Reply(body=json.dumps(next(pages)).encode())
    results = []
    for client in clients:
        assert client.can_paginate(method)
        full = client.get_paginator(method).paginate().build_full_result()
        results.append(full)
    assert results[0] == results[1]
    assert not clients[0].can_paginate("synthesize_speech")


def test_stubber_drives_a_model_operation_on_both_clients(clients: tuple[Any, Any]) -> None:
    results = []
    for client in clients:
        with Stubber(client) as stub:
            stub.add_response(
                "describe_voices", {"Voices": [{"Id": "Joanna", "Gender": "Female"}]}, {}
            )
            stub.add_client_error("get_lexicon", "LexiconNotFoundException", "none", 404)
            voices = client.describe_voices()
            with pytest.raises(client.exceptions.LexiconNotFoundException) as info:
                client.get_lexicon(Name="nope")
        results.append((voices, info.value.response["Error"]))
    assert results[0] == results[1]


def test_an_untyped_operation_loads_the_model_only_when_named() -> None:
    import subprocess
    import sys

    code = (
        "from polly_client import PollyClient\n"
        "import polly_client.model as m\n"
        "c = PollyClient(region_name='us-east-1', aws_access_key_id='a',"
        " aws_secret_access_key='b')\n"
        "assert m._loaded is None, 'loaded at construction'\n"
        "c.describe_voices\n"
        "assert m._loaded is not None\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "body", [b"\xff\xfe", b"[1, 2]", b'{"Voices": 5}', b"[" * 100_000], ids=repr
)
def test_a_malformed_body_of_a_model_operation_raises_with_the_bytes(
    replay: ReplayServer, clients: tuple[PollyClient, Any], body: bytes
) -> None:
    from botocore.parsers import ResponseParserError

    replay.reply = Reply(body=body)
    with pytest.raises(ResponseParserError, match="DescribeVoices") as info:
        clients[0].describe_voices()
    assert info.value.http_response.body == body  # type: ignore[attr-defined]
