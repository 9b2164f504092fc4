"""``client.meta`` and the botocore events a call emits, for Stubber and for user handlers.

Nothing here runs until ``client.meta`` is first read: a client nobody hooks into emits no
events, creates no emitter and never loads botocore's service model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from polly_client.http import HttpRequest, HttpResponse
from polly_client.model import SERVICE_NAME, service_model

if TYPE_CHECKING:
    from botocore.awsrequest import AWSPreparedRequest, AWSRequest, AWSResponse
    from botocore.config import Config
    from botocore.hooks import HierarchicalEmitter
    from botocore.model import OperationModel, ServiceModel

__all__ = ["OPERATION_NAME", "CallEvents", "ClientMeta"]

OPERATION_NAME = "ListSpeechSynthesisTasks"
_SUFFIX = f"polly.{OPERATION_NAME}"


class ClientMeta:
    """What botocore's ``client.meta`` offers: events, the service model, names and settings."""

    method_to_api_mapping: Mapping[str, str] = {"list_speech_synthesis_tasks": OPERATION_NAME}
    partition = "aws"

    def __init__(self, region_name: str, endpoint_url: str, config: Config) -> None:
        from botocore.hooks import HierarchicalEmitter

        self.events: HierarchicalEmitter = HierarchicalEmitter()
        self.region_name = region_name
        self.endpoint_url = endpoint_url
        self.config = config

    @property
    def service_model(self) -> ServiceModel:
        return service_model()


class CallEvents:
    """One call's events, named and shaped as botocore emits them."""

    def __init__(self, meta: ClientMeta) -> None:
        self._events = meta.events
        self._region = meta.region_name
        self.model: OperationModel = meta.service_model.operation_model(OPERATION_NAME)
        self.context: dict[str, Any] = {
            "client_region": meta.region_name,
            "client_config": meta.config,
            "has_streaming_input": False,
            "auth_type": None,
        }

    def params(self, params: dict[str, Any]) -> dict[str, Any]:
        """provide-client-params (a handler may return new params), then before-parameter-build."""
        responses = self._events.emit(
            f"provide-client-params.{_SUFFIX}",
            params=params,
            model=self.model,
            context=self.context,
        )
        params = next((r for _, r in responses if r is not None), params)
        self._events.emit(
            f"before-parameter-build.{_SUFFIX}",
            params=params,
            model=self.model,
            context=self.context,
        )
        return params

    def before_call(self, request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
        """A handler's ``(http_response, parsed)`` short-circuits the call, as Stubber's does."""
        _, response = self._events.emit_until_response(
            f"before-call.{_SUFFIX}",
            model=self.model,
            params=_request_dict(request, self.context),
            request_signer=None,
            context=self.context,
        )
        return response  # type: ignore[no-any-return]

    def after_call(self, http_response: Any, parsed: dict[str, Any]) -> None:
        self._events.emit(
            f"after-call.{_SUFFIX}",
            http_response=http_response,
            parsed=parsed,
            model=self.model,
            context=self.context,
        )

    def after_call_error(self, exception: BaseException) -> None:
        self._events.emit(f"after-call-error.{_SUFFIX}", exception=exception, context=self.context)


def _request_dict(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(request.url)
    return {
        "url_path": parts.path,
        "query_string": dict(parse_qsl(parts.query, keep_blank_values=True)),
        "method": request.method,
        "headers": dict(request.headers),
        "body": request.body,
        "url": request.url,
        "context": context,
    }


def attempt_request(events: HierarchicalEmitter, request: HttpRequest, region: str) -> HttpRequest:
    """request-created then before-sign, on an AWSRequest handlers may change (a header added
    here is signed, as in botocore)."""
    from botocore.awsrequest import AWSRequest

    aws: AWSRequest = AWSRequest(
        method=request.method, url=request.url, headers=dict(request.headers), data=request.body
    )
    events.emit(f"request-created.{_SUFFIX}", request=aws, operation_name=OPERATION_NAME)
    events.emit(
        f"before-sign.{_SUFFIX}",
        request_signer=None,
        signing_name=SERVICE_NAME,
        region_name=region,
        signature_version="v4",
        request=aws,
        operation_name=OPERATION_NAME,
    )
    body = aws.body or b""
    return HttpRequest(
        str(aws.method),
        str(aws.url),
        dict(aws.headers.items()),
        body.encode() if isinstance(body, str) else body,
    )


def before_send(
    events: HierarchicalEmitter, request: HttpRequest
) -> tuple[HttpRequest, HttpResponse | None]:
    """The request as handlers left it (what botocore then sends), and a handler's response,
    which takes the place of the network."""
    from botocore.awsrequest import AWSPreparedRequest

    prepared: AWSPreparedRequest = AWSPreparedRequest(
        request.method,
        request.url,
        request.headers,  # type: ignore[arg-type]
        request.body,
        stream_output=False,
    )
    _, response = events.emit_until_response(f"before-send.{_SUFFIX}", request=prepared)
    body: Any = prepared.body or b""
    sent = HttpRequest(str(prepared.method), str(prepared.url), dict(prepared.headers), body)
    return sent, None if response is None else from_aws_response(response)


def from_aws_response(response: AWSResponse) -> HttpResponse:
    headers = {name.lower(): value for name, value in (response.headers or {}).items()}
    try:
        body = response.content
    except AttributeError:  # Stubber's responses carry neither content nor a raw stream
        body = b""
    return HttpResponse(response.status_code, headers, body or b"")


def to_aws_response(url: str, response: HttpResponse) -> AWSResponse:
    """What after-call handlers receive as ``http_response``."""
    from botocore.awsrequest import AWSResponse

    headers: Any = dict(response.headers)
    return AWSResponse(url, response.status_code, headers, _Body(response.body))


class _Body:
    """The raw-stream shape AWSResponse reads its content from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *_: Any, **__: Any) -> list[bytes]:
        return [self._body]
