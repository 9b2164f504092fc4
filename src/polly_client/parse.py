"""Pure parsing of the synthesis-task operations' responses (List, Start, Get): bytes in, typed
values or boto3's error dict out.

Success bodies are checked against the model's types and anything malformed raises
``ResponseParserError`` naming the place; boto3 would instead return a response without tasks.
Error bodies are parsed the way botocore's rest-json parser does, so ``ClientError.response``
is identical.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from polly_client.errors import modelled_members
from polly_client.http import HttpResponse
from polly_client.metadata import (
    add_retries,
    error_metadata,
    metadata_from_dict,
    success_metadata,
)
from polly_client.models import (
    TASK_KEYS,
    ListSpeechSynthesisTasksResponse,
    ResponseMetadata,
    SynthesisTask,
    SynthesisTaskResponse,
    enum_named,
    new_task,
)
from polly_client.runtime import to_local

if TYPE_CHECKING:
    from polly_client.enums import (
        Engine,
        LanguageCode,
        OpenEnum,
        OutputFormat,
        SpeechMarkType,
        TaskStatus,
        TextType,
        VoiceId,
    )

__all__ = [
    "error_before_retries",
    "parse_error",
    "parse_list_response",
    "parse_task_response",
    "parse_timestamp",
    "parse_typed_page",
    "response_from_dict",
    "task_response_from_dict",
    "typed_tasks",
    "unparsable",
]

_E = TypeVar("_E", bound="OpenEnum")


class _Malformed(Exception):
    """Raised deep in the walk; turned into ResponseParserError with the body attached."""


def parse_list_response(
    response: HttpResponse, retry_attempts: int = 0, max_attempts_reached: bool = False
) -> ListSpeechSynthesisTasksResponse:
    metadata = success_metadata(response, retry_attempts, max_attempts_reached)
    return _read_body(
        response, "ListSpeechSynthesisTasks", lambda document: _list_result(document, metadata)
    )


def _list_result(
    document: dict[str, Any], metadata: ResponseMetadata
) -> ListSpeechSynthesisTasksResponse:
    raw_tasks = document.get("SynthesisTasks")
    next_token = _string(document.get("NextToken"), None, "NextToken")
    result = ListSpeechSynthesisTasksResponse(ResponseMetadata=metadata.to_dict())
    if next_token is not None:
        result["NextToken"] = next_token
    if raw_tasks is not None:
        if type(raw_tasks) is not list:
            raise _Malformed(f"SynthesisTasks: expected a list, got {_show(raw_tasks)}")
        result["SynthesisTasks"] = _boto3_tasks(raw_tasks)
    # The typed tasks are built from the decoded page, which the dict shares no mutable value
    # with, on first use: a call read as boto3's dict never builds them.
    return _with_typed_view(result, raw_tasks, None, next_token, metadata)


def _with_typed_view(
    result: ListSpeechSynthesisTasksResponse,
    raw_tasks: list[Any] | None,
    tasks: tuple[SynthesisTask, ...] | None,
    next_token: str | None,
    metadata: ResponseMetadata,
) -> ListSpeechSynthesisTasksResponse:
    """The page's typed side: its tasks built (``tasks``) or to build on first use
    (``raw_tasks``), its token and metadata."""
    result._raw_tasks = raw_tasks
    result._tasks = tasks
    result._next_token = next_token
    result._response_metadata = metadata
    return result


def parse_typed_page(
    response: HttpResponse, retry_attempts: int = 0, max_attempts_reached: bool = False
) -> ListSpeechSynthesisTasksResponse:
    """A page read only as typed values, for a caller that never shows it (its dict holds
    ``ResponseMetadata`` and ``NextToken`` only): what building boto3's tasks would cost is
    saved where nobody reads them."""
    metadata = success_metadata(response, retry_attempts, max_attempts_reached)
    tasks, next_token = _read_body(response, "ListSpeechSynthesisTasks", _page)
    result = ListSpeechSynthesisTasksResponse(ResponseMetadata=metadata.to_dict())
    if next_token is not None:
        result["NextToken"] = next_token
    return _with_typed_view(result, None, tasks, next_token, metadata)


def response_from_dict(
    supplied: dict[str, Any], readable: dict[str, Any], http_response: HttpResponse
) -> ListSpeechSynthesisTasksResponse:
    """A typed response from a boto3-shaped dict (what a Stubber or ``before-call`` handler
    supplies), whose dict side is that dict's items, as boto3 would return them, and whose
    typed side is read from ``readable`` (``supplied.as_parsed``'s copy)."""
    tasks, next_token = _read_supplied(readable, http_response, _page)
    metadata = metadata_from_dict(supplied, http_response)
    return _with_typed_view(
        ListSpeechSynthesisTasksResponse(supplied), None, tasks, next_token, metadata
    )


def parse_task_response(
    response: HttpResponse, retry_attempts: int = 0, max_attempts_reached: bool = False
) -> SynthesisTaskResponse:
    """A Start or Get response: ``{"SynthesisTask": {...}}``."""
    task = _read_body(response, "SynthesisTask", _one_task)
    metadata = success_metadata(response, retry_attempts, max_attempts_reached)
    result = SynthesisTaskResponse(ResponseMetadata=metadata.to_dict())
    if task is not None:
        result["SynthesisTask"] = task.to_dict()
    result._task = task
    result._response_metadata = metadata
    return result


def task_response_from_dict(
    supplied: dict[str, Any], readable: dict[str, Any], http_response: HttpResponse
) -> SynthesisTaskResponse:
    result = SynthesisTaskResponse(supplied)
    result._task = _read_supplied(readable, http_response, _one_task)
    result._response_metadata = metadata_from_dict(supplied, http_response)
    return result


_T = TypeVar("_T")


def unparsable(what: str, response: HttpResponse, problem: object) -> Exception:
    """The error for a success body that is not what the model describes, holding the bytes."""
    from polly_client.parser_error import ResponseParserError

    return ResponseParserError(
        f"Unable to parse the {what} response (HTTP {response.status_code}): {problem}", response
    )


def _read_body(response: HttpResponse, what: str, read: Callable[[dict[str, Any]], _T]) -> _T:
    try:
        return read(_load_object(response.body))
    except _Malformed as exc:
        raise unparsable(what, response, exc) from None


def _read_supplied(
    parsed: dict[str, Any], http_response: HttpResponse, read: Callable[[dict[str, Any]], _T]
) -> _T:
    try:
        return read(parsed)
    except _Malformed as exc:
        from polly_client.parser_error import ResponseParserError

        raise ResponseParserError(
            f"Unable to read the supplied response: {exc}", http_response
        ) from None


def _one_task(document: dict[str, Any]) -> SynthesisTask | None:
    raw = document.get("SynthesisTask")
    return None if raw is None else _task(raw, _SINGLE_TASK)


def _page(document: dict[str, Any]) -> tuple[tuple[SynthesisTask, ...] | None, str | None]:
    raw_tasks = document.get("SynthesisTasks")
    tasks = None if raw_tasks is None else typed_tasks(raw_tasks)
    return tasks, _string(document.get("NextToken"), None, "NextToken")


class _Layout(NamedTuple):
    """How to read tasks whose JSON keys come in one order: ``build`` gives boto3's dict from the
    decoded task (None when its keys are not this layout's, or a value's type is not the
    model's), ``lists`` names its list members and ``timed`` says it has a ``CreationTime``."""

    build: Callable[[dict[str, Any]], dict[str, Any] | None]
    lists: tuple[str, ...]
    timed: bool


_MEMBER_TYPES: dict[str, type] = {
    **dict.fromkeys(TASK_KEYS, str),
    "CreationTime": float,
    "RequestCharacters": int,
    "LexiconNames": list,
    "SpeechMarkTypes": list,
}

# A service sends its tasks in a few key orders; a bound keeps arbitrary bodies from growing it.
_LAYOUTS: dict[tuple[str, ...], _Layout] = {}
_MAX_LAYOUTS = 64


def _layout(order: tuple[str, ...]) -> _Layout:
    cached = _LAYOUTS.get(order)
    if cached is not None:
        return cached
    present = set(order)
    keys = tuple(key for key in TASK_KEYS if key in present)
    # A list, compared with a list unpacked from the values: cheaper than a tuple built by map.
    types = [_MEMBER_TYPES[key] for key in keys]
    if keys == order:
        build = _copying(order, types)
    elif len(keys) == len(order):
        build = _reordering(keys, types)
    else:
        build = _picking(order, keys, types)
    layout = _Layout(
        build,
        tuple(key for key in keys if _MEMBER_TYPES[key] is list),
        "CreationTime" in present,
    )
    if len(_LAYOUTS) < _MAX_LAYOUTS:
        _LAYOUTS[order] = layout
    return layout


_Build = Callable[[dict[str, Any]], "dict[str, Any] | None"]


def _copying(order: tuple[str, ...], types: list[type]) -> _Build:
    """The JSON holds the model's members only, in its order: boto3's dict is a copy of it."""

    def build(raw: dict[str, Any]) -> dict[str, Any] | None:
        if tuple(raw) == order and [*map(type, raw.values())] == types:
            return raw.copy()
        return None

    return build


def _reordering(keys: tuple[str, ...], types: list[type]) -> _Build:
    """The JSON holds the model's members only, in another order: boto3's dict is a copy of its
    keys (in boto3's order) updated from the JSON, at a fraction of a rebuild's cost; whatever
    the JSON's order, so long as it holds these keys."""
    template = dict.fromkeys(keys)
    size = len(template)

    def build(raw: dict[str, Any]) -> dict[str, Any] | None:
        if len(raw) != size:
            return None  # another layout: no copy made to find out
        task = template.copy()
        task.update(raw)  # a key keeps its place, so the order stays boto3's
        # Exact without comparing keys: a key the template lacks lengthens the list, and one
        # the JSON lacks (or sends as null) leaves a None, which no member's type is.
        if [*map(type, task.values())] == types:
            return task
        return None

    return build


def _picking(order: tuple[str, ...], keys: tuple[str, ...], types: list[type]) -> _Build:
    """The JSON also holds members the model lacks, which boto3 leaves out: the model's are
    picked."""
    pick: Callable[[dict[str, Any]], Any]
    if len(keys) == 1:
        (only,) = keys
        pick = lambda raw: (raw[only],)  # noqa: E731  (itemgetter of one key gives no tuple)
    else:
        pick = itemgetter(*keys) if keys else lambda raw: ()

    def build(raw: dict[str, Any]) -> dict[str, Any] | None:
        if tuple(raw) != order:
            return None
        values = pick(raw)
        if [*map(type, values)] == types:
            return dict(zip(keys, values, strict=False))  # equal lengths: one layout
        return None

    return build


_NO_LAYOUT = _Layout(lambda raw: None, (), False)


def _boto3_tasks(raw_tasks: list[Any]) -> list[dict[str, Any]]:
    """boto3's dicts for a page's tasks. Where every member has the model's JSON type (what the
    service sends) a task's dict is built from the decoded values themselves, converting only
    ``CreationTime``; anything else goes through the typed task, which reads the other forms
    botocore accepts and names what is malformed. The previous task's layout is tried first
    (a page's tasks mostly share one), in one loop without a call per step: this is the hot
    path of every listing."""
    out: list[dict[str, Any]] = []
    append = out.append
    build, lists, timed = _NO_LAYOUT
    fromtimestamp = datetime.fromtimestamp
    utc = timezone.utc
    local = None  # read on the first CreationTime: a page without one loads no zone
    for raw in raw_tasks:
        task: dict[str, Any] | None = None
        if type(raw) is dict:
            task = build(raw)
            if task is None:
                build, lists, timed = _layout(tuple(raw))
                task = build(raw)
            if task is not None and lists and not _own_lists(task, lists):
                task = None
            if task is not None and timed:
                if local is None:
                    local = to_local()
                try:
                    task["CreationTime"] = local(fromtimestamp(task["CreationTime"], utc))
                except (OverflowError, OSError, ValueError):
                    # The typed task says what is wrong, or boto3_time gives botocore's UTC
                    # fallback where the platform cannot put the instant in the local zone.
                    task = None
        # The task's index is how many came before it.
        append(task if task is not None else _typed_boto3_task(raw, len(out)))
    return out


def _typed_boto3_task(raw: object, index: int) -> dict[str, Any]:
    """boto3's dict for a task read through the typed task."""
    out: dict[str, Any] = dict(_task(raw, index).to_dict())
    created = raw.get("CreationTime") if type(raw) is dict else None
    if type(created) is str:
        out["CreationTime"] = _boto3_string_time(created, out["CreationTime"])
    return out


def _boto3_string_time(text: str, converted: datetime) -> datetime:
    """botocore's value for a timestamp sent as a string: an epoch string, or one without an
    offset, in the local zone as the client gives every time (``converted``); one with an
    offset keeps it (``tzutc()`` for ``Z``), as botocore's parser leaves it."""
    try:
        float(text)
    except ValueError:
        parsed = _parse_date(text)  # valid: the typed task has read it
        if parsed.tzinfo is not None:
            return parsed
    return converted


def _own_lists(out: dict[str, Any], names: tuple[str, ...]) -> bool:
    """Copies the task's lists of strings into ``out`` (the typed view is built later from the
    decoded ones, which the caller's dict must not share); False if one holds a non-string."""
    for name in names:
        value = out[name]
        if not _strings_only(value):
            return False
        out[name] = value.copy()
    return True


def _load_object(body: bytes) -> dict[str, Any]:
    if not body.strip():
        raise _Malformed("the body is empty")
    try:
        document = json.loads(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError alike
        raise _Malformed(f"the body is not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise _Malformed(f"expected a JSON object, got {type(document).__name__}")
    return document


def typed_tasks(raw: object) -> tuple[SynthesisTask, ...]:
    """The typed tasks of a decoded ``SynthesisTasks`` list. A task whose members are each null
    or of the model's JSON type (what the service sends) is made from its values at once
    (``_quick_task``), the pattern of its values' types found readable once for a run of tasks
    that share it; any other goes through ``_task``, which reads the other forms botocore
    accepts or names what is malformed. This is the hot path of every typed listing."""
    if not isinstance(raw, list):
        raise _Malformed(f"SynthesisTasks: expected a list, got {_show(raw)}")
    out: list[SynthesisTask] = []
    append = out.append
    readable: list[type] | None = None
    for index, item in enumerate(raw):
        task = None
        if type(item) is dict:
            values = [*map(item.get, TASK_KEYS)]  # absent and null alike None, as _task reads
            kinds = [*map(type, values)]
            if kinds == readable or _readable(kinds):
                readable = kinds
                try:
                    task = _quick_task(values)
                except (TypeError, ValueError):
                    # Only a value whose type compares equal to a JSON type without being one
                    # (a supplied dict's, a metaclass that says so) gets here: _task names it.
                    task = None
        append(task if task is not None else _task(item, index))
    return tuple(out)


_NULL = type(None)
# Per field, the types ``_task`` takes as they are: null or the member's JSON type.
_FIELD_TYPES = tuple(
    frozenset({_NULL, _MEMBER_TYPES[key], *((int,) if key == "CreationTime" else ())})
    for key in TASK_KEYS
)


def _readable(kinds: list[type]) -> bool:
    return all(map(frozenset.__contains__, _FIELD_TYPES, kinds))


def _quick_task(values: list[Any]) -> SynthesisTask | None:
    """The typed task from its members' values, each null or of its JSON type, read as ``_task``
    reads them; None where one still needs ``_task``: a time the platform cannot place, a list
    holding other than strings."""
    (
        engine,
        task_id,
        status,
        reason,
        uri,
        created,
        characters,
        topic,
        lexicons,
        output_format,
        rate,
        marks,
        text_type,
        voice,
        language,
    ) = values
    if created is not None:
        try:
            created = datetime.fromtimestamp(created, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if lexicons is not None:
        if not _strings_only(lexicons):
            return None
        lexicons = tuple(lexicons)
    if marks is not None:
        if not _strings_only(marks):
            return None
        marks = tuple(map(_MARKS.__getitem__, marks))
    return new_task(
        (
            _ENGINES[engine],
            task_id,
            _STATUSES[status],
            reason,
            uri,
            created,
            characters,
            topic,
            lexicons,
            _FORMATS[output_format],
            rate,
            marks,
            _TEXT_TYPES[text_type],
            _VOICES[voice],
            _LANGUAGES[language],
        )
    )


def _strings_only(items: list[Any]) -> bool:
    return all(type(item) is str for item in items)


def _task(raw: object, index: int) -> SynthesisTask:
    if type(raw) is not dict:
        place = "SynthesisTask" if index == _SINGLE_TASK else f"SynthesisTasks[{index}]"
        raise _Malformed(f"{place}: expected an object, got {_show(raw)}")
    get = raw.get
    # Positional, in field order, with the place named only on failure: the path of a single
    # task's response and of any task the quick reading of a page leaves.
    return new_task(
        (
            _enum(get("Engine"), _ENGINES, index, "Engine"),
            _string(get("TaskId"), index, "TaskId"),
            _enum(get("TaskStatus"), _STATUSES, index, "TaskStatus"),
            _string(get("TaskStatusReason"), index, "TaskStatusReason"),
            _string(get("OutputUri"), index, "OutputUri"),
            _timestamp(get("CreationTime"), index),
            _integer(get("RequestCharacters"), index),
            _string(get("SnsTopicArn"), index, "SnsTopicArn"),
            _list(get("LexiconNames"), str, index, "LexiconNames"),
            _enum(get("OutputFormat"), _FORMATS, index, "OutputFormat"),
            _string(get("SampleRate"), index, "SampleRate"),
            _list(get("SpeechMarkTypes"), _MARKS.__getitem__, index, "SpeechMarkTypes"),
            _enum(get("TextType"), _TEXT_TYPES, index, "TextType"),
            _enum(get("VoiceId"), _VOICES, index, "VoiceId"),
            _enum(get("LanguageCode"), _LANGUAGES, index, "LanguageCode"),
        )
    )


class _Members(dict[object, "_E | None"]):
    """An enum's field by the member's JSON value, for a string or null: the enum's member, an
    unknown string kept as the enum keeps one (not stored, so bodies cannot grow the table), or
    None. The enum (named, in polly_client.enums) is loaded at the first string looked up, so
    that only typed reading creates the enumerations; from then on a member is one look-up."""

    __slots__ = ("kind", "name")

    kind: type[_E] | None

    def __init__(self, name: str) -> None:
        super().__init__({None: None})
        self.name = name
        self.kind = None

    def __missing__(self, value: str) -> _E:
        kind = self.kind
        if kind is None:
            kind = self.kind = enum_named(self.name)
            self.update(kind._value2member_map_)
            if value in self:
                return self[value]  # type: ignore[return-value]  # a string's member
        return kind(value)


_ENGINES: _Members[Engine] = _Members("Engine")
_STATUSES: _Members[TaskStatus] = _Members("TaskStatus")
_FORMATS: _Members[OutputFormat] = _Members("OutputFormat")
_MARKS: _Members[SpeechMarkType] = _Members("SpeechMarkType")
_TEXT_TYPES: _Members[TextType] = _Members("TextType")
_VOICES: _Members[VoiceId] = _Members("VoiceId")
_LANGUAGES: _Members[LanguageCode] = _Members("LanguageCode")


_SINGLE_TASK = -1
"""The index that places a field in a response's one ``SynthesisTask`` (Start, Get)."""


def _place(index: int | None, name: str) -> str:
    if index is None:
        return name
    return f"SynthesisTask.{name}" if index == _SINGLE_TASK else f"SynthesisTasks[{index}].{name}"


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _string(value: object, index: int | None, name: str) -> str | None:
    if value is None or type(value) is str:
        return value
    raise _Malformed(f"{_place(index, name)}: expected a string, got {_show(value)}")


def _enum(value: object, table: _Members[_E], index: int, name: str) -> _E | None:
    if type(value) is str or value is None:
        return table[value]
    raise _Malformed(f"{_place(index, name)}: expected a string, got {_show(value)}")


def _integer(value: object, index: int) -> int | None:
    if value is None or type(value) is int:
        return value
    raise _Malformed(
        f"{_place(index, 'RequestCharacters')}: expected an integer, got {_show(value)}"
    )


def _list(
    value: object, item: Callable[[str], Any], index: int, name: str
) -> tuple[Any, ...] | None:
    if value is None:
        return None
    if type(value) is list and _strings_only(value):
        return tuple(map(item, value))
    raise _Malformed(f"{_place(index, name)}: expected a list of strings, got {_show(value)}")


def _timestamp(value: object, index: int) -> datetime | None:
    if type(value) is float or type(value) is int:
        try:
            return datetime.fromtimestamp(value, timezone.utc)
        except (OverflowError, OSError, ValueError):
            pass  # parse_timestamp says what is wrong
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise _Malformed(f"{_place(index, 'CreationTime')}: {exc}") from None


def parse_timestamp(value: object) -> datetime:
    """An aware UTC datetime from what botocore accepts: epoch seconds (number or numeric
    string) or an ISO 8601 / RFC 822 string. A string without an offset is taken as UTC."""
    if type(value) is int or type(value) is float:
        return _from_epoch(value)
    if isinstance(value, datetime):  # from a boto3-shaped dict
        return (
            value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
        )
    if not isinstance(value, str):
        raise ValueError(f"expected a timestamp, got {_show(value)}")
    try:
        return _from_epoch(float(value))
    except ValueError:
        pass
    try:
        parsed = _parse_date(value)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"expected a timestamp, got {_show(value)} ({exc})") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _parse_date(text: str) -> datetime:
    """A timestamp string as botocore's parser reads it (dateutil, with GMT taken as UTC)."""
    from dateutil.parser import parse as parse_date
    from dateutil.tz import tzutc

    return parse_date(text, tzinfos={"GMT": tzutc()})


def _from_epoch(seconds: float) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"timestamp {seconds!r} is out of range ({exc})") from None


def parse_error(
    response: HttpResponse, retry_attempts: int = 0, max_attempts_reached: bool = False
) -> dict[str, Any]:
    """The dict botocore builds for an error response, ready to become ``ClientError.response``."""
    return add_retries(error_before_retries(response), retry_attempts, max_attempts_reached)


def error_before_retries(response: HttpResponse) -> dict[str, Any]:
    """``parse_error`` without the retry count, which only the end of a call knows (what retry
    decisions read, completed by ``add_retries``).

    Read by the installed botocore's own rest-json parser, so that the code, message and
    metadata follow whatever botocore release is installed; where that parser crashes (a body
    that is not UTF-8, JSON that is not an object, nesting too deep) this module's reading of
    the same rules gives the error instead.
    """
    parsed = _botocore_error(response)
    if parsed is None:
        parsed = _own_error(response)
    parsed.update(modelled_members(parsed["Error"].get("Code"), response))
    return parsed


def _botocore_error(response: HttpResponse) -> dict[str, Any] | None:
    from botocore.parsers import RestJSONParser

    raw = {"status_code": response.status_code, "headers": response.headers, "body": response.body}
    no_shape: Any = None  # botocore reads an error response without the output shape
    try:
        parsed: dict[str, Any] = RestJSONParser().parse(raw, no_shape)
    except (AttributeError, TypeError, ValueError, RecursionError):
        return None
    # botocore reads a 300 as a success; this client, like botocore's caller, as an error.
    return parsed if "Error" in parsed else None


def _own_error(response: HttpResponse) -> dict[str, Any]:
    generic = _is_generic_error(response)
    if generic:
        error = {
            "Code": str(response.status_code),
            "Message": http.client.responses.get(response.status_code, ""),
        }
    else:
        body = _error_body(response.body)
        error = {
            "Message": body.get("message", body.get("Message", "")),
            "Code": _error_code(response, body),
        }
    return {"Error": error, "ResponseMetadata": error_metadata(response, generic)}


def _is_generic_error(response: HttpResponse) -> bool:
    # botocore's test, byte for byte: a 5xx whose body is empty or starts with "<html>".
    if response.status_code < 500:
        return False
    body = response.body.strip()
    return not body or body.startswith(b"<html>")


def _error_body(body: bytes) -> Mapping[str, Any]:
    if not body:
        return {}
    text = body.decode("utf-8", errors="replace")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return {"message": text}
    # boto3 fails with AttributeError on a JSON array or scalar here; we keep it as the message.
    return document if isinstance(document, dict) else {"message": text}


def _error_code(response: HttpResponse, body: Mapping[str, Any]) -> Any:
    # The order botocore applies: __type (or the status), then the x-amzn-ErrorType header or a
    # code/Code member replaces it.
    code = body.get("__type", str(response.status_code))
    code = "" if code is None else _strip_code(code)
    override = response.headers.get("x-amzn-errortype")
    if override is None and ("code" in body or "Code" in body):
        override = body.get("code", body.get("Code", ""))
    return code if override is None else _strip_code(override)


def _strip_code(code: Any) -> Any:
    """ "aws.polly#ThrottlingException:http://..." -> "ThrottlingException"."""
    if isinstance(code, str):
        return code.split(":", 1)[0].rsplit("#", 1)[-1]
    return code
