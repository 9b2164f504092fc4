"""boto3 and PollyClient sent the same HTTP bytes must give equal results and equal errors."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config

from polly_client import PollyClient
from tests.support import ReplayServer, Reply, client_kwargs, outcome

NO_RETRIES = Config(retries={"max_attempts": 0})

FULL_TASK: dict[str, Any] = {
    "Engine": "neural",
    "TaskId": "57548c6b-d21a-4885-962f-450952569dc8",
    "TaskStatus": "completed",
    "TaskStatusReason": "done",
    "OutputUri": "https://s3.us-east-1.amazonaws.com/bucket/57548c6b.mp3",
    "CreationTime": 1.603378986577e9,
    "RequestCharacters": 41,
    "SnsTopicArn": "arn:aws:sns:us-east-1:123456789012:topic",
    "LexiconNames": ["lex1", "lex2"],
    "OutputFormat": "mp3",
    "SampleRate": "22050",
    "SpeechMarkTypes": ["sentence", "word"],
    "TextType": "text",
    "VoiceId": "Joanna",
    "LanguageCode": "en-US",
}


def _same(
    replay: ReplayServer, clients: tuple[PollyClient, Any], reply: Reply, **params: Any
) -> tuple[str, Any]:
    replay.reply = reply
    ours, theirs = clients
    mine = outcome(ours.list_speech_synthesis_tasks, **params)
    boto = outcome(theirs.list_speech_synthesis_tasks, **params)
    assert mine == boto
    return mine


def _body(document: Any) -> bytes:
    return json.dumps(document).encode()


SUCCESS_BODIES = {
    "full task": {"SynthesisTasks": [FULL_TASK], "NextToken": "next"},
    "no next token": {"SynthesisTasks": [FULL_TASK]},
    "empty page": {"SynthesisTasks": []},
    "no tasks key": {},
    "every optional field missing": {"SynthesisTasks": [{}]},
    "unknown enum values": {
        "SynthesisTasks": [
            {
                **FULL_TASK,
                "Engine": "quantum",
                "VoiceId": "Zelda",
                "OutputFormat": "flac",
                "TaskStatus": "paused",
                "LanguageCode": "xx-XX",
                "TextType": "markdown",
                "SpeechMarkTypes": ["phoneme"],
            }
        ]
    },
    "unknown fields": {
        "SynthesisTasks": [{**FULL_TASK, "Future": {"a": 1}}],
        "Extra": [1, 2],
    },
    "integer epoch": {"SynthesisTasks": [{"TaskId": "a", "CreationTime": 1700000000}]},
    "fractional epoch": {"SynthesisTasks": [{"TaskId": "a", "CreationTime": 1700000000.123456}]},
    "generative engine": {"SynthesisTasks": [{"Engine": "generative", "TaskId": "g"}]},
    "null members": {"SynthesisTasks": [{"TaskId": "n", "Engine": None}], "NextToken": None},
    "empty lists": {"SynthesisTasks": [{"LexiconNames": [], "SpeechMarkTypes": []}]},
}


@pytest.mark.parametrize("document", SUCCESS_BODIES.values(), ids=SUCCESS_BODIES.keys())
def test_success_bodies_parse_identically(
    replay: ReplayServer, clients: tuple[PollyClient, Any], document: Any
) -> None:
    kind, _ = _same(replay, clients, Reply(body=_body(document)))
    assert kind == "ok"


def test_response_headers_read_as_boto3_reads_them(
    replay: ReplayServer, clients: tuple[PollyClient, Any]
) -> None:
    """Names in any case, a repeated header joined with ", ", as botocore's metadata has them."""
    headers = (
        ("x-amzn-RequestId", "req-1"),
        ("X-Custom", "one"),
        ("x-custom", "two"),
        ("Content-Type", "application/json"),
        ("ETag", '"abc"'),
    )
    kind, result = _same(replay, clients, Reply(body=b"{}", headers=headers))
    assert kind == "ok"
    assert result["ResponseMetadata"]["HTTPHeaders"]["x-custom"] == "one, two"


