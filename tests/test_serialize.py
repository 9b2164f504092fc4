"""Request building with no sockets."""

from __future__ import annotations

from polly_client.operations import LIST_SPEECH_SYNTHESIS_TASKS
from polly_client.serialize import build_request

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
