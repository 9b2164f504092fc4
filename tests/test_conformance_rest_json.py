"""botocore's rest-json protocol cases (shared/conformance): the ones about what this client
does — error codes and messages, timestamps, query-string scalars — run against it; the rest
are skipped, each saying why."""

from __future__ import annotations

import json
from datetime import timezone
from typing import Any

import pytest

from polly_client.http import HttpResponse
from polly_client.operations import LIST_SPEECH_SYNTHESIS_TASKS
from polly_client.parse import parse_error, parse_timestamp
from polly_client.serialize import build_request
from tests.conformance import conformance_dir

DATA = conformance_dir("botocore-protocols")


def _cases(kind: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    suites = json.loads((DATA / kind / "rest-json.json").read_text())
    return [(suite, case) for suite in suites for case in suite["cases"]]


def _ids(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[str]:
    return [case.get("id") or case["given"]["name"] for _, case in pairs]


OUTPUT = _cases("output")
INPUT = _cases("input")


def _response(case: dict[str, Any]) -> HttpResponse:
    raw = case["response"]
    headers = {name.lower(): value for name, value in raw.get("headers", {}).items()}
    return HttpResponse(raw["status_code"], headers, raw.get("body", "").encode())


def _botocore_error(suite: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    from botocore.model import ServiceModel
    from botocore.parsers import RestJSONParser

    model = ServiceModel(
        {
            "metadata": suite["metadata"],
            "shapes": suite["shapes"],
            "operations": {case["given"]["name"]: case["given"]},
        }
    )
    operation = model.operation_model(case["given"]["name"])
    from botocore.awsrequest import HeadersDict

    raw = case["response"]
    response = {
        "status_code": raw["status_code"],
        # botocore's parsers get case-insensitive headers from its HTTP layer.
        "headers": HeadersDict(raw.get("headers", {})),
        "body": raw.get("body", "").encode(),
    }
    shape: Any = operation.output_shape
    parsed: dict[str, Any] = RestJSONParser().parse(response, shape)
    return parsed


def _timestamp_members(suite: dict[str, Any], case: dict[str, Any]) -> list[str]:
    output = case["given"].get("output")
    if output is None or not isinstance(case.get("result"), dict):
        return []
    members = suite["shapes"][output["shape"]].get("members", {})
    return [
        name
        for name, member in members.items()
        if suite["shapes"][member["shape"]]["type"] == "timestamp"
        and "location" not in member
        and name in case["result"]
    ]


@pytest.mark.parametrize(("suite", "case"), OUTPUT, ids=_ids(OUTPUT))
def test_output_case(suite: dict[str, Any], case: dict[str, Any]) -> None:
    if "errorCode" in case:
        _check_error(suite, case)
        return
    timestamps = _timestamp_members(suite, case)
    if timestamps:
        _check_timestamps(suite, case, timestamps)
        return
    pytest.skip(
        "response shape not in ListSpeechSynthesisTasks: only its errors and timestamps "
        "(its strings, integers and lists are covered by the differential tests)"
    )


def _check_error(suite: dict[str, Any], case: dict[str, Any]) -> None:
    botocore_code = _botocore_error(suite, case)["Error"]["Code"]
    if botocore_code != case["errorCode"]:
        pytest.skip(
            f"botocore itself gives {botocore_code!r} here: a 5xx with an empty body is a "
            "generic error (code = status); the client follows botocore, the behaviour authority"
        )
    parsed = parse_error(_response(case))
    assert parsed["Error"]["Code"] == case["errorCode"]
    if case.get("errorMessage") is not None:
        assert parsed["Error"]["Message"] == case["errorMessage"]


def _check_timestamps(suite: dict[str, Any], case: dict[str, Any], members: list[str]) -> None:
    body = json.loads(case["response"]["body"])
    shapes = suite["shapes"][case["given"]["output"]["shape"]]["members"]
    for name in members:
        raw = body[shapes[name].get("locationName", name)]
        parsed = parse_timestamp(raw)
        assert parsed.tzinfo is timezone.utc
        assert parsed.timestamp() == pytest.approx(case["result"][name], abs=1e-6)


_OURS = {"integer": "MaxResults", "string": "NextToken"}


@pytest.mark.parametrize(("suite", "case"), INPUT, ids=_ids(INPUT))
def test_input_case(suite: dict[str, Any], case: dict[str, Any]) -> None:
    """A scalar string or integer query member is written as the case writes it: the same
    name=value text, percent-encoded alike, once put on the matching member of ours."""
    given = case["given"]
    if given.get("http", {}).get("method") != "GET" or "input" not in given:
        pytest.skip("not a GET with input: ListSpeechSynthesisTasks is a GET with query members")
    members = suite["shapes"][given["input"]["shape"]].get("members", {})
    checked = 0
    for name, value in case.get("params", {}).items():
        member = members.get(name, {})
        kind = suite["shapes"].get(member.get("shape", ""), {}).get("type")
        if member.get("location") != "querystring" or kind not in _OURS:
            continue
        ours = _OURS[kind]
        url = build_request(LIST_SPEECH_SYNTHESIS_TASKS, "https://h", {ours: value}, {}).url
        expected_value = _query_value(case["serialized"]["uri"], member["locationName"])
        if expected_value is None:  # omitted, as a None member is
            assert "?" not in url
        else:
            assert url.endswith(f"?{ours}={expected_value}")
        checked += 1
    if not checked:
        pytest.skip(
            "no scalar string/integer query member (lists, maps, booleans, floats, "
            "timestamps, labels, headers and bodies are not in ListSpeechSynthesisTasks)"
        )


def _query_value(uri: str, name: str) -> str | None:
    query = uri.partition("?")[2]
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key == name:
            return value
    return None