@pytest.mark.parametrize(
    "params",
    [
        {"Status": "scheduled"},
        {"Status": "inProgress"},
        {"Status": "completed"},
        {"Status": "failed"},
        {"MaxResults": 1},
        {"MaxResults": 100},
        {"NextToken": "a b/c+=~%é", "MaxResults": 5, "Status": "completed"},
        {"Status": "completed", "NextToken": "x", "MaxResults": 2},
        {"MaxResults": True},
        {"NextToken": ""},
    ],
    ids=repr,
)
def test_requests_carry_the_same_query_and_signed_headers(
    replay: ReplayServer, clients: tuple[PollyClient, Any], params: dict[str, Any]
) -> None:
    _same(replay, clients, Reply(), **params)
    mine, boto = replay.requests
    assert mine.path == boto.path
    assert mine.method == boto.method == "GET"
    assert _signed_headers(mine.headers) == _signed_headers(boto.headers)
    assert sorted(mine.headers) == sorted(boto.headers)  # no "Content-Length: 0" on a GET
    assert mine.headers["X-Amz-Security-Token"] == "session-token-value"
    assert mine.headers["User-Agent"].startswith("polly-client/")


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("delete_lexicon", {"Name": "abc"}),
        ("put_lexicon", {"Name": "abc", "Content": "<lexicon/>"}),
        ("get_lexicon", {"Name": "abc"}),
    ],
)
def test_every_method_sends_boto3s_header_names(
    replay: ReplayServer, clients: tuple[PollyClient, Any], method: str, params: dict[str, Any]
) -> None:
    # botocore's preparer gives a body's length, and "Content-Length: 0" to an empty body of
    # any method but GET, HEAD and OPTIONS.
    replay.reply = Reply(body=b"{}")
    for client in clients:
        getattr(client, method)(**params)
    mine, boto = replay.requests
    assert (mine.method, mine.path) == (boto.method, boto.path)
    assert sorted(mine.headers) == sorted(boto.headers)
    assert mine.headers.get("Content-Length") == boto.headers.get("Content-Length")


def test_bytes_a_before_send_handler_sets_are_sent_as_they_are(
    replay: ReplayServer, clients: tuple[PollyClient, Any]
) -> None:
    def raw(request: Any, **_: Any) -> None:
        request.headers["X-Raw"] = b"caf\xe9"  # not UTF-8

    for client in clients:
        client.meta.events.register("before-send.polly", raw)
        client.list_speech_synthesis_tasks()
    mine, boto = replay.requests
    assert mine.headers["X-Raw"] == boto.headers["X-Raw"] == "caf\xe9"  # read as Latin-1


def _signed_headers(headers: dict[str, str]) -> str:
    return headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]


