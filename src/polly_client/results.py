"""Typed results of the model-driven operations boto3 code calls most: ``describe_voices``, the
four lexicon operations and ``synthesize_speech``.

Each result is boto3's dict exactly (what botocore's own parser made of the response), with
typed attributes beside it (``resp.voices[0].supported_engines``). As for the listing, the dict
is the caller's to change and the typed attributes are what the service sent: they are read
when the response is, so a value of the wrong type fails the call (``ResponseParserError``)
rather than a later attribute access.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypedDict, TypeVar

from polly_client.enums import Engine, Gender, LanguageCode, VoiceId
from polly_client.metadata import metadata_from_dict
from polly_client.models import ResponseMetadata, _reconstruct

if TYPE_CHECKING:
    from typing_extensions import Self

    from polly_client.http import HttpResponse

__all__ = [
    "DescribeVoicesRequest",
    "DescribeVoicesResponse",
    "GetLexiconResponse",
    "Lexicon",
    "LexiconAttributes",
    "LexiconDescription",
    "LexiconNameRequest",
    "ListLexiconsRequest",
    "ListLexiconsResponse",
    "Malformed",
    "ModelResponse",
    "PutLexiconRequest",
    "SynthesizeSpeechResponse",
    "Voice",
    "typed_result",
]

_T = TypeVar("_T")
_Body = TypeVar("_Body")


class DescribeVoicesRequest(TypedDict, total=False):
    """The keyword arguments of ``describe_voices``, spelled as boto3 spells them."""

    Engine: Engine | str
    LanguageCode: LanguageCode | str
    IncludeAdditionalLanguageCodes: bool
    NextToken: str


class ListLexiconsRequest(TypedDict, total=False):
    NextToken: str


class LexiconNameRequest(TypedDict):
    """``get_lexicon(Name=...)``, ``delete_lexicon(Name=...)``."""

    Name: str


class PutLexiconRequest(LexiconNameRequest, total=False):
    """``put_lexicon(Name=..., Content=...)`` (``Content`` is required by the model)."""

    Content: str
    Tags: dict[str, str]


class Malformed(Exception):
    """A member whose value is not of the model's type (the message says where)."""


@dataclass(frozen=True, slots=True)
class Voice:
    """One voice of ``describe_voices``. Fields follow Polly's service model; the newer ones
    (``arn``, ``origin``, ``status``, ...) are None where the service or model has none."""

    arn: str | None = None
    gender: Gender | None = None
    id: VoiceId | None = None
    language_code: LanguageCode | None = None
    language_name: str | None = None
    name: str | None = None
    origin: str | None = None
    status: str | None = None
    status_reason: str | None = None
    additional_language_codes: tuple[LanguageCode, ...] | None = None
    supported_engines: tuple[Engine, ...] | None = None
    creation_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class LexiconAttributes:
    alphabet: str | None = None
    language_code: LanguageCode | None = None
    last_modified: datetime | None = None
    lexicon_arn: str | None = None
    lexemes_count: int | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    content: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class LexiconDescription:
    """One entry of ``list_lexicons``."""

    name: str | None = None
    attributes: LexiconAttributes | None = None


Reader = Callable[[Any, str], Any]


def _text(value: Any, place: str) -> str:
    if type(value) is not str:
        raise Malformed(f"{place}: expected a string, got {type(value).__name__}")
    return value


def _count(value: Any, place: str) -> int:
    if type(value) is not int:
        raise Malformed(f"{place}: expected an integer, got {type(value).__name__}")
    return value


def _time(value: Any, place: str) -> datetime:
    if not isinstance(value, datetime):
        raise Malformed(f"{place}: expected a timestamp, got {type(value).__name__}")
    return value


def _enum(kind: Callable[[str], _T]) -> Callable[[Any, str], _T]:
    return lambda value, place: kind(_text(value, place))


@dataclass(frozen=True, slots=True)
class _Structure:
    """A reader of one of the model's structures: ``members`` maps each JSON member to the
    field of ``kind`` it fills and how its value is read; members the model adds later are left
    out (tests/test_model_drift.py holds ``members`` to the installed model)."""

    kind: Callable[..., Any]
    members: Mapping[str, tuple[str, Reader]]

    def __call__(self, value: Any, place: str) -> Any:
        if type(value) is not dict:
            raise Malformed(f"{place}: expected an object, got {type(value).__name__}")
        fields = {
            field: read_member(value[key], f"{place}.{key}")
            for key, (field, read_member) in self.members.items()
            if value.get(key) is not None
        }
        return self.kind(**fields)


def _list_of(read_item: Reader) -> Reader:
    def read(value: Any, place: str) -> tuple[Any, ...]:
        if type(value) is not list:
            raise Malformed(f"{place}: expected a list, got {type(value).__name__}")
        return tuple(read_item(item, f"{place}[{i}]") for i, item in enumerate(value))

    return read


