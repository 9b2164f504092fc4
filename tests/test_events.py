"""botocore events: the same handlers registered on boto3's client and PollyClient see the same
events, in the same order, with the same keyword arguments."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from polly_client import PollyClient
from polly_client.adapters import choose_signer_arguments, signer_chooses_with
from tests.support import Recorded, ReplayServer, Reply, client_kwargs, outcome

EVENTS = [
    "provide-client-params",
    "before-parameter-build",
    "before-call",
    "request-created",
    "choose-signer",
    "before-sign",
    "before-send",
    "after-call",
    "after-call-error",
]


def _record(client: Any) -> list[tuple[str, list[str]]]:
    seen: list[tuple[str, list[str]]] = []

    def handler(event_name: str, **kwargs: Any) -> None:
        seen.append((event_name, sorted(kwargs)))

    for event in EVENTS:
        client.meta.events.register(f"{event}.polly.ListSpeechSynthesisTasks", handler)
    return seen


def _ours_and_boto3(url: str, **options: Any) -> tuple[PollyClient, Any]:
    config = Config(retries={"max_attempts": 0}, **options)
    kwargs = client_kwargs(url)
    return PollyClient(config=config, **kwargs), boto3.client("polly", config=config, **kwargs)


@pytest.mark.parametrize(
    "reply",
    [Reply(), Reply(400, b'{"__type": "InvalidNextTokenException"}')],
    ids=["success", "service error"],
)
def test_events_fire_once_each_with_botocores_arguments(replay: ReplayServer, reply: Reply) -> None:
    replay.reply = reply
    ours, theirs = _ours_and_boto3(replay.url)
    recorded = []
    for client in (ours, theirs):
        seen = _record(client)
        with contextlib.suppress(client.exceptions.ClientError):
            client.list_speech_synthesis_tasks(MaxResults=3)
        recorded.append(seen)
    assert recorded[0] == recorded[1]
    # Every event once, in botocore's order; after-call-error only when the call fails.
    assert [name.split(".")[0] for name, _ in recorded[0]] == EVENTS[:-1]


def test_after_call_error_on_a_connection_failure() -> None:
    ours, theirs = _ours_and_boto3("http://127.0.0.1:9")
    recorded = []
    for client in (ours, theirs):
        seen = _record(client)
        with pytest.raises(Exception, match="Could not connect"):
            client.list_speech_synthesis_tasks()
        recorded.append(seen)
    assert recorded[0] == recorded[1]
    assert recorded[0][-1][0].startswith("after-call-error")


def test_before_send_response_short_circuits_the_network() -> None:
    body = b'{"SynthesisTasks": [{"TaskId": "from-handler"}]}'
    results = []
    for client in _ours_and_boto3("http://127.0.0.1:9"):

        def respond(request: Any, **_: Any) -> AWSResponse:
            headers: Any = {"x-amzn-requestid": "local"}
            response: Any = AWSResponse(request.url, 200, headers, None)
            response._content = body
            return response  # type: ignore[no-any-return]

        handler: Any = respond
        client.meta.events.register("before-send.polly.ListSpeechSynthesisTasks", handler)
        results.append(outcome(client.list_speech_synthesis_tasks))
    assert results[0] == results[1]
    assert results[0][1]["SynthesisTasks"] == [{"TaskId": "from-handler"}]


def test_a_header_added_before_signing_is_signed_and_sent(replay: ReplayServer) -> None:
    for client in _ours_and_boto3(replay.url):

        def add_header(request: Any, **_: Any) -> None:
            request.headers["x-amz-meta-trace"] = "abc"

        client.meta.events.register("before-sign.polly.ListSpeechSynthesisTasks", add_header)
        client.list_speech_synthesis_tasks()
    mine, boto = replay.requests
    assert mine.headers["x-amz-meta-trace"] == boto.headers["x-amz-meta-trace"] == "abc"
    for sent in (mine, boto):
        assert "x-amz-meta-trace" in sent.headers["Authorization"]


def test_provide_client_params_can_replace_the_params(replay: ReplayServer) -> None:
    for client in _ours_and_boto3(replay.url):

        def replace(params: dict[str, Any], **_: Any) -> dict[str, Any]:
            return {**params, "Status": "failed"}

        handler: Any = replace
        client.meta.events.register("provide-client-params.polly.*", handler)
        client.list_speech_synthesis_tasks(MaxResults=2)
    assert replay.requests[0].path == replay.requests[1].path
    assert "Status=failed" in replay.requests[0].path


def test_after_call_handlers_see_and_can_change_the_parsed_dict(replay: ReplayServer) -> None:
    replay.reply = Reply(body=b'{"SynthesisTasks": [], "NextToken": "n"}')
    for client in _ours_and_boto3(replay.url):

        def annotate(parsed: dict[str, Any], **_: Any) -> None:
            parsed["Annotated"] = parsed["NextToken"] * 2

        client.meta.events.register("after-call.polly.ListSpeechSynthesisTasks", annotate)
        assert client.list_speech_synthesis_tasks()["Annotated"] == "nn"


def test_a_plain_call_loads_no_service_model_and_creates_no_emitter(replay: ReplayServer) -> None:
    """Checked in a fresh interpreter, so nothing an earlier test loaded can hide a load."""
    script = f"""