ERRORS = {
    "__type with namespace": Reply(
        400,
        b'{"__type": "com.amazonaws.polly#InvalidNextTokenException", "message": "bad"}',
    ),
    "x-amzn-ErrorType with suffix": Reply(
        400,
        b'{"message": "bad token"}',
        (
            ("x-amzn-ErrorType", "InvalidNextTokenException:http://internal.amazon.com/"),
            ("x-amzn-RequestId", "r-1"),
        ),
    ),
    "code member": Reply(500, b'{"code": "ServiceFailureException", "Message": "oops"}'),
    "Code member": Reply(500, b'{"Code": "ServiceFailureException", "message": "oops"}'),
    "header beats body": Reply(
        400,
        b'{"__type": "ValidationException", "code": "Other"}',
        (("x-amzn-ErrorType", "ThrottlingException"),),
    ),
    "modelled extra members": Reply(
        402,
        _body({"message": "quota", "quotaCode": "L-1", "serviceCode": "polly", "x": 1}),
        (("x-amzn-ErrorType", "ServiceQuotaExceededException"),),
    ),
    "validation fields": Reply(
        400,
        _body(
            {
                "message": "bad",
                "reason": "fieldValidationFailed",
                "fields": [{"name": "MaxResults", "message": "too big", "extra": 1}],
            }
        ),
        (("x-amzn-ErrorType", "ValidationException"),),
    ),
    "throttling reasons": Reply(
        400,
        _body({"message": "slow", "throttlingReasons": [{"reason": "r", "resource": "x"}]}),
        (("x-amzn-ErrorType", "ThrottlingException"),),
    ),
    "access denied (modelled since botocore 1.44.8)": Reply(
        403,
        b'{"Message": "User is not authorized"}',
        (("x-amzn-ErrorType", "AccessDeniedException:"),),
    ),
    "unmodelled code": Reply(
        403,
        b'{"Message": "no", "message": "m"}',
        (("x-amzn-ErrorType", "NotInAnyModelException:"),),
    ),
    "unrecognized client": Reply(403, b'{"__type": "UnrecognizedClientException"}'),
    "html 502 from a proxy": Reply(502, b"<html><body>Bad Gateway</body></html>", ()),
    "empty 500": Reply(500, b"", ()),
    "html 400 is not generic": Reply(400, b"<html>nope</html>", ()),
    "doctype html 503": Reply(503, b"<!DOCTYPE html><html></html>", ()),
    "no code at all": Reply(400, b'{"message": "who knows"}'),
    "null __type": Reply(400, b'{"__type": null}'),
    "not found": Reply(404, b'{"__type": "SynthesisTaskNotFoundException", "message": "x"}'),
}


@pytest.mark.parametrize("reply", ERRORS.values(), ids=ERRORS.keys())
def test_errors_raise_the_same_class_response_and_message(
    replay: ReplayServer, clients: tuple[PollyClient, Any], reply: Reply
) -> None:
    kind, (response, _message) = _same(replay, clients, reply)
    assert kind != "ok"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == reply.status


def test_modelled_errors_are_our_classes_and_catchable_as_client_error(
    replay: ReplayServer, clients: tuple[PollyClient, Any]
) -> None:
    from botocore.exceptions import ClientError

    import polly_client

    replay.reply = ERRORS["__type with namespace"]
    ours, _ = clients
    with pytest.raises(ClientError) as info:
        ours.list_speech_synthesis_tasks(NextToken="stale")
    assert type(info.value) is polly_client.InvalidNextTokenException
    assert isinstance(info.value, ours.exceptions.InvalidNextTokenException)
    assert info.value.response["Error"]["Code"] == "InvalidNextTokenException"


def _error_classes(exceptions: Any) -> dict[str, type]:
    from botocore.exceptions import ClientError

    found = {name: getattr(exceptions, name) for name in dir(exceptions)}
    return {
        name: value
        for name, value in found.items()
        if isinstance(value, type) and issubclass(value, ClientError) and value is not ClientError
    }


