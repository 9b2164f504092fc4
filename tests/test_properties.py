"""Property-based checks against botocore's own parser and validator.

Arbitrary bytes, JSON, headers and statuses give a typed result or a documented exception; any
valid response reads exactly as botocore reads it; any error response gives botocore's dict;
any keyword arguments are validated exactly as botocore validates them."""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

import botocore.session
from botocore.awsrequest import HeadersDict
from botocore.exceptions import ParamValidationError
from botocore.parsers import RestJSONParser
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polly_client import ResponseParserError
from polly_client.http import HttpResponse
from polly_client.operations import LIST_SPEECH_SYNTHESIS_TASKS, START_SPEECH_SYNTHESIS_TASK
from polly_client.parse import parse_error, parse_list_response, typed_tasks
from polly_client.validate import validate

settings.register_profile(
    "ci", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

MODEL = botocore.session.get_session().get_service_model("polly")
OPERATION = MODEL.operation_model("ListSpeechSynthesisTasks")
SHAPE: Any = OPERATION.output_shape
INPUT_SHAPE: Any = OPERATION.input_shape

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
header_names = st.sampled_from(
    ["x-amzn-requestid", "x-amzn-errortype", "x-amz-request-id", "x-amz-id-2", "content-type"]
)
headers = st.dictionaries(header_names, st.text(st.characters(codec="latin-1"), max_size=40))
statuses = st.integers(min_value=100, max_value=599)


def _http(status: int, heads: dict[str, str], body: bytes) -> HttpResponse:
    return HttpResponse(status, heads, body)


@given(status=statuses, heads=headers, body=st.binary(max_size=300))
def test_arbitrary_bytes_give_a_result_or_a_documented_error(
    status: int, heads: dict[str, str], body: bytes
) -> None:
    response = _http(status, heads, body)
    with contextlib.suppress(ResponseParserError):
        parse_list_response(response)
    assert isinstance(parse_error(response), dict)


@given(status=statuses, heads=headers, document=json_values)
def test_arbitrary_json_gives_a_result_or_a_documented_error(
    status: int, heads: dict[str, str], document: Any
) -> None:
    response = _http(status, heads, json.dumps(document).encode())
    with contextlib.suppress(ResponseParserError):
        # Accepted at the call: the typed view, built later, is there and says the same.
        result = parse_list_response(response)
        assert result.to_dict() == result
    assert isinstance(parse_error(response), dict)


def _enum(name: str) -> st.SearchStrategy[str]:
    known: list[str] = MODEL.shape_for(name).enum  # type: ignore[attr-defined]
    return st.sampled_from(known) | st.text(min_size=1, max_size=12)


texts = st.text(max_size=30)


def _or_null(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return values | st.none()  # botocore leaves a null member out


def _shuffled(document: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    # A service may send members in any order; boto3's dict has the model's.
    return st.permutations(list(document.items())).map(dict)


tasks = st.fixed_dictionaries(
    {},
    optional={
        "Engine": _or_null(_enum("Engine")),
        "TaskId": _or_null(texts),
        "TaskStatus": _enum("TaskStatus"),
        "TaskStatusReason": texts,
        "OutputUri": _or_null(texts),
        "CreationTime": st.integers(0, 4_000_000_000)
        | st.floats(0, 4_000_000_000, allow_nan=False)
        | st.none(),
        "RequestCharacters": _or_null(st.integers(0, 10**9)),
        "SnsTopicArn": texts,
        "LexiconNames": st.lists(texts, max_size=5),
        "OutputFormat": _enum("OutputFormat"),
        "SampleRate": texts,
        "SpeechMarkTypes": _or_null(st.lists(_enum("SpeechMarkType"), max_size=4)),
        "TextType": _enum("TextType"),
        "VoiceId": _enum("VoiceId"),
        "LanguageCode": _or_null(_enum("LanguageCode")),
        "SomethingNew": json_values,
    },
).flatmap(_shuffled)
pages = st.fixed_dictionaries(
    {},
    optional={
        "SynthesisTasks": st.lists(tasks, max_size=5),
        "NextToken": _or_null(texts),
        "Future": json_values,
    },
).flatmap(_shuffled)


@given(page=pages, heads=headers)
def test_valid_responses_read_exactly_as_botocore_reads_them(
    page: dict[str, Any], heads: dict[str, str]
) -> None:
    """The dict a call returns (built from the decoded JSON where its types allow) is
    botocore's, key order included, and so is the one built from the typed view."""
    body = json.dumps(page).encode()
    theirs = RestJSONParser().parse(
        {"status_code": 200, "headers": HeadersDict(heads), "body": body}, SHAPE
    )
    response = parse_list_response(_http(200, heads, body))
    built: dict[str, Any] = dict(response.to_dict())
    for ours in (dict(response), built):
        ours["ResponseMetadata"].pop("RetryAttempts")  # botocore's endpoint adds it, not its parser
        assert ours == theirs
        assert json.dumps(ours, default=repr) == json.dumps(theirs, default=repr)
    assert response.synthesis_tasks == (
        None if "SynthesisTasks" not in page else typed_tasks(page["SynthesisTasks"])
    )


error_bodies = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "__type": st.sampled_from(
                [
                    "",
                    "ThrottlingException",
                    "aws#ValidationException",
                    "a#ServiceQuotaExceededException:http://x",
                ]
            )
            | texts,
            "code": texts | st.sampled_from(["InvalidNextTokenException"]),
            "message": texts | st.none(),
            "Message": texts,
            "quotaCode": texts,
            "serviceCode": texts,
            "reason": texts,
            "fields": st.lists(
                st.fixed_dictionaries({}, optional={"name": texts, "message": texts})
            ),
        },
    ).map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=60),
    st.sampled_from([b"", b"<html>oops</html>", b"  "]),
)


