"""Sending: the one place that does I/O. ``Transport`` is the seam; the default is botocore's own
urllib3 session, so pooling, proxies, TLS and the exceptions raised are those boto3 has."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from polly_client.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from botocore.httpsession import URLLib3Session

__all__ = ["Transport", "Urllib3Transport"]


class Transport(Protocol):
    def send(self, request: HttpRequest) -> HttpResponse:
        """Send one request and read the whole response; raise botocore's connection errors."""
        ...

    def close(self) -> None: ...


class Urllib3Transport:
    """A pooled keep-alive transport: ``botocore.httpsession.URLLib3Session`` underneath."""

    def __init__(self, **session_options: Any) -> None:
        from botocore.httpsession import URLLib3Session

        self._session: URLLib3Session = URLLib3Session(**session_options)

    def send(self, request: HttpRequest) -> HttpResponse:
        from botocore.awsrequest import AWSPreparedRequest
        from botocore.exceptions import ConnectionClosedError, ReadTimeoutError
        from urllib3.exceptions import ProtocolError
        from urllib3.exceptions import ReadTimeoutError as Urllib3ReadTimeout

        prepared = AWSPreparedRequest(
            request.method,
            request.url,
            request.headers,  # type: ignore[arg-type]  # urllib3 takes any mapping
            request.body,
            stream_output=False,
        )
        response = self._session.send(prepared)
        # botocore reads the body outside its error mapping; a connection cut or stalled
        # mid-body is mapped here so it surfaces as the same botocore errors as one cut earlier.
        try:
            body = response.content
        except Urllib3ReadTimeout as exc:
            raise ReadTimeoutError(endpoint_url=request.url, error=exc) from exc
        except ProtocolError as exc:
            raise ConnectionClosedError(endpoint_url=request.url, error=exc) from exc
        headers = {name.lower(): value for name, value in response.headers.items()}
        if _cut_short(headers, body):
            # botocore turns urllib3's length check off; a body cut short is a dropped
            # connection (retryable), not a malformed response.
            raise ConnectionClosedError(endpoint_url=request.url)
        return HttpResponse(response.status_code, headers, body)

    def close(self) -> None:
        self._session.close()


def _cut_short(headers: dict[str, str], body: bytes) -> bool:
    declared = headers.get("content-length")
    return declared is not None and declared.isdigit() and len(body) < int(declared)