import sys
from polly_client import PollyClient, model
client = PollyClient(region_name="us-east-1", endpoint_url="{replay.url}",
                     aws_access_key_id="a", aws_secret_access_key="b")
client.list_speech_synthesis_tasks()
assert model._loaded is None
assert client._meta is None
print("clean")
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "clean"


def _signed_headers(sent: Recorded) -> str:
    return sent.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]


def test_before_call_edits_to_headers_and_body_are_signed_and_sent(replay: ReplayServer) -> None:
    for client in _ours_and_boto3(replay.url):

        def edit(params: dict[str, Any], **_: Any) -> None:
            document = json.loads(params["body"])
            params["body"] = json.dumps({**document, "Text": "a longer text"}).encode()
            params["headers"]["x-amz-meta-custom"] = "yes"

        client.meta.events.register("before-call.polly.StartSpeechSynthesisTask", edit)
        with contextlib.suppress(Exception):  # the reply is a listing's: only the request counts
            client.start_speech_synthesis_task(
                Text="hi", VoiceId="Joanna", OutputFormat="mp3", OutputS3BucketName="bucket"
            )
    mine, boto = replay.requests
    assert mine.body == boto.body
    assert json.loads(mine.body)["Text"] == "a longer text"
    assert mine.headers["x-amz-meta-custom"] == boto.headers["x-amz-meta-custom"] == "yes"
    assert _signed_headers(mine) == _signed_headers(boto)
    assert "x-amz-meta-custom" in _signed_headers(mine)


def test_a_before_call_edit_to_the_url_is_where_the_request_goes(replay: ReplayServer) -> None:
    for client in _ours_and_boto3(replay.url):

        def edit(params: dict[str, Any], **_: Any) -> None:
            params["url"] = params["url"].replace("MaxResults=3", "MaxResults=1")

        client.meta.events.register("before-call.polly.ListSpeechSynthesisTasks", edit)
        client.list_speech_synthesis_tasks(MaxResults=3)
    assert [sent.path for sent in replay.requests] == ["/v1/synthesisTasks?MaxResults=1"] * 2


