"""A response a Stubber or before-call handler supplies, in the form a parsed body has.

boto3 returns such a dict as it is, and so does the client's dict side. botocore's Stubber
validates it as it validates parameters, so it may hold what a parsed body never does: a str
subclass (an enum member) for a string, a bool or int subclass for an integer, a tuple for a
list, a string or a number for a timestamp. The typed side reads ``as_parsed``'s copy, in which
each such value has the plain type botocore's parser would have given it, shape by shape from
the installed model; a value of any other type is left for the typed readers to name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from polly_client.model import service_model
from polly_client.parse import parse_timestamp

if TYPE_CHECKING:
    from botocore.model import Shape

__all__ = ["as_parsed"]


def as_parsed(operation_name: str, supplied: dict[str, Any]) -> dict[str, Any]:
    """The supplied result with the model's members as a parsed body holds them (a copy)."""
    shape = service_model().operation_model(operation_name).output_shape
    if shape is None:
        return supplied
    parsed: dict[str, Any] = _plain(supplied, shape)
    return parsed


def _plain(value: object, shape: Shape) -> Any:
    convert = _BY_TYPE.get(shape.type_name)
    return value if convert is None else convert(value, shape)


def _structure(value: object, shape: Any) -> object:
    if not isinstance(value, dict):
        return value
    members = shape.members
    return {
        key: _plain(item, members[key]) if key in members else item for key, item in value.items()
    }


def _list(value: object, shape: Any) -> object:
    if not isinstance(value, (list, tuple)):
        return value
    return [_plain(item, shape.member) for item in value]


def _map(value: object, shape: Any) -> object:
    if not isinstance(value, dict):
        return value
    return {_plain(key, shape.key): _plain(item, shape.value) for key, item in value.items()}


def _string(value: object, shape: Shape) -> object:
    # str.__str__ gives a subclass's own characters; str() would give a mixed-in enum's name.
    return str.__str__(value) if isinstance(value, str) else value


def _integer(value: object, shape: Shape) -> object:
    return int(value) if isinstance(value, int) else value


def _timestamp(value: object, shape: Shape) -> object:
    if value is None or isinstance(value, datetime):
        return value
    # A number of any kind botocore's validation takes (it reads it with float()): a bool, an
    # int or float subclass, a Decimal; the plain number is what a parsed body holds.
    if isinstance(value, int):
        value = int(value)
    elif isinstance(value, (float, Decimal)):
        value = float(value)
    try:
        return parse_timestamp(value)
    except ValueError:
        return value


_BY_TYPE: dict[str, Callable[[Any, Any], object]] = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "timestamp": _timestamp,
}
