"""A typed, fast, boto3-compatible client for Amazon Polly's speech-synthesis tasks.

Every error class of the installed botocore's Polly model is importable from here as from
``client.exceptions``; the two the listing documents are typed, the rest are made on first use.
"""

from __future__ import annotations

import contextlib
from importlib import import_module
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
    from polly_client.waiting import SynthesisTaskFailedError, SynthesisTaskTimeoutError
else:
    # What a listing never needs, loaded on first use: AsyncPollyClient (whose asyncio sync
    # code never needs), the enumerations, the waiter's errors, the model's other error
    # classes, and ResponseParserError; each kept in the namespace once found.
    _MODULE_OF = {
        "AsyncPollyClient": "aio",
        "SynthesisTaskFailedError": "waiting",
        "SynthesisTaskTimeoutError": "waiting",
    }

    def __getattr__(name: str) -> object:
        if not name[:1].isupper():
            # A submodule the import system looks for first (``from polly_client import
            # waiting``), or a dunder: none of the names served here.
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = globals()[name] = _lazy(name)
        return value

    def _lazy(name: str) -> object:
        module = _MODULE_OF.get(name)
        if module is not None:
            return getattr(import_module(f"polly_client.{module}"), name)
        from polly_client.models import enum_named

        if name != "OpenEnum":
            with contextlib.suppress(AttributeError):
                return enum_named(name)
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
