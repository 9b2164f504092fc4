"""Request building with no sockets."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from polly_client import TaskStatus
from polly_client.operations import LIST_SPEECH_SYNTHESIS_TASKS
from polly_client.serialize import build_request
from tests.support import both_clients

LIST = LIST_SPEECH_SYNTHESIS_TASKS


def test_only_given_members_in_caller_order_percent_encoded() -> None:
    request = build_request(
        LIST,
        "https://polly.eu-west-1.amazonaws.com/",
        {"Status": "completed", "NextToken": "a b/+=~é", "MaxResults": 10, "Nope": 1},
        {"User-Agent": "x"},
    )
    assert request.method == "GET" and request.body == b""
    assert request.url == (
        "https://polly.eu-west-1.amazonaws.com/v1/synthesisTasks"
        "?Status=completed&NextToken=a%20b%2F%2B%3D~%C3%A9&MaxResults=10"
    )
    assert request.headers == {"User-Agent": "x"}


def test_no_members_no_query_and_none_dropped() -> None:
    assert build_request(LIST, "http://h:1", {}, {}).url == "http://h:1/v1/synthesisTasks"
    assert build_request(LIST, "http://h:1", {"NextToken": None}, {}).url.endswith("Tasks")


class _Known(str, enum.Enum):
    FIRST = "a b/é"


class _Tagged(str):
    def __str__(self) -> str:
        return "<tagged>"


class _Count(int):
    def __str__(self) -> str:
        return "nine"


# botocore writes a str subclass's characters, not its str(), in a label and a query alike.
SENT_AS_BOTOCORE_SENDS = {
    "enum task id": ("get_speech_synthesis_task", {"TaskId": _Known.FIRST}),
    "str subclass task id": ("get_speech_synthesis_task", {"TaskId": _Tagged("abc")}),
    "enum status and next token": (
        "list_speech_synthesis_tasks",
        {"Status": TaskStatus.COMPLETED, "NextToken": _Known.FIRST},
    ),
    "str subclass next token, int subclass": (
        "list_speech_synthesis_tasks",
        {"NextToken": _Tagged("tok"), "MaxResults": _Count(9)},
    ),
}
# What validation would refuse, sent as botocore sends it when it is off.
SENT_UNVALIDATED = {
    "bytes task id": ("get_speech_synthesis_task", {"TaskId": b"by tes"}),
    "int task id": ("get_speech_synthesis_task", {"TaskId": 12}),
    "bytes in the query": ("list_speech_synthesis_tasks", {"NextToken": b"x y", "Status": b"done"}),
    "int subclass next token": ("list_speech_synthesis_tasks", {"NextToken": _Count(3)}),
}


def _paths_sent(url: str, method: str, params: dict[str, Any], config: Config) -> list[str]:
    """The path and query PollyClient and boto3 each sent for the call, in that order (answered
    before sending, so nothing listens at ``url``)."""
    sent: list[str] = []
    for client in both_clients(url, config=config):

        def answer(request: Any, **_: Any) -> AWSResponse:
            sent.append(request.url.removeprefix(url))
            response: Any = AWSResponse(request.url, 200, {}, None)  # type: ignore[arg-type]
            response._content = b'{"SynthesisTasks": []}'
            return response  # type: ignore[no-any-return]

        handler: Any = answer
        client.meta.events.register("before-send", handler)
        getattr(client, method)(**params)
    return sent


@pytest.mark.parametrize(
    ("method", "params"), SENT_AS_BOTOCORE_SENDS.values(), ids=SENT_AS_BOTOCORE_SENDS.keys()
)
def test_labels_and_query_values_are_sent_as_botocore_sends_them(
    method: str, params: dict[str, Any]
) -> None:
    ours, theirs = _paths_sent("http://127.0.0.1:1", method, params, Config())
    assert ours == theirs
    assert "tagged" not in ours and "Known" not in ours and "TaskStatus" not in ours


@pytest.mark.parametrize(
    ("method", "params"), SENT_UNVALIDATED.values(), ids=SENT_UNVALIDATED.keys()
)
def test_unvalidated_values_are_sent_as_botocore_sends_them(
    method: str, params: dict[str, Any]
) -> None:
    config = Config(parameter_validation=False)
    ours, theirs = _paths_sent("http://127.0.0.1:1", method, params, config)
    assert ours == theirs


ENDPOINTS = [
    "http://h:1",
    "http://h:1/",
    "http://h:1//",
    "http://h:1/base",
    "http://h:1/base/",
    "http://h:1/base?x=1",
    "http://h:1?x=1&y=2",
    "HTTP://H:1/b?",
    "http://h:1/b?x=1#f",
    "http://h:1/#f",
]


@pytest.mark.parametrize("endpoint_url", ENDPOINTS)
@pytest.mark.parametrize("params", [{}, {"MaxResults": 3, "NextToken": "a b"}], ids=repr)
def test_the_endpoints_path_query_and_fragment_join_as_botocore_joins_them(
    endpoint_url: str, params: dict[str, Any]
) -> None:
    from botocore.awsrequest import prepare_request_dict

    query = {name: str(value) for name, value in params.items()}
    theirs = {"url_path": "/v1/synthesisTasks", "query_string": query, "headers": {}}
    prepare_request_dict(theirs, endpoint_url)
    assert build_request(LIST, endpoint_url, params, {}).url == theirs["url"]
