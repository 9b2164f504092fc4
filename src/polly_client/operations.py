"""Each operation, described once: its name, HTTP method and path, its input members with their
client-side checks and where each travels, how its result is read, and its paginator. The call
pipeline, the client's methods, ``client.meta`` and the paginators read these and nothing else;
tests hold them to botocore's model (tests/test_model_drift.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from polly_client.http import HttpRequest, HttpResponse
from polly_client.parse import (
    parse_list_response,
    parse_task_response,
    parse_typed_page,
    response_from_dict,
    task_response_from_dict,
)
from polly_client.serialize import build_request
from polly_client.validate import Check, check_params, integer_at_least_1, string, string_list

__all__ = [
    "GET_SPEECH_SYNTHESIS_TASK",
    "LIST_SPEECH_SYNTHESIS_TASKS",
    "OPERATIONS",
    "START_SPEECH_SYNTHESIS_TASK",
    "TYPED_LISTING",
    "Operation",
    "Paging",
]


class Paging(NamedTuple):
    """botocore's paginator settings for an operation that pages on one token into one list
    (every Polly paginator)."""

    input_token: str
    output_token: str
    limit_key: str | None
    result_key: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Paging:
        """The settings from the model's paginator entry; ValueError for an entry beyond this
        shape (several tokens or result keys, ``more_results``, non-aggregate keys), which
        botocore's paginator reads by rules this one does not have."""
        limit_key = config.get("limit_key")
        tokens = [config.get(name) for name in ("input_token", "output_token", "result_key")]
        if (
            set(config) - set(cls._fields)
            or not all(isinstance(token, str) for token in tokens)
            or not isinstance(limit_key, (str, type(None)))
        ):
            raise ValueError(f"not a one-token, one-result-key paginator: {dict(config)}")
        return cls(config["input_token"], config["output_token"], limit_key, config["result_key"])


class Operation(NamedTuple):
    name: str
    """The model's name, as events and errors name it."""
    method_name: str
    """boto3's method name."""
    http_method: str
    path: str
    """The request path; ``{Member}`` in it stands for that member's value."""
    checks: Mapping[str, Check]
    """Every input member, in the model's order, with its client-side check."""
    required: tuple[str, ...]
    query: frozenset[str]
    """The members sent in the query string; those named in ``path`` go there, the rest in the
    JSON body."""
    parse: Callable[[HttpResponse, int, bool], Any]
    """A success response, its retry count and whether the budget ran out -> the result."""
    from_dict: Callable[[dict[str, Any], dict[str, Any], HttpResponse], Any]
    """A boto3-shaped dict a Stubber or before-call handler supplied, and its members as a
    parsed body holds them (``supplied.as_parsed``) -> the result: the first is its dict side,
    the second what its typed side is read from."""
    paging: Paging | None = None
    validate: Callable[[Operation, Mapping[str, object]], None] = check_params
    """Client-side checks (when the config wants them): ``checks`` and ``required``."""
    serialize: Callable[[Operation, str, Mapping[str, object], Mapping[str, str]], HttpRequest] = (
        build_request
    )
    """The operation, endpoint URL, params and base headers -> the unsigned request."""


LIST_SPEECH_SYNTHESIS_TASKS = Operation(
    name="ListSpeechSynthesisTasks",
    method_name="list_speech_synthesis_tasks",
    http_method="GET",
    path="/v1/synthesisTasks",
    checks={"MaxResults": integer_at_least_1, "NextToken": string, "Status": string},
    required=(),
    query=frozenset({"MaxResults", "NextToken", "Status"}),
    parse=parse_list_response,
    from_dict=response_from_dict,
    paging=Paging("NextToken", "NextToken", "MaxResults", "SynthesisTasks"),
)

TYPED_LISTING = LIST_SPEECH_SYNTHESIS_TASKS._replace(parse=parse_typed_page)
"""The listing for pages nobody reads as dicts (``iter_speech_synthesis_tasks``'s)."""

START_SPEECH_SYNTHESIS_TASK = Operation(
    name="StartSpeechSynthesisTask",
    method_name="start_speech_synthesis_task",
    http_method="POST",
    path="/v1/synthesisTasks",
    checks={
        "Engine": string,
        "LanguageCode": string,
        "LexiconNames": string_list,
        "OutputFormat": string,
        "OutputS3BucketName": string,
        "OutputS3KeyPrefix": string,
        "SampleRate": string,
        "SnsTopicArn": string,
        "SpeechMarkTypes": string_list,
        "Text": string,
        "TextType": string,
        "VoiceId": string,
    },
    required=("OutputFormat", "OutputS3BucketName", "Text", "VoiceId"),
    query=frozenset(),
    parse=parse_task_response,
    from_dict=task_response_from_dict,
)

GET_SPEECH_SYNTHESIS_TASK = Operation(
    name="GetSpeechSynthesisTask",
    method_name="get_speech_synthesis_task",
    http_method="GET",
    path="/v1/synthesisTasks/{TaskId}",
    checks={"TaskId": string},
    required=("TaskId",),
    query=frozenset(),
    parse=parse_task_response,
    from_dict=task_response_from_dict,
)

OPERATIONS: Mapping[str, Operation] = {
    operation.method_name: operation
    for operation in (
        GET_SPEECH_SYNTHESIS_TASK,
        LIST_SPEECH_SYNTHESIS_TASKS,
        START_SPEECH_SYNTHESIS_TASK,
    )
}
"""By boto3 method name."""
