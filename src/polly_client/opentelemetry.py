"""OpenTelemetry spans for PollyClient's calls, as opentelemetry-instrumentation-botocore makes
them for boto3's: one CLIENT span per call named ``Polly.<Operation>``, with its RPC, region,
server, request-id, status-code and retry attributes, and errors recorded; each request carries
the span's context in the X-Ray trace header.

``PollyClientInstrumentor().instrument(tracer_provider=...)`` (or ``opentelemetry-instrument``,
which finds it through the ``opentelemetry_instrumentor`` entry point) wraps the one method every
call goes through; ``uninstrument()`` puts it back. Nothing of this module is imported by
polly_client itself, so an uninstrumented client runs exactly as without OpenTelemetry.
Install with ``pip install 'polly-client[opentelemetry]'``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from botocore.exceptions import ClientError
from opentelemetry import trace
from opentelemetry.instrumentation.instrumentor import (  # type: ignore[attr-defined]
    BaseInstrumentor,
)
from opentelemetry.instrumentation.utils import (
    http_status_to_status_code,
    is_instrumentation_enabled,
    suppress_http_instrumentation,
)
from opentelemetry.propagators.aws.aws_xray_propagator import (
    TRACE_HEADER_KEY,
    AwsXRayPropagator,
)
from opentelemetry.trace import SpanKind, StatusCode

from polly_client._version import __version__
from polly_client.client import PollyClient
from polly_client.http import HttpRequest, HttpResponse
from polly_client.model import SERVICE_ID

if TYPE_CHECKING:
    from opentelemetry.trace import Span, Tracer

    from polly_client.events import Events
    from polly_client.operations import Operation

__all__ = ["PollyClientInstrumentor"]

# The schema the botocore instrumentor's tracer declares; the attribute names below are those it
# sets (tests/test_opentelemetry.py compares the spans of both, so a rename there shows).
_SCHEMA_URL = "https://opentelemetry.io/schemas/1.11.0"

_TRACE_HEADER = TRACE_HEADER_KEY.lower()


class PollyClientInstrumentor(BaseInstrumentor):  # type: ignore[misc]
    """Spans for every call of every ``PollyClient`` and ``AsyncPollyClient``, made before or
    after."""

    _untraced: tuple[Any, Any] | None = None

    def instrumentation_dependencies(self) -> Collection[str]:
        return ()  # the instrumented library is this package itself

    def _instrument(self, **kwargs: Any) -> None:
        from polly_client.aio import AsyncPollyClient

        tracer = trace.get_tracer(
            __name__, __version__, kwargs.get("tracer_provider"), schema_url=_SCHEMA_URL
        )
        untraced_sync, untraced_async = PollyClient._call, AsyncPollyClient._call

        def traced(client: PollyClient, operation: Operation, params: Any) -> Any:
            if not is_instrumentation_enabled():
                return untraced_sync(client, operation, params)
            with _span(tracer, client, operation) as span:
                result = _with_trace_header(client, operation, params)
                _response_attributes(span, result)
                return result

        async def traced_async(client: AsyncPollyClient, operation: Operation, params: Any) -> Any:
            if not is_instrumentation_enabled():
                return await untraced_async(client, operation, params)
            with _span(tracer, client, operation) as span:
                result = await _with_trace_header(client, operation, params)
                _response_attributes(span, result)
                return result

        self._untraced = (untraced_sync, untraced_async)
        # Patched on the classes, not checked per call: uninstrumented, a call costs nothing more.
        setattr(PollyClient, "_call", traced)  # noqa: B010
        setattr(AsyncPollyClient, "_call", traced_async)  # noqa: B010

    def _uninstrument(self, **kwargs: Any) -> None:
        from polly_client.aio import AsyncPollyClient

        if self._untraced is not None:
            setattr(PollyClient, "_call", self._untraced[0])  # noqa: B010
            setattr(AsyncPollyClient, "_call", self._untraced[1])  # noqa: B010
            self._untraced = None


@contextlib.contextmanager
def _span(tracer: Tracer, client: Any, operation: Operation) -> Iterator[Span]:
    """The call's CLIENT span, with the botocore instrumentor's attributes and error status."""
    attributes = {
        "rpc.system": "aws-api",
        "rpc.service": SERVICE_ID,
        "rpc.method": operation.name,
        "cloud.region": client.region_name,
        **_server(client.endpoint_url),
    }
    # The HTTP instrumentations (urllib3's, aiohttp's) stay out of it, as for botocore's calls.
    with (
        tracer.start_as_current_span(
            f"{SERVICE_ID}.{operation.name}",
            kind=SpanKind.CLIENT,
            attributes=attributes,
            set_status_on_exception=False,
        ) as span,
        suppress_http_instrumentation(),
    ):
        try:
            yield span
        except ClientError as error:
            _response_attributes(span, error.response)
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if http_status_to_status_code(status) is StatusCode.ERROR:
                span.set_status(StatusCode.ERROR, str(error))
            raise
        except Exception as error:
            span.set_status(StatusCode.ERROR, str(error))
            raise


def _with_trace_header(client: Any, operation: Operation, params: Any) -> Any:
    """The call (awaitable, for the async client), each attempt carrying the span's context in
    the X-Ray header."""
    events = _TraceHeader(client._events(operation))
    return client._run(client._steps(operation, params, events))


class _TraceHeader:
    """A call's events, with the X-Ray trace header added to each attempt just before
    ``before-send``: after signing, unsigned, where the botocore instrumentor adds it
    (``Endpoint.prepare_request``). AWS services pass on only this header's context."""

    _propagator = AwsXRayPropagator()

    def __init__(self, events: Events) -> None:
        self._events = events
        self.params = events.params
        self.before_call = events.before_call
        self.signed = events.signed
        self.unsigned = events.unsigned
        self.after_call = events.after_call
        self.after_call_error = events.after_call_error
        self.retry_hooks = events.retry_hooks

    def before_send(self, request: HttpRequest) -> tuple[HttpRequest, HttpResponse | None]:
        # One already there (a handler's) stays, as in the botocore instrumentor.
        if all(name.lower() != _TRACE_HEADER for name in request.headers):
            headers = dict(request.headers)
            self._propagator.inject(headers)
            request = request._replace(headers=headers)
        return self._events.before_send(request)


def _server(endpoint_url: str) -> dict[str, Any]:
    parts = urlsplit(endpoint_url)
    if not parts.hostname:
        return {}
    return {"server.address": parts.hostname, "server.port": parts.port or 443}


def _response_attributes(span: Span, result: Mapping[str, Any]) -> None:
    # A typed response's own metadata: its boto3 view would be built for this alone.
    typed = getattr(result, "response_metadata", None)
    metadata = typed.to_dict() if typed is not None else result.get("ResponseMetadata")
    if metadata is None or not span.is_recording():
        return
    request_id = metadata.get("RequestId")
    if request_id is None:
        headers = metadata.get("HTTPHeaders") or {}
        request_id = (
            headers.get("x-amzn-RequestId")
            or headers.get("x-amz-request-id")
            or headers.get("x-amz-id-2")
        )
    if request_id:
        span.set_attribute("aws.request_id", request_id)
    if metadata.get("RetryAttempts") is not None:
        span.set_attribute("retry_attempts", metadata["RetryAttempts"])
    if metadata.get("HTTPStatusCode") is not None:
        span.set_attribute("http.status_code", metadata["HTTPStatusCode"])
