"""Presigned URLs, as boto3's ``generate_presigned_url`` makes them: the operation's request
built and validated as a call builds it (without a User-Agent), botocore's presign-time
``before-sign`` handlers, and botocore's ``SigV4QueryAuth`` putting every member and the
signature in the query string."""

from __future__ import annotations

from datetime import timezone
from typing import TYPE_CHECKING, Any, TypedDict

from polly_client.adapters import presigned_url, query_signer
from polly_client.events import NO_EVENTS
from polly_client.meta import CallEvents
from polly_client.model import SERVICE_NAME

if TYPE_CHECKING:
    from collections.abc import Mapping

    from polly_client.meta import ClientMeta
    from polly_client.models import Engine, LanguageCode, OutputFormat, SpeechMarkType, TextType
    from polly_client.runtime import Runtime
    from polly_client.settings import Settings

__all__ = ["SynthesizeSpeechRequest", "generate_presigned_url"]


class _SynthesizeSpeechRequired(TypedDict):
    OutputFormat: OutputFormat | str
    Text: str
    VoiceId: str


class SynthesizeSpeechRequest(_SynthesizeSpeechRequired, total=False):
    """SynthesizeSpeech's members, spelled as boto3 spells them (the three above required)."""

    Engine: Engine | str
    LanguageCode: LanguageCode | str
    LexiconNames: list[str] | tuple[str, ...]
    SampleRate: str
    SpeechMarkTypes: list[SpeechMarkType | str] | tuple[SpeechMarkType | str, ...]
    TextType: TextType | str


def generate_presigned_url(  # noqa: PLR0917  (boto3's arguments, and the client's parts)
    settings: Settings,
    runtime: Runtime,
    meta: ClientMeta | None,
    client_method: str,
    params: Mapping[str, Any] | None,
    expires_in: int | None,
    http_method: str | None,
) -> str:
    """``client_method``'s request, presigned to last ``expires_in`` seconds; ``http_method``
    replaces the model's (SynthesizeSpeech's POST, by default, carries its members in the query
    all the same). ``meta`` is the client's, if it was read: its handlers see the params."""
    from polly_client.model_operations import api_mapping, model_operation

    # boto3 presigns every operation of the model, those without a method too.
    if client_method not in api_mapping():
        from botocore.exceptions import UnknownClientMethodError

        raise UnknownClientMethodError(method_name=client_method)
    operation = model_operation(client_method)
    events = NO_EVENTS if meta is None else CallEvents(meta, operation)
    call = events.params(dict(params or {}))
    if settings.parameter_validation:
        operation.validate(operation, call)
    request = operation.serialize(operation, settings.endpoint_url, call, {})
    if http_method is not None:
        request = request._replace(method=http_method)
    auth = None
    signed = settings.credentials.signed
    if events.choose_signer(settings.region_name, signed=signed, presign=True):
        if not signed:  # a choose-signer handler asked an unsigned client to sign
            from botocore.exceptions import NoCredentialsError

            raise NoCredentialsError()
        now = runtime.now()
        if now.tzinfo is not None:
            now = now.astimezone(timezone.utc)
        auth = query_signer(_keys(settings), settings.region_name, now, SERVICE_NAME, expires_in)
    return presigned_url(request, operation.name, settings.region_name, auth)


def _keys(settings: Settings) -> Any:
    from botocore.exceptions import NoCredentialsError

    credentials = settings.credentials.get()
    if credentials is None:
        raise NoCredentialsError()
    return credentials.get_frozen_credentials()
