"""Typed values of Polly's synthesis tasks, and the responses: boto3's dicts, each with the
typed values beside it.

The dataclasses hold what the service sent and nothing else: a field the JSON did not carry is
``None``, so that ``to_dict()`` can leave it out exactly as boto3 does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal, TypedDict, TypeVar, overload

from polly_client.runtime import boto3_time
from polly_client.s3_location import S3Location, parse_s3_uri

if TYPE_CHECKING:
    from polly_client import enums
    from polly_client.enums import (
        Engine,
        Gender,
        LanguageCode,
        OpenEnum,
        OutputFormat,
        SpeechMarkType,
        TaskStatus,
        TextType,
        VoiceId,
    )
    from polly_client.type_defs import (
        EngineType,
        GetSpeechSynthesisTaskOutputTypeDef,
        LanguageCodeType,
        ListSpeechSynthesisTasksOutputTypeDef,
        OutputFormatType,
        ResponseMetadataTypeDef,
        SpeechMarkTypeType,
        SynthesisTaskTypeDef,
        TaskStatusType,
        TextTypeType,
        VoiceIdType,
    )

__all__ = [
    "Engine",
    "Gender",
    "GetSpeechSynthesisTaskRequest",
    "LanguageCode",
    "ListSpeechSynthesisTasksRequest",
    "ListSpeechSynthesisTasksResponse",
    "OpenEnum",
    "OutputFormat",
    "ResponseMetadata",
    "SpeechMarkType",
    "StartSpeechSynthesisTaskRequest",
    "SynthesisTask",
    "SynthesisTaskResponse",
    "TaskStatus",
    "TextType",
    "VoiceId",
]


def enum_named(name: str) -> Any:
    """An enumeration of polly_client.enums by name, the module loaded on first use (by
    ``import_module``: ``from polly_client import enums`` would first ask the package's own
    ``__getattr__`` for it); AttributeError for any other name."""
    if name[:1].isupper():  # not for dunders, which the import system asks for, nor modules
        enums = import_module("polly_client.enums")
        if name in enums.__all__:
            return getattr(enums, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Hidden from type checkers, which see the enumerations imported above. They were first defined
# here, and stay importable from here.
if not TYPE_CHECKING:

    class _Enumerations:
        """polly_client.enums, imported when one of its names is first read. SynthesisTask's
        fields name the enumerations through it (``enums.Engine``), so that
        ``typing.get_type_hints`` (pydantic's, cattrs') resolves them, while a listing read as
        boto3's dicts never creates them."""

        def __getattr__(self, name: str) -> Any:
            return enum_named(name)

    enums = _Enumerations()

    def __getattr__(name: str) -> Any:
        value = enum_named(name)
        globals()[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


class ListSpeechSynthesisTasksRequest(TypedDict, total=False):
    """The keyword arguments of ``list_speech_synthesis_tasks``, spelled as boto3 spells them."""

    MaxResults: int
    NextToken: str
    Status: TaskStatus | TaskStatusType


class GetSpeechSynthesisTaskRequest(TypedDict):
    """The keyword argument of ``get_speech_synthesis_task``."""

    TaskId: str


class _StartSpeechSynthesisTaskRequired(TypedDict):
    OutputFormat: OutputFormat | OutputFormatType
    OutputS3BucketName: str
    Text: str
    VoiceId: VoiceId | VoiceIdType


class StartSpeechSynthesisTaskRequest(_StartSpeechSynthesisTaskRequired, total=False):
    """The keyword arguments of ``start_speech_synthesis_task``, spelled as boto3 spells them
    (the four above are required)."""

    Engine: Engine | EngineType
    LanguageCode: LanguageCode | LanguageCodeType
    LexiconNames: list[str] | tuple[str, ...]
    OutputS3KeyPrefix: str
    SampleRate: str
    SnsTopicArn: str
    SpeechMarkTypes: (
        list[SpeechMarkType | SpeechMarkTypeType] | tuple[SpeechMarkType | SpeechMarkTypeType, ...]
    )
    TextType: TextType | TextTypeType


@dataclass(frozen=True, slots=True)
class SynthesisTask:
    """One speech-synthesis task. Field order follows Polly's service model."""

    engine: enums.Engine | None = None
    task_id: str | None = None
    task_status: enums.TaskStatus | None = None
    task_status_reason: str | None = None
    output_uri: str | None = None
    creation_time: datetime | None = None
    request_characters: int | None = None
    sns_topic_arn: str | None = None
    lexicon_names: tuple[str, ...] | None = None
    output_format: enums.OutputFormat | None = None
    sample_rate: str | None = None
    speech_mark_types: tuple[enums.SpeechMarkType, ...] | None = None
    text_type: enums.TextType | None = None
    voice_id: enums.VoiceId | None = None
    language_code: enums.LanguageCode | None = None

    @property
    def output_location(self) -> S3Location | None:
        """The bucket and key of ``output_uri`` (None before the service has given one), to
        fetch the audio with an S3 client of your own; ValueError if it is not an S3 URL."""
        return None if self.output_uri is None else parse_s3_uri(self.output_uri)

    def to_dict(self) -> SynthesisTaskTypeDef:
        """The task as boto3 returns it: model member names, absent fields left out."""
        out: Any = {}
        for key, value in zip(TASK_KEYS, _all_fields(self), strict=True):
            if value is None:
                continue
            kind = type(value)
            if kind is str or kind is int:
                out[key] = value
            elif kind is datetime:
                out[key] = boto3_time(value)
            elif kind is tuple:
                out[key] = [str.__str__(item) for item in value]
            else:  # an OpenEnum: boto3 gives the plain string
                out[key] = value._value_
        typed: SynthesisTaskTypeDef = out
        return typed


_TASK_KEYS: tuple[tuple[str, str], ...] = (
    ("engine", "Engine"),
    ("task_id", "TaskId"),
    ("task_status", "TaskStatus"),
    ("task_status_reason", "TaskStatusReason"),
    ("output_uri", "OutputUri"),
    ("creation_time", "CreationTime"),
    ("request_characters", "RequestCharacters"),
    ("sns_topic_arn", "SnsTopicArn"),
    ("lexicon_names", "LexiconNames"),
    ("output_format", "OutputFormat"),
    ("sample_rate", "SampleRate"),
    ("speech_mark_types", "SpeechMarkTypes"),
    ("text_type", "TextType"),
    ("voice_id", "VoiceId"),
    ("language_code", "LanguageCode"),
)
TASK_KEYS = tuple(key for _, key in _TASK_KEYS)
"""A task's members as the model names and orders them (boto3's keys)."""
_all_fields = attrgetter(*(attr for attr, _ in _TASK_KEYS))


class _Unfrozen:
    """A SynthesisTask's slots under a class whose ``__init__`` stores them directly: the frozen
    dataclass's ``__init__`` has to go through ``object.__setattr__`` for each field, which
    costs several times as much. ``new_task`` then gives the instance SynthesisTask's class,
    which Python allows only between classes of the same layout (same base, the same slots),
    and raises TypeError otherwise; the instance is then the one the dataclass's ``__init__``
    would have made, since a task has no ``__post_init__``."""

    __slots__ = SynthesisTask.__slots__

    def __init__(  # noqa: PLR0917  (positional, as the dataclass's own __init__)
        self,
        engine: Engine | None,
        task_id: str | None,
        task_status: TaskStatus | None,
        task_status_reason: str | None,
        output_uri: str | None,
        creation_time: datetime | None,
        request_characters: int | None,
        sns_topic_arn: str | None,
        lexicon_names: tuple[str, ...] | None,
        output_format: OutputFormat | None,
        sample_rate: str | None,
        speech_mark_types: tuple[SpeechMarkType, ...] | None,
        text_type: TextType | None,
        voice_id: VoiceId | None,
        language_code: LanguageCode | None,
    ) -> None:
        self.engine = engine
        self.task_id = task_id
        self.task_status = task_status
        self.task_status_reason = task_status_reason
        self.output_uri = output_uri
        self.creation_time = creation_time
        self.request_characters = request_characters
        self.sns_topic_arn = sns_topic_arn
        self.lexicon_names = lexicon_names
        self.output_format = output_format
        self.sample_rate = sample_rate
        self.speech_mark_types = speech_mark_types
        self.text_type = text_type
        self.voice_id = voice_id
        self.language_code = language_code


def new_task(fields: tuple[Any, ...]) -> SynthesisTask:
    """``SynthesisTask(*fields)``, for values already checked (parsing's), made through
    ``_Unfrozen``: this is the hot path of every typed listing."""
    task: Any = _Unfrozen(*fields)
    task.__class__ = SynthesisTask
    made: SynthesisTask = task
    return made


@dataclass(frozen=True, slots=True)
class ResponseMetadata:
    """What boto3 reports under ``ResponseMetadata``: the HTTP side of one call."""

    http_status_code: int
    http_headers: Mapping[str, str]
    request_id: str | None = None
    host_id: str | None = None
    retry_attempts: int = 0
    max_attempts_reached: bool = False

    def to_dict(self) -> ResponseMetadataTypeDef:
        out: Any = {}
        if self.request_id is not None:
            out["RequestId"] = self.request_id
        if self.host_id is not None:
            out["HostId"] = self.host_id
        out["HTTPStatusCode"] = self.http_status_code
        out["HTTPHeaders"] = dict(self.http_headers)
        if self.max_attempts_reached:
            out["MaxAttemptsReached"] = True
        out["RetryAttempts"] = self.retry_attempts
        typed: ResponseMetadataTypeDef = out
        return typed


_R = TypeVar("_R", bound="dict[str, Any]")


def _reconstruct(cls: type[_R], items: dict[str, Any], typed: dict[str, Any]) -> _R:
    # Pickle and copy rebuild a response (this module's and polly_client.results') from its
    # dict and its typed view (both copied by deepcopy), so the copy keeps the rule below: the
    # dict as it was, the typed view as sent.
    result = cls(items)
    for name, value in typed.items():
        setattr(result, name, value)
    return result


class ListSpeechSynthesisTasksResponse(dict[str, Any]):
    """One page of tasks: the dict boto3 returns, with a typed view of the same page beside it.

    It is a real ``dict``, filled when the call returns (``json.dumps`` and ``dict(...)`` read a
    dict's storage directly, so it cannot be filled later), and it is the caller's to change as
    boto3's is. The typed attributes (``synthesis_tasks``, ``next_token``,
    ``response_metadata``) are what the service sent: changing the dict, or an after-call
    handler changing it, never changes them. ``to_dict()`` builds boto3's dict afresh from them.
    ``synthesis_tasks`` is built on first use, from the page as it was decoded.
    """

    __slots__ = ("_next_token", "_raw_tasks", "_response_metadata", "_tasks")

    _tasks: tuple[SynthesisTask, ...] | None
    _raw_tasks: list[Any] | None
    _next_token: str | None
    _response_metadata: ResponseMetadata

    @property
    def synthesis_tasks(self) -> tuple[SynthesisTask, ...] | None:
        raw = self._raw_tasks
        if raw is not None:
            from polly_client.parse import typed_tasks

            self._tasks = typed_tasks(raw)  # set before the raw list is let go: thread-safe
            self._raw_tasks = None
        return self._tasks

    @property
    def next_token(self) -> str | None:
        return self._next_token

    @property
    def response_metadata(self) -> ResponseMetadata:
        return self._response_metadata

    if TYPE_CHECKING:
        # The members as mypy-boto3-polly types them, so a misspelt key inside them is an error;
        # any other key stays Any, as on a dict[str, Any] (so that dict(resp) type-checks).
        @overload
        def __getitem__(self, key: Literal["SynthesisTasks"]) -> list[SynthesisTaskTypeDef]: ...
        @overload
        def __getitem__(self, key: Literal["NextToken"]) -> str: ...
        @overload
        def __getitem__(self, key: Literal["ResponseMetadata"]) -> ResponseMetadataTypeDef: ...
        @overload
        def __getitem__(self, key: str) -> Any: ...
        def __getitem__(self, key: str) -> Any: ...

    def to_dict(self) -> ListSpeechSynthesisTasksOutputTypeDef:
        """A new dict equal to boto3's return value for what the service sent."""
        out: Any = {"ResponseMetadata": self.response_metadata.to_dict()}
        if self.next_token is not None:
            out["NextToken"] = self.next_token
        tasks = self.synthesis_tasks
        if tasks is not None:
            out["SynthesisTasks"] = [task.to_dict() for task in tasks]
        typed: ListSpeechSynthesisTasksOutputTypeDef = out
        return typed

    def sliced(self, start: int, stop: int | None) -> ListSpeechSynthesisTasksResponse:
        """The page with only its tasks ``[start:stop]``, in both views (as botocore's
        paginator cuts a page for ``MaxItems`` and ``StartingToken``)."""
        if self._raw_tasks is None and self._tasks is None:
            return self
        result = ListSpeechSynthesisTasksResponse(self)
        if "SynthesisTasks" in self:
            result["SynthesisTasks"] = self["SynthesisTasks"][start:stop]
        raw = self._raw_tasks
        result._raw_tasks = None if raw is None else raw[start:stop]
        tasks = self._tasks
        result._tasks = None if tasks is None else tasks[start:stop]
        result._next_token = self._next_token
        result._response_metadata = self._response_metadata
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        typed = {
            "_tasks": self.synthesis_tasks,
            "_raw_tasks": None,
            "_next_token": self._next_token,
            "_response_metadata": self._response_metadata,
        }
        return (_reconstruct, (type(self), dict(self), typed))


class SynthesisTaskResponse(dict[str, Any]):
    """What ``start_speech_synthesis_task`` and ``get_speech_synthesis_task`` return: boto3's
    dict (``resp["SynthesisTask"]["TaskId"]``), with the typed task beside it; the same rule
    as ``ListSpeechSynthesisTasksResponse``: the dict is the caller's to change, the typed
    attributes are what the service sent."""

    __slots__ = ("_response_metadata", "_task")

    _task: SynthesisTask | None
    _response_metadata: ResponseMetadata

    @property
    def synthesis_task(self) -> SynthesisTask | None:
        return self._task

    @property
    def response_metadata(self) -> ResponseMetadata:
        return self._response_metadata

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, key: Literal["SynthesisTask"]) -> SynthesisTaskTypeDef: ...
        @overload
        def __getitem__(self, key: Literal["ResponseMetadata"]) -> ResponseMetadataTypeDef: ...
        @overload
        def __getitem__(self, key: str) -> Any: ...
        def __getitem__(self, key: str) -> Any: ...

    def to_dict(self) -> GetSpeechSynthesisTaskOutputTypeDef:
        """A new dict equal to boto3's return value for what the service sent."""
        out: Any = {"ResponseMetadata": self.response_metadata.to_dict()}
        if self.synthesis_task is not None:
            out["SynthesisTask"] = self.synthesis_task.to_dict()
        typed: GetSpeechSynthesisTaskOutputTypeDef = out
        return typed

    def __reduce__(self) -> tuple[Any, ...]:
        typed = {"_task": self._task, "_response_metadata": self._response_metadata}
        return (_reconstruct, (type(self), dict(self), typed))