@given(status=st.integers(301, 599), heads=headers, body=error_bodies)
def test_error_responses_give_botocores_dict(
    status: int, heads: dict[str, str], body: bytes
) -> None:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return  # botocore raises UnicodeDecodeError here; we keep a replaced message instead
    response = {"status_code": status, "headers": HeadersDict(heads), "body": body}
    parser = RestJSONParser()
    try:
        theirs = parser.parse(response, SHAPE)
    except (AttributeError, TypeError):
        return  # botocore crashes on non-object JSON error bodies; we always answer a dict
    code = theirs.get("Error", {}).get("Code")
    model: Any = MODEL
    error_shape = model.shape_for_error_code(code) if isinstance(code, str) else None
    if error_shape is not None:
        try:
            theirs.update(parser.parse(response, error_shape))
        except (AttributeError, TypeError):
            return  # botocore crashes on wrongly typed modelled members; we skip those members
    ours = parse_error(_http(status, heads, body))
    ours["ResponseMetadata"].pop("RetryAttempts")
    assert ours == theirs


names = st.sampled_from(["MaxResults", "NextToken", "Status"]) | st.text(min_size=1, max_size=8)
values = (
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False)
    | st.text(max_size=10)
    | st.binary(max_size=4)
    | st.lists(st.integers(), max_size=2)
)


@given(params=st.dictionaries(names, values, max_size=4))
def test_validation_reports_exactly_what_botocore_reports(params: dict[str, Any]) -> None:
    theirs = ParamValidator().validate(params, INPUT_SHAPE)
    expected = theirs.generate_report() if theirs.has_errors() else None
    try:
        validate(params, LIST_SPEECH_SYNTHESIS_TASKS.checks)
    except ParamValidationError as exc:
        assert str(exc) == f"Parameter validation failed:\n{expected}"
    else:
        assert expected is None


START_INPUT: Any = MODEL.operation_model("StartSpeechSynthesisTask").input_shape
start_names = st.sampled_from(list(START_INPUT.members)) | st.text(min_size=1, max_size=6)
start_values = values | st.lists(st.text(max_size=3) | st.integers(), max_size=3).map(tuple)


@given(
    params=st.dictionaries(start_names, start_values | st.lists(st.text(max_size=3)), max_size=6)
)
def test_start_validation_reports_exactly_what_botocore_reports(params: dict[str, Any]) -> None:
    theirs = ParamValidator().validate(params, START_INPUT)
    expected = theirs.generate_report() if theirs.has_errors() else None
    operation = START_SPEECH_SYNTHESIS_TASK
    try:
        validate(params, operation.checks, operation.required)
    except ParamValidationError as exc:
        assert str(exc) == f"Parameter validation failed:\n{expected}"
    else:
        assert expected is None
