"""A typed, fast, boto3-compatible client for Amazon Polly's speech-synthesis tasks.

Every error class of the installed botocore's Polly model is importable from here as from
``client.exceptions``; the two the listing documents are typed, the rest are made on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polly_client._version import __version__
from polly_client.client import PollyClient
from polly_client.errors import (
    ClientError,
    InvalidNextTokenException,
    ServiceFailureException,
)
from polly_client.models import (
    ListSpeechSynthesisTasksResponse,
    ResponseMetadata,
    SynthesisTask,
    SynthesisTaskResponse,
)
from polly_client.s3_location import S3Location
from polly_client.waiting import SynthesisTaskFailedError, SynthesisTaskTimeoutError

if TYPE_CHECKING:
    from polly_client.aio import AsyncPollyClient
    from polly_client.enums import (
        Engine,
        Gender,
        LanguageCode,
        OutputFormat,
        SpeechMarkType,
        TaskStatus,
        TextType,
        VoiceId,
    )
    from polly_client.parser_error import ResponseParserError
else:
    # AsyncPollyClient (whose asyncio sync code never needs), the enumerations (which a
    # listing read as boto3's dicts never needs), the model's other error classes, and
    # ResponseParserError, loaded on first use.
    def __getattr__(name: str) -> object:
        if name == "AsyncPollyClient":
            from polly_client.aio import AsyncPollyClient

            return AsyncPollyClient
        from polly_client.models import enum_named

        if name != "OpenEnum":
            try:
                return enum_named(name)
            except AttributeError:
                pass
        from polly_client.errors import lazy_attribute

        return lazy_attribute(globals(), name)

    def __dir__() -> list[str]:
        from polly_client.errors import module_dir

        return module_dir(globals(), __all__)


__all__ = [
    "AsyncPollyClient",
    "ClientError",
    "Engine",
    "Gender",
    "InvalidNextTokenException",
    "LanguageCode",
    "ListSpeechSynthesisTasksResponse",
    "OutputFormat",
    "PollyClient",
    "ResponseMetadata",
    "ResponseParserError",
    "S3Location",
    "ServiceFailureException",
    "SpeechMarkType",
    "SynthesisTask",
    "SynthesisTaskFailedError",
    "SynthesisTaskResponse",
    "SynthesisTaskTimeoutError",
    "TaskStatus",
    "TextType",
    "VoiceId",
    "__version__",
]
