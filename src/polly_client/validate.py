"""Client-side checks of the call's arguments, reporting exactly what botocore's ParamValidator
reports for ListSpeechSynthesisTasks (it checks types and minimums, not maximums or enum values)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from botocore.exceptions import ParamValidationError

__all__ = ["validate_list_params"]


def _integer_min_1(name: str, value: object) -> str | None:
    if not isinstance(value, int):
        return _wrong_type(name, value, int)
    if value < 1:
        return f"Invalid value for parameter {name}, value: {value}, valid min value: 1"
    return None


def _string(name: str, value: object) -> str | None:
    # NextToken's model minimum length is 0, so only the type can be wrong.
    return None if isinstance(value, str) else _wrong_type(name, value, str)


def _wrong_type(name: str, value: object, expected: type) -> str:
    return (
        f"Invalid type for parameter {name}, value: {value}, "
        f"type: {type(value)}, valid types: {expected}"
    )


_CHECKS: Mapping[str, Callable[[str, object], str | None]] = {
    "MaxResults": _integer_min_1,
    "NextToken": _string,
    "Status": _string,
}


def validate_list_params(params: Mapping[str, object]) -> None:
    """Raise ``ParamValidationError`` listing every problem, unknown names first as in botocore."""
    problems = [
        f'Unknown parameter in input: "{name}", must be one of: {", ".join(_CHECKS)}'
        for name in params
        if name not in _CHECKS
    ]
    for name, value in params.items():
        check = _CHECKS.get(name)
        problem = check(name, value) if check is not None else None
        if problem is not None:
            problems.append(problem)
    if problems:
        raise ParamValidationError(report="\n".join(problems))