def test_custom_headers_through_the_context_reach_the_wire(replay: ReplayServer) -> None:
    """boto3's usual recipe for per-call headers: a made-up argument moved into the context
    before validation, then into the request's headers at before-call."""
    for client in _ours_and_boto3(replay.url):

        def take(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
            context["custom_headers"] = params.pop("CustomHeaders", {})

        def add(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
            params["headers"].update(context["custom_headers"])

        client.meta.events.register("before-parameter-build.polly.*", take)
        client.meta.events.register("before-call.polly.*", add)
        client.list_speech_synthesis_tasks(**_custom_headers({"X-Trace-Id": "abc123"}))
        client.describe_voices(**_custom_headers({"X-Trace-Id": "def456"}))
    traces = [sent.headers.get("X-Trace-Id") for sent in replay.requests]
    assert traces == ["abc123", "def456"] * 2


def _custom_headers(headers: dict[str, str]) -> Any:
    """A made-up argument, which no operation's signature has."""
    return {"CustomHeaders": headers}


def test_every_request_handler_gets_the_calls_context(replay: ReplayServer) -> None:
    """The context before-parameter-build and before-call get is the very dict the request
    carries in request-created, before-sign and before-send, as botocore's AWSRequest and
    AWSPreparedRequest carry it."""
    from botocore.awsrequest import AWSPreparedRequest, HTTPHeaders

    found = [_carries_the_context(client) for client in _ours_and_boto3(replay.url)]
    assert found[0] == found[1]
    assert [event for event, _ in found[0]] == ["before-sign", "request-created", "before-send"]
    # A botocore before 1.35 gives its prepared request (before-send's) no context.
    prepared = AWSPreparedRequest("GET", "http://h", HTTPHeaders(), None, False)
    prepared_has_one = hasattr(prepared, "context")
    assert [same for _, same in found[0]] == [True, True, prepared_has_one]


def _carries_the_context(client: Any) -> list[tuple[str, bool]]:
    seen: list[tuple[str, bool]] = []
    contexts: list[dict[str, Any]] = []

    def keep(context: dict[str, Any], **_: Any) -> None:
        contexts.append(context)

    def check(event_name: str, request: Any, **_: Any) -> None:
        seen.append(
            (event_name.partition(".")[0], getattr(request, "context", None) is contexts[0])
        )

    client.meta.events.register("before-parameter-build.polly", keep)
    for event in ("request-created", "before-sign", "before-send"):
        client.meta.events.register(f"{event}.polly", check)
    client.list_speech_synthesis_tasks()
    return seen


def test_request_created_handlers_see_the_request_signed_as_in_boto3(
    replay: ReplayServer,
) -> None:
    """botocore's client signs in a request-created handler of its own, registered as the client
    is made: a handler for the operation's own event runs before it (and what it adds is
    signed), one for the service's after it, on the signed request; before-sign runs inside."""
    found = [_signed_when(client) for client in _ours_and_boto3(replay.url)]
    assert found[0] == found[1]
    assert found[0] == [
        ("request-created", False),
        ("before-sign", False),
        ("request-created", True),
        ("before-send", True),
    ]
    mine, boto = replay.requests
    assert "x-amz-meta-early" in _signed_headers(mine)
    assert _signed_headers(mine) == _signed_headers(boto)


def _signed_when(client: Any) -> list[tuple[str, bool]]:
    """Each request event, with whether the request was signed then."""
    order: list[tuple[str, bool]] = []

    def note(event_name: str, request: Any, **_: Any) -> None:
        order.append((event_name.partition(".")[0], "Authorization" in request.headers))

    def add_header(request: Any, **_: Any) -> None:
        request.headers["x-amz-meta-early"] = "yes"

    events = client.meta.events
    events.register("request-created.polly.ListSpeechSynthesisTasks", add_header)
    for event in ("request-created.polly", "request-created.polly.ListSpeechSynthesisTasks"):
        events.register(event, note)
    events.register("before-sign.polly", note)
    events.register("before-send.polly", note)
    client.list_speech_synthesis_tasks()
    return order


def test_before_sign_runs_before_missing_credentials_are_refused(replay: ReplayServer) -> None:
    """botocore's signer refuses a request without credentials after emitting before-sign."""
    found = [
        _before_sign_and_outcome(client)
        for client in (
            PollyClient(region_name="us-east-1", endpoint_url=replay.url),
            boto3.client("polly", region_name="us-east-1", endpoint_url=replay.url),
        )
    ]
    assert found[0] == found[1]
    assert found[0] == ("NoCredentialsError", ["v4"])
    assert replay.requests == []


def test_an_unsigned_clients_before_sign_says_so(replay: ReplayServer) -> None:
    found = [
        _before_sign_and_outcome(client)
        for client in _ours_and_boto3(replay.url, signature_version=UNSIGNED)
    ]
    assert found == [("ok", [UNSIGNED])] * 2
    assert all("Authorization" not in sent.headers for sent in replay.requests)


def _before_sign_and_outcome(client: Any) -> tuple[str, list[Any]]:
    """How a listing ended, and the signature version each before-sign was given."""
    versions: list[Any] = []

    def note(signature_version: Any, **_: Any) -> None:
        versions.append(signature_version)

    client.meta.events.register("before-sign.polly", note)
    return outcome(client.list_speech_synthesis_tasks)[0], versions


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("list_speech_synthesis_tasks", {"MaxResults": 3}),
        (
            "start_speech_synthesis_task",
            {"OutputFormat": "mp3", "OutputS3BucketName": "b", "Text": "hi", "VoiceId": "Joanna"},
        ),
    ],
)
def test_before_send_sees_the_request_botocore_prepares(
    replay: ReplayServer, method: str, params: dict[str, Any]
) -> None:
    replay.reply = Reply(body=b'{"SynthesisTask": {"TaskId": "t"}, "SynthesisTasks": []}')
    seen: list[Any] = []
    for client in _ours_and_boto3(replay.url):
        prepared: list[Any] = []

        def keep(request: Any, prepared: list[Any] = prepared, **_: Any) -> None:
            prepared.append(request)

        client.meta.events.register("before-send.polly", keep)
        getattr(client, method)(**params)
        (request,) = prepared
        varying = {"x-amz-date", "authorization", "amz-sdk-invocation-id", "user-agent"}
        headers = {k: v for k, v in request.headers.items() if k.lower() not in varying}
        seen.append((request.method, request.url, request.body, headers))
        # botocore's endpoint encodes every value it has to UTF-8 before preparing the request.
        seen.append(sorted((k, type(v).__name__) for k, v in request.headers.items()))
    assert seen[:2] == seen[2:]


