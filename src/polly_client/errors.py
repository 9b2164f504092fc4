"""Polly's modelled errors as classes, and the errors this client raises for bad responses.

Every service error is a ``botocore.exceptions.ClientError``; a code Polly's model does not
list (AccessDeniedException, UnrecognizedClientException, ...) raises plain ``ClientError``,
as boto3 does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import botocore.exceptions
from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from polly_client.parser_error import ResponseParserError

__all__ = [
    "ERROR_CLASSES",
    "ClientError",
    "ClientExceptions",
    "ResponseParserError",
    "modeled_error_members",
]


def lazy_parser_error(namespace: dict[str, Any], name: str) -> object:
    """A module ``__getattr__`` serving ``ResponseParserError``: loaded on first use (see
    polly_client.parser_error), then kept in the module's namespace."""
    if name != "ResponseParserError":
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    from polly_client.parser_error import ResponseParserError

    namespace[name] = ResponseParserError
    return ResponseParserError


# Hidden from type checkers, which would otherwise accept any name as an attribute of the module.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        return lazy_parser_error(globals(), name)

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


class EngineNotSupportedException(ClientError):
    pass


class InvalidLexiconException(ClientError):
    pass


class InvalidNextTokenException(ClientError):
    pass


class InvalidS3BucketException(ClientError):
    pass


class InvalidS3KeyException(ClientError):
    pass


class InvalidSampleRateException(ClientError):
    pass


class InvalidSnsTopicArnException(ClientError):
    pass


class InvalidSsmlException(ClientError):
    pass


class InvalidTagParameterException(ClientError):
    pass


class InvalidTaskIdException(ClientError):
    pass


class LanguageNotSupportedException(ClientError):
    pass


class LexiconNotFoundException(ClientError):
    pass


class LexiconSizeExceededException(ClientError):
    pass


class MarksNotSupportedForFormatException(ClientError):
    pass


class MaxLexemeLengthExceededException(ClientError):
    pass


class MaxLexiconsNumberExceededException(ClientError):
    pass


class ResourceNotFoundException(ClientError):
    pass


class ServiceFailureException(ClientError):
    pass


class ServiceQuotaExceededException(ClientError):
    pass


class SsmlMarksNotSupportedForTextTypeException(ClientError):
    pass


class SynthesisTaskNotFoundException(ClientError):
    pass


class TextLengthExceededException(ClientError):
    pass


class ThrottlingException(ClientError):
    pass


class TooManyTagsException(ClientError):
    pass


class UnsupportedPlsAlphabetException(ClientError):
    pass


class UnsupportedPlsLanguageException(ClientError):
    pass


class ValidationException(ClientError):
    pass


# Members of each error shape beyond "message", and for list-of-structure members the
# structure's member names: botocore copies exactly these from the body into the response.
_EXTRA_MEMBERS: Mapping[str, tuple[str, ...]] = {
    "ResourceNotFoundException": ("resourceId", "resourceType"),
    "ServiceQuotaExceededException": ("quotaCode", "serviceCode"),
    "ThrottlingException": ("throttlingReasons",),
    "ValidationException": ("reason", "fields"),
}
_STRUCTURE_LISTS: Mapping[str, tuple[str, ...]] = {
    "throttlingReasons": ("reason", "resource"),
    "fields": ("name", "message"),
}


def modeled_error_members(code: object, body: Mapping[str, Any]) -> dict[str, Any]:
    """The top-level keys boto3 adds to ``ClientError.response`` for a modelled error code."""
    if not isinstance(code, str) or code not in ERROR_CLASSES:
        return {}
    out: dict[str, Any] = {}
    for name in ("message", *_EXTRA_MEMBERS.get(code, ())):
        value = body.get(name)
        if value is None:
            continue
        keys = _STRUCTURE_LISTS.get(name)
        if keys is not None:
            if not _is_list_of_objects(value):
                continue  # boto3 crashes here; the error itself still reaches the caller
            value = [_pick(item, keys) for item in value]
        out[name] = value
    return out


def _is_list_of_objects(value: object) -> bool:
    return isinstance(value, list) and all(item is None or isinstance(item, dict) for item in value)


def _pick(item: dict[str, Any] | None, keys: tuple[str, ...]) -> dict[str, Any] | None:
    if item is None:
        return None
    return {key: item[key] for key in keys if item.get(key) is not None}


def error_class(code: object) -> type[ClientError]:
    return ERROR_CLASSES.get(code, ClientError) if isinstance(code, str) else ClientError


class ClientExceptions:
    """``client.exceptions``: the modelled classes by name, ``ClientError`` and ``from_code``."""

    ClientError = ClientError
    EngineNotSupportedException = EngineNotSupportedException
    InvalidLexiconException = InvalidLexiconException
    InvalidNextTokenException = InvalidNextTokenException
    InvalidS3BucketException = InvalidS3BucketException
    InvalidS3KeyException = InvalidS3KeyException
    InvalidSampleRateException = InvalidSampleRateException
    InvalidSnsTopicArnException = InvalidSnsTopicArnException
    InvalidSsmlException = InvalidSsmlException
    InvalidTagParameterException = InvalidTagParameterException
    InvalidTaskIdException = InvalidTaskIdException
    LanguageNotSupportedException = LanguageNotSupportedException
    LexiconNotFoundException = LexiconNotFoundException
    LexiconSizeExceededException = LexiconSizeExceededException
    MarksNotSupportedForFormatException = MarksNotSupportedForFormatException
    MaxLexemeLengthExceededException = MaxLexemeLengthExceededException
    MaxLexiconsNumberExceededException = MaxLexiconsNumberExceededException
    ResourceNotFoundException = ResourceNotFoundException
    ServiceFailureException = ServiceFailureException
    ServiceQuotaExceededException = ServiceQuotaExceededException
    SsmlMarksNotSupportedForTextTypeException = SsmlMarksNotSupportedForTextTypeException
    SynthesisTaskNotFoundException = SynthesisTaskNotFoundException
    TextLengthExceededException = TextLengthExceededException
    ThrottlingException = ThrottlingException
    TooManyTagsException = TooManyTagsException
    UnsupportedPlsAlphabetException = UnsupportedPlsAlphabetException
    UnsupportedPlsLanguageException = UnsupportedPlsLanguageException
    ValidationException = ValidationException

    @staticmethod
    def from_code(error_code: str) -> type[botocore.exceptions.ClientError]:
        return error_class(error_code)


ERROR_CLASSES: Mapping[str, type[ClientError]] = {
    name: value
    for name, value in vars(ClientExceptions).items()
    if isinstance(value, type) and issubclass(value, ClientError) and value is not ClientError
}
