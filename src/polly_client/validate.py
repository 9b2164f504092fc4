"""Client-side checks of a call's arguments, reporting exactly what botocore's ParamValidator
reports (it checks types and minimums, not maximums or enum values)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from botocore.exceptions import ParamValidationError

__all__ = ["Check", "check_params", "integer_at_least_1", "string", "string_list", "validate"]

if TYPE_CHECKING:
    from polly_client.operations import Operation

Check = Callable[[str, object], "str | None"]
"""One member's check: the problem with ``value``, in botocore's words, or None."""


def integer_at_least_1(name: str, value: object) -> str | None:
    if not isinstance(value, int):
        return _wrong_type(name, value, int)
    if value < 1:
        return f"Invalid value for parameter {name}, value: {value}, valid min value: 1"
    return None


def string(name: str, value: object) -> str | None:
    return None if isinstance(value, str) else _wrong_type(name, value, str)


def string_list(name: str, value: object) -> str | None:
    if not isinstance(value, list | tuple):
        return _wrong_type(name, value, list, tuple)
    problems = [
        _wrong_type(f"{name}[{index}]", item, str)
        for index, item in enumerate(value)
        if not isinstance(item, str)
    ]
    return "\n".join(problems) or None


def _wrong_type(name: str, value: object, *expected: type) -> str:
    return (
        f"Invalid type for parameter {name}, value: {value}, "
        f"type: {type(value)}, valid types: {', '.join(map(str, expected))}"
    )


def validate(
    params: Mapping[str, object], checks: Mapping[str, Check], required: tuple[str, ...] = ()
) -> None:
    """Raise ``ParamValidationError`` listing every problem in botocore's order: missing required
    members, unknown names, then each member's check."""
    problems = [
        f'Missing required parameter in input: "{name}"' for name in required if name not in params
    ]
    problems += [
        f'Unknown parameter in input: "{name}", must be one of: {", ".join(checks)}'
        for name in params
        if name not in checks
    ]
    for name, value in params.items():
        check = checks.get(name)
        problem = check(name, value) if check is not None else None
        if problem is not None:
            problems.append(problem)
    if problems:
        raise ParamValidationError(report="\n".join(problems))


def check_params(operation: Operation, params: Mapping[str, object]) -> None:
    """A typed operation's checks, as botocore's ParamValidator would make them."""
    validate(params, operation.checks, operation.required)