@pytest.mark.parametrize("signed", [True, False])
def test_a_choose_signer_handler_turns_signing_off_as_in_boto3(
    replay: ReplayServer, signed: bool
) -> None:
    from botocore.handlers import disable_signing

    options: dict[str, Any] = {} if signed else {"signature_version": UNSIGNED}
    sent = []
    for client in _ours_and_boto3(replay.url, **options):
        client.meta.events.register("choose-signer.polly", disable_signing)
        client.list_speech_synthesis_tasks()
        sent.append(sorted(replay.requests[-1].headers))
    assert sent[0] == sent[1]
    assert "Authorization" not in sent[0]


def test_a_choose_signer_answer_this_client_cannot_sign_with_is_refused(
    replay: ReplayServer,
) -> None:
    ours, _ = _ours_and_boto3(replay.url)

    def v2(**_: Any) -> str:
        return "v2"

    handler: Any = v2  # botocore-stubs types handlers as returning None; this one answers
    ours.meta.events.register("choose-signer.polly", handler)
    with pytest.raises(ValueError, match="'v2'"):
        ours.list_speech_synthesis_tasks()


@pytest.mark.parametrize("answer", ["v4", "v2"])
def test_an_unsigned_client_asked_to_sign_fails_as_boto3s_does(
    replay: ReplayServer, answer: str
) -> None:
    def choose(**_: Any) -> str:
        return answer

    handler: Any = choose
    raised = []
    for client in _ours_and_boto3(replay.url, signature_version=UNSIGNED):
        client.meta.events.register("choose-signer.polly", handler)
        raised.append(outcome(client.list_speech_synthesis_tasks)[0])
    expected = {"v4": "NoCredentialsError"}.get(answer)
    assert raised[0] == (expected or "ValueError")
    if expected:
        assert raised[1] == expected


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("list_speech_synthesis_tasks", {}),
        ("put_lexicon", {"Name": "abc", "Content": "<lexicon/>"}),
        ("describe_voices", {}),
    ],
)
def test_the_calls_context_starts_as_the_installed_botocores(
    replay: ReplayServer, method: str, params: dict[str, Any]
) -> None:
    replay.reply = Reply(body=b"{}")
    seen = []
    for client in _ours_and_boto3(replay.url):
        started: dict[str, Any] = {}

        def keep(context: dict[str, Any], started: dict[str, Any] = started, **_: Any) -> None:
            started.update(context)

        client.meta.events.register("before-call.polly", keep)
        getattr(client, method)(**params)
        config = started.pop("client_config")
        seen.append((started, config.region_name, config.signature_version))
    assert seen[0] == seen[1]


def test_the_probe_of_choose_signers_arguments_finds_what_it_asks() -> None:
    # adapters.choose_signer_arguments asks a private method, falling back to the arguments
    # every release passes if the probe no longer fits it: here it must fit, without the fallback,
    # and find at least those.
    assert signer_chooses_with() == choose_signer_arguments()
    assert {"signing_name", "region_name", "signature_version", "context"} <= signer_chooses_with()