_read_voice = _Structure(
    Voice,
    {
        "Arn": ("arn", _text),
        "Gender": ("gender", _enum(Gender)),
        "Id": ("id", _enum(VoiceId)),
        "LanguageCode": ("language_code", _enum(LanguageCode)),
        "LanguageName": ("language_name", _text),
        "Name": ("name", _text),
        "Origin": ("origin", _text),
        "Status": ("status", _text),
        "StatusReason": ("status_reason", _text),
        "AdditionalLanguageCodes": ("additional_language_codes", _list_of(_enum(LanguageCode))),
        "SupportedEngines": ("supported_engines", _list_of(_enum(Engine))),
        "CreationTime": ("creation_time", _time),
    },
)
_read_attributes = _Structure(
    LexiconAttributes,
    {
        "Alphabet": ("alphabet", _text),
        "LanguageCode": ("language_code", _enum(LanguageCode)),
        "LastModified": ("last_modified", _time),
        "LexiconArn": ("lexicon_arn", _text),
        "LexemesCount": ("lexemes_count", _count),
        "Size": ("size", _count),
    },
)
_read_lexicon = _Structure(Lexicon, {"Content": ("content", _text), "Name": ("name", _text)})
_read_description = _Structure(
    LexiconDescription, {"Name": ("name", _text), "Attributes": ("attributes", _read_attributes)}
)


class ModelResponse(dict[str, Any]):
    """boto3's dict for a model-driven operation, with the call's ``response_metadata``
    (what ``put_lexicon`` and ``delete_lexicon`` return)."""

    __slots__ = ("_response_metadata",)

    _response_metadata: ResponseMetadata
    _members: ClassVar[Mapping[str, tuple[str, Reader]]] = {}
    """The output members read into typed attributes: JSON name -> (slot, reader)."""

    @property
    def response_metadata(self) -> ResponseMetadata:
        return self._response_metadata

    @classmethod
    def read(
        cls, parsed: dict[str, Any], readable: dict[str, Any], http_response: HttpResponse
    ) -> Self:
        """The typed result over botocore's parsed dict, its typed members read from
        ``readable`` (the same dict, or a supplied one's ``supplied.as_parsed`` copy); Malformed
        for a member whose value is not of the model's type."""
        result = cls(parsed)
        for key, (slot, read_member) in cls._members.items():
            value = readable.get(key)
            setattr(result, slot, None if value is None else read_member(value, key))
        result._response_metadata = metadata_from_dict(parsed, http_response)
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        typed = {slot: getattr(self, slot) for _, (slot, _) in self._members.items()}
        typed["_response_metadata"] = self._response_metadata
        return (_reconstruct, (type(self), dict(self), typed))


class DescribeVoicesResponse(ModelResponse):
    __slots__ = ("_next_token", "_voices")

    _voices: tuple[Voice, ...] | None
    _next_token: str | None
    _members: ClassVar[Mapping[str, tuple[str, Reader]]] = {
        "Voices": ("_voices", _list_of(_read_voice)),
        "NextToken": ("_next_token", _text),
    }

    @property
    def voices(self) -> tuple[Voice, ...] | None:
        return self._voices

    @property
    def next_token(self) -> str | None:
        return self._next_token


class ListLexiconsResponse(ModelResponse):
    __slots__ = ("_lexicons", "_next_token")

    _lexicons: tuple[LexiconDescription, ...] | None
    _next_token: str | None
    _members: ClassVar[Mapping[str, tuple[str, Reader]]] = {
        "Lexicons": ("_lexicons", _list_of(_read_description)),
        "NextToken": ("_next_token", _text),
    }

    @property
    def lexicons(self) -> tuple[LexiconDescription, ...] | None:
        return self._lexicons

    @property
    def next_token(self) -> str | None:
        return self._next_token


class GetLexiconResponse(ModelResponse):
    __slots__ = ("_lexicon", "_lexicon_attributes")

    _lexicon: Lexicon | None
    _lexicon_attributes: LexiconAttributes | None
    _members: ClassVar[Mapping[str, tuple[str, Reader]]] = {
        "Lexicon": ("_lexicon", _read_lexicon),
        "LexiconAttributes": ("_lexicon_attributes", _read_attributes),
    }

    @property
    def lexicon(self) -> Lexicon | None:
        return self._lexicon

    @property
    def lexicon_attributes(self) -> LexiconAttributes | None:
        return self._lexicon_attributes


def _as_is(value: Any, place: str) -> Any:
    return value


class SynthesizeSpeechResponse(ModelResponse, Generic[_Body]):
    """``AudioStream`` is read as it arrives: botocore's ``StreamingBody`` on ``PollyClient``,
    ``AsyncStreamingBody`` on ``AsyncPollyClient``."""

    __slots__ = ("_audio_stream", "_content_type", "_request_characters")

    _audio_stream: _Body | None
    _content_type: str | None
    _request_characters: int | None
    _members: ClassVar[Mapping[str, tuple[str, Reader]]] = {
        "AudioStream": ("_audio_stream", _as_is),
        "ContentType": ("_content_type", _text),
        "RequestCharacters": ("_request_characters", _count),
    }

    @property
    def audio_stream(self) -> _Body | None:
        return self._audio_stream

    @property
    def content_type(self) -> str | None:
        return self._content_type

    @property
    def request_characters(self) -> int | None:
        return self._request_characters


_RESULTS: Mapping[str, type[ModelResponse]] = {
    "DescribeVoices": DescribeVoicesResponse,
    "ListLexicons": ListLexiconsResponse,
    "GetLexicon": GetLexiconResponse,
    "PutLexicon": ModelResponse,
    "DeleteLexicon": ModelResponse,
    "SynthesizeSpeech": SynthesizeSpeechResponse,
}


def typed_result(operation_name: str) -> type[ModelResponse] | None:
    """The typed result of a model-driven operation, or None where the result is boto3's
    plain dict."""
    return _RESULTS.get(operation_name)
