"""A typed, fast, boto3-compatible client for Amazon Polly's speech-synthesis task listing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from polly_client._version import __version__
from polly_client.client import PollyClient
from polly_client.errors import (
    ClientError,
    EngineNotSupportedException,
    InvalidLexiconException,
    InvalidNextTokenException,
    InvalidS3BucketException,
    InvalidS3KeyException,
    InvalidSampleRateException,
    InvalidSnsTopicArnException,
    InvalidSsmlException,
    InvalidTagParameterException,
    InvalidTaskIdException,
    LanguageNotSupportedException,
    LexiconNotFoundException,
    LexiconSizeExceededException,
    MarksNotSupportedForFormatException,
    MaxLexemeLengthExceededException,
    MaxLexiconsNumberExceededException,
    ResourceNotFoundException,
    ServiceFailureException,
    ServiceQuotaExceededException,
    SsmlMarksNotSupportedForTextTypeException,
    SynthesisTaskNotFoundException,
    TextLengthExceededException,
    ThrottlingException,
    TooManyTagsException,
    UnsupportedPlsAlphabetException,
    UnsupportedPlsLanguageException,
    ValidationException,
)
from polly_client.models import (
    Engine,
    LanguageCode,
    ListSpeechSynthesisTasksResponse,
    OutputFormat,
    ResponseMetadata,
    SpeechMarkType,
    SynthesisTask,
    TaskStatus,
    TextType,
    VoiceId,
)

if TYPE_CHECKING:
    from polly_client.parser_error import ResponseParserError
else:

    def __getattr__(name: str) -> object:
        from polly_client.errors import lazy_parser_error

        return lazy_parser_error(globals(), name)

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


__all__ = [
    "ClientError",
    "Engine",
    "EngineNotSupportedException",
    "InvalidLexiconException",
    "InvalidNextTokenException",
    "InvalidS3BucketException",
    "InvalidS3KeyException",
    "InvalidSampleRateException",
    "InvalidSnsTopicArnException",
    "InvalidSsmlException",
    "InvalidTagParameterException",
    "InvalidTaskIdException",
    "LanguageCode",
    "LanguageNotSupportedException",
    "LexiconNotFoundException",
    "LexiconSizeExceededException",
    "ListSpeechSynthesisTasksResponse",
    "MarksNotSupportedForFormatException",
    "MaxLexemeLengthExceededException",
    "MaxLexiconsNumberExceededException",
    "OutputFormat",
    "PollyClient",
    "ResourceNotFoundException",
    "ResponseMetadata",
    "ResponseParserError",
    "ServiceFailureException",
    "ServiceQuotaExceededException",
    "SpeechMarkType",
    "SsmlMarksNotSupportedForTextTypeException",
    "SynthesisTask",
    "SynthesisTaskNotFoundException",
    "TaskStatus",
    "TextLengthExceededException",
    "TextType",
    "ThrottlingException",
    "TooManyTagsException",
    "UnsupportedPlsAlphabetException",
    "UnsupportedPlsLanguageException",
    "ValidationException",
    "VoiceId",
    "__version__",
]
