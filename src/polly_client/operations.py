"""Each operation, described once: its name, HTTP method and path, its query members with their
client-side checks, how its result is read, and its paginator. The call pipeline, the client's
methods, ``client.meta`` and the paginators read these and nothing else; tests hold them to
botocore's model (tests/test_model_drift.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from polly_client.http import HttpResponse
from polly_client.parse import parse_list_response, response_from_dict
from polly_client.validate import Check, integer_at_least_1, string

__all__ = ["LIST_SPEECH_SYNTHESIS_TASKS", "OPERATIONS", "Operation", "Paging"]


class Paging(NamedTuple):
    """botocore's paginator settings for an operation."""

    input_token: str
    output_token: str
    limit_key: str
    result_key: str


class Operation(NamedTuple):
    name: str
    """The model's name, as events and errors name it."""
    method_name: str
    """boto3's method name."""
    http_method: str
    path: str
    query: Mapping[str, Check]
    """Every input member (all travel in the query string), in the model's order."""
    parse: Callable[[HttpResponse, int, bool], Any]
    """A success response, its retry count and whether the budget ran out -> the result."""
    from_dict: Callable[[dict[str, Any], HttpResponse], Any]
    """A boto3-shaped dict a Stubber or before-call handler supplied -> the result."""
    paging: Paging | None


LIST_SPEECH_SYNTHESIS_TASKS = Operation(
    name="ListSpeechSynthesisTasks",
    method_name="list_speech_synthesis_tasks",
    http_method="GET",
    path="/v1/synthesisTasks",
    query={"MaxResults": integer_at_least_1, "NextToken": string, "Status": string},
    parse=parse_list_response,
    from_dict=response_from_dict,
    paging=Paging("NextToken", "NextToken", "MaxResults", "SynthesisTasks"),
)

OPERATIONS: Mapping[str, Operation] = {
    operation.method_name: operation for operation in (LIST_SPEECH_SYNTHESIS_TASKS,)
}
"""By boto3 method name."""
