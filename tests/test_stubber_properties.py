"""Any response botocore's Stubber accepts for any operation of the installed model is returned
by PollyClient as boto3 returns it (or refused alike), its typed side read without error.

The responses are drawn from each operation's output shape, in every form the Stubber's
validation accepts: subclasses of str and int, str-mixed enums, tuples for lists, dict
subclasses, timestamps as datetimes, strings and numbers."""

from __future__ import annotations

import enum
import functools
import os
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any, cast

import boto3
import pytest
from botocore.stub import Stubber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polly_client import PollyClient
from polly_client.model import service_model
from polly_client.model_operations import method_names

KWARGS: dict[str, Any] = {
    "region_name": "us-east-1",
    "aws_access_key_id": "AKIDEXAMPLE",
    "aws_secret_access_key": "secret",
    "endpoint_url": "http://127.0.0.1:9",  # nothing listens: an unstubbed call fails loudly
}
# A differential of whole calls through two clients: fewer examples than the parsers' own.
EXAMPLES = 300 if os.environ.get("CI") else 60


class _Text(str):
    pass


class _Count(int):
    pass


@functools.cache
def _mixed_enum(values: tuple[str, ...]) -> type[enum.Enum]:
    """A str-mixed enum of the shape's values, whose str() is a member's name, not its value."""
    # mypy reads the functional API's call as a member, not a class.
    members = {f"M{i}": value for i, value in enumerate(values)}
    return cast("type[enum.Enum]", enum.Enum("Mixed", members, type=str))


def _strings(shape: Any) -> st.SearchStrategy[Any]:
    if shape.enum:
        values = tuple(shape.enum)
        return st.sampled_from(values) | st.sampled_from(list(_mixed_enum(values)))
    text = st.text(max_size=8)
    return text | text.map(_Text)


class _Real(float):
    pass


_whole_epochs = st.integers(0, 4_000_000_000)
_epochs = (
    _whole_epochs
    | st.floats(0, 4e9)
    | _whole_epochs.map(_Count)
    | st.booleans()
    | st.floats(0, 4e9).map(_Real)
    | st.decimals(0, 4_000_000_000, places=3)
)
_datetimes = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
)
_TIMESTAMPS = (
    _datetimes
    | _epochs
    | _datetimes.map(lambda value: value.isoformat())
    | _datetimes.map(lambda value: value.strftime("%Y-%m-%dT%H:%M:%SZ"))
)
_INTEGERS = st.integers(-(2**31), 2**31 - 1)


def _values(shape: Any) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        members = {
            name: _values(member)
            for name, member in shape.members.items()
            if member.type_name != "blob"  # a streaming payload: tests/test_stubber.py's
        }
        fields = st.fixed_dictionaries({}, optional=members)
        return fields | fields.map(OrderedDict)
    if kind == "list":
        items = st.lists(_values(shape.member), max_size=3)
        return items | items.map(tuple)
    if kind == "map":
        return st.dictionaries(_strings(shape.key), _values(shape.value), max_size=2)
    if kind == "string":
        return _strings(shape)
    assert kind in _SCALARS, f"a {kind} member: draw it here"
    return _SCALARS[kind]


_SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "integer": _INTEGERS | st.booleans() | _INTEGERS.map(_Count),
    "long": _INTEGERS | st.booleans() | _INTEGERS.map(_Count),
    "timestamp": _TIMESTAMPS,
    "boolean": st.booleans(),
}


def _required(shape: Any) -> Any:
    """The least input a call takes: each required member, with a value of its type."""
    kind = shape.type_name
    if kind == "structure":
        return {name: _required(shape.members[name]) for name in shape.required_members}
    if kind == "string":
        return shape.enum[0] if shape.enum else "x"
    if kind == "list":
        return [_required(shape.member)]
    return {"integer": 1, "long": 1, "boolean": True}.get(kind, b"x")


def _stubbable() -> list[str]:
    """The client methods whose response is a JSON document (not an audio stream)."""
    model = service_model()
    return sorted(
        method
        for method, name in method_names().items()
        if not model.operation_model(name).has_streaming_output
    )


@functools.cache
def _clients() -> tuple[Any, Any]:
    return PollyClient(**KWARGS), boto3.client("polly", **KWARGS)


def _outcome(client: Any, method: str, params: dict[str, Any], response: dict[str, Any]) -> Any:
    stubber = Stubber(client)
    try:
        stubber.add_response(method, response, params)
        with stubber:
            result = getattr(client, method)(**params)
    except Exception as exc:
        return type(exc).__name__, str(exc)
    result.pop("ResponseMetadata", None)
    # repr, not ==: what was supplied comes back as given, subclasses and all (the response
    # itself is a new dict of the supplied one's items, which the README says).
    return "ok", repr(dict(result))


@pytest.mark.parametrize("method", _stubbable())
def test_any_response_the_stubber_accepts_is_boto3s(method: str) -> None:
    name = method_names()[method]
    operation = service_model().operation_model(name)
    output = operation.output_shape
    params = {} if operation.input_shape is None else _required(operation.input_shape)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_values(output) if output is not None else st.just({}))
    def check(response: dict[str, Any]) -> None:
        ours, theirs = _clients()
        assert _outcome(ours, method, params, response) == _outcome(
            theirs, method, params, response
        )

    check()