def test_exception_classes_are_the_installed_models_as_in_boto3() -> None:
    import polly_client
    from polly_client.errors import error_names

    theirs = boto3.client(
        "polly", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    ours = PollyClient(region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    shapes = {shape.name for shape in theirs.meta.service_model.error_shapes}
    boto_classes = _error_classes(theirs.exceptions)
    assert set(boto_classes) == shapes
    assert set(_error_classes(ours.exceptions)) == set(error_names()) == shapes
    assert set(_error_classes(polly_client)) >= shapes
    for name in shapes:
        mine = getattr(ours.exceptions, name)
        assert mine.__name__ == name
        assert mine is getattr(polly_client, name) is getattr(PollyClient.exceptions, name)
        assert issubclass(mine, polly_client.ClientError)
        assert ours.exceptions.from_code(name) is mine
        assert theirs.exceptions.from_code(name) is boto_classes[name]
    for client in (ours, theirs):
        assert client.exceptions.from_code("NotInAnyModelException") is polly_client.ClientError
        with pytest.raises(AttributeError):
            client.exceptions.NotInAnyModelException  # noqa: B018
    with pytest.raises(AttributeError):
        polly_client.NotInAnyModelException  # type: ignore[attr-defined]  # noqa: B018


def _installed_error_shapes() -> list[tuple[str, int]]:
    import botocore.session

    model = botocore.session.get_session().get_service_model("polly")
    return [(shape.name, shape.metadata["error"]["httpStatusCode"]) for shape in model.error_shapes]


@pytest.mark.parametrize(("code", "status"), _installed_error_shapes(), ids=str)
def test_every_error_shape_of_the_installed_model_raises_as_in_boto3(
    replay: ReplayServer, clients: tuple[PollyClient, Any], code: str, status: int
) -> None:
    members = {"message": "m", "Message": "M", "resourceId": "r", "quotaCode": "q", "x": 1}
    reply = Reply(status, _body(members), (("x-amzn-ErrorType", f"{code}:http://x/"),))
    kind, (response, _message) = _same(replay, clients, reply)
    assert kind == code
    assert response["Error"]["Code"] == code


@pytest.mark.parametrize(
    "body",
    [b'{"SynthesisTasks": [{"TaskId": "a"', b"", b"<html>ok</html>", b"[1, 2]", b"\xff\xfe"],
    ids=["truncated", "empty", "html", "array", "not utf-8"],
)
def test_malformed_success_body_raises_where_boto3_returns_nothing(
    replay: ReplayServer, clients: tuple[PollyClient, Any], body: bytes
) -> None:
    """The one deliberate difference: boto3 answers as if there were no tasks."""
    from botocore.parsers import ResponseParserError

    replay.reply = Reply(body=body)
    ours, theirs = clients
    try:
        boto = theirs.list_speech_synthesis_tasks()
    except Exception:
        pass  # boto3 crashes on some of these; only its silent cases matter here
    else:
        assert "SynthesisTasks" not in boto
    with pytest.raises(ResponseParserError) as info:
        ours.list_speech_synthesis_tasks()
    assert "HTTP 200" in str(info.value)
    assert info.value.http_response.body == body  # type: ignore[attr-defined]


BAD_PARAMS = [
    {"MaxResults": "x"},
    {"MaxResults": 0},
    {"MaxResults": -5},
    {"MaxResults": 1.0},
    {"MaxResults": None},
    {"NextToken": 123},
    {"NextToken": b"bytes"},
    {"Status": 5},
    {"Foo": 1},
    {"Foo": 1, "MaxResults": "x", "Bar": 2, "NextToken": None},
]


@pytest.mark.parametrize("params", BAD_PARAMS, ids=repr)
def test_client_side_validation_matches_boto3(
    replay: ReplayServer, clients: tuple[PollyClient, Any], params: dict[str, Any]
) -> None:
    kind, _ = _same(replay, clients, Reply(), **params)
    assert kind == "ParamValidationError"
    assert replay.requests == []


@pytest.mark.parametrize("params", [{"MaxResults": 101}, {"Status": "bogus"}], ids=repr)
def test_what_botocore_leaves_to_the_service_is_sent(
    replay: ReplayServer, clients: tuple[PollyClient, Any], params: dict[str, Any]
) -> None:
    _same(replay, clients, Reply(), **params)
    assert replay.requests[0].path == replay.requests[1].path


def test_parameter_validation_can_be_turned_off_like_boto3(replay: ReplayServer) -> None:
    config = Config(parameter_validation=False, retries={"max_attempts": 0})
    kwargs = client_kwargs(replay.url)
    ours = PollyClient(config=config, **kwargs)
    theirs = boto3.client("polly", config=config, **kwargs)
    pair: tuple[Any, ...] = (ours, theirs)  # deliberately ill-typed arguments below
    for client in pair:
        client.list_speech_synthesis_tasks(MaxResults="7", Status=3)
    assert (
        replay.requests[0].path
        == replay.requests[1].path
        == ("/v1/synthesisTasks?MaxResults=7&Status=3")
    )


def test_positional_arguments_are_refused_as_in_boto3(
    clients: tuple[Any, Any],
) -> None:
    for client in clients:
        with pytest.raises(TypeError):
            client.list_speech_synthesis_tasks(5)
