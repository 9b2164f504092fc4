"""Sending: the one place that does I/O. ``Transport`` is the seam; the default is botocore's own
urllib3 session, so pooling, proxies, TLS and the exceptions raised are those boto3 has.
``loggable_headers`` is how a request's headers may appear in a log."""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from polly_client.adapters import to_prepared_request
from polly_client.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from botocore.httpsession import URLLib3Session
    from urllib3 import BaseHTTPResponse

    from polly_client.settings import Settings

__all__ = [
    "MAX_BODY_BYTES",
    "Transport",
    "Urllib3Transport",
    "default_transport",
    "loggable_headers",
    "proxies_for",
    "too_large",
]

# A page of 100 tasks is tens of kilobytes; past this a body is not a page, and reading on would
# only fill memory (an endless stream arriving faster than read_timeout can notice).
MAX_BODY_BYTES = 64 * 1024 * 1024
_READ_SIZE = 64 * 1024
_REDACTED = "<redacted>"
# Header names (lower case) whose values are secret: the session token, and the signature in
# Authorization (its credential scope, the access key id and SignedHeaders, are not secret).
_TOKEN_HEADERS = frozenset({"x-amz-security-token"})
_SIGNATURE = "Signature="


class Transport(Protocol):
    def send(self, request: HttpRequest) -> HttpResponse:
        """Send one request and read the whole response; raise botocore's connection errors."""
        ...

    def close(self) -> None: ...


class Urllib3Transport:
    """A pooled keep-alive transport: ``botocore.httpsession.URLLib3Session`` underneath.

    Unlike botocore, ``read_timeout`` bounds the whole body as well as each read: a body that
    trickles in forever, a little more often than the timeout, would otherwise never end.
    """

    def __init__(self, **session_options: Any) -> None:
        from botocore.httpsession import DEFAULT_TIMEOUT

        self._session: URLLib3Session = _session_class()(**session_options)
        self._body_seconds = _read_timeout(session_options.get("timeout"), DEFAULT_TIMEOUT)

    def send(self, request: HttpRequest) -> HttpResponse:
        response = self._session.send(to_prepared_request(request, stream_output=True))
        headers = {name.lower(): value for name, value in response.headers.items()}
        if request.stream and 200 <= response.status_code < 300:
            # Read by the caller, as boto3's StreamingBody is: each read bounded by
            # read_timeout, the connection back in the pool once the body is read or closed.
            return HttpResponse(response.status_code, headers, b"", response.raw)
        body = _read_body(response.raw, request.url, self._body_seconds)
        if len(body) > MAX_BODY_BYTES:
            raise too_large(HttpResponse(response.status_code, headers, body))
        if _cut_short(headers, body):
            # botocore turns urllib3's length check off; a body cut short is a dropped
            # connection (retryable), not a malformed response.
            raise _closed(request.url)
        return HttpResponse(response.status_code, headers, body)

    def close(self) -> None:
        self._session.close()


@functools.cache
def _session_class() -> type[URLLib3Session]:
    """botocore's HTTP session, its pool managers wrapped in ``PoolsByOrigin``. The override is
    of a private method: should a botocore release stop calling it, sending is botocore's own
    (only slower), and tests/test_transport_pools.py fails and says so."""
    from botocore.httpsession import URLLib3Session

    class Session(URLLib3Session):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.pools_by_manager: dict[Any, PoolsByOrigin] = {}

        def close(self) -> None:
            super().close()
            self.pools_by_manager.clear()

        def _get_connection_manager(self, url: str, proxy_url: str | None = None) -> Any:
            manager = super()._get_connection_manager(url, proxy_url)  # type: ignore[misc]
            pools = self.pools_by_manager.get(manager)  # managers hash by identity
            if pools is None:
                pools = self.pools_by_manager[manager] = PoolsByOrigin(manager)
            return pools

    return Session


class PoolsByOrigin:
    """A urllib3 pool manager whose ``connection_from_url`` finds a URL's pool once for the
    origin it was last asked about (a client talks to one endpoint): urllib3 parses the URL and
    normalises a pool key on every call, which costs more than the rest of botocore's send.

    Exact: the pool depends only on the scheme, host and port, which the memo's key, the URL up
    to its path, holds. The memo holds one pool, the one the manager looked up last, which its
    LRU is therefore the last to drop; ``close`` (which makes the manager forget its pools)
    forgets it too. A URL without a path is looked up as urllib3 does. (Only a look-up racing
    with ten other origins' first requests could leave the memo a pool the manager has dropped,
    which still sends: urllib3 2 never closes a pool it drops.)"""

    def __init__(self, manager: Any) -> None:
        self.manager = manager
        self.last: tuple[str, Any] | None = None

    def connection_from_url(self, url: str, pool_kwargs: dict[str, Any] | None = None) -> Any:
        start = url.find("//")
        end = url.find("/", start + 2) if start >= 0 else -1
        if pool_kwargs is not None or end < 0:
            return self.manager.connection_from_url(url, pool_kwargs=pool_kwargs)
        origin = url[:end]  # a netloc holds no "/": the first after "//" is past its end
        last = self.last
        if last is not None and last[0] == origin:
            return last[1]
        pool = self.manager.connection_from_url(url)
        self.last = (origin, pool)
        return pool

    def __getattr__(self, name: str) -> Any:
        return getattr(self.manager, name)


def default_transport(settings: Settings) -> Urllib3Transport:
    """botocore's HTTP session, configured from the client's settings as boto3 configures it."""
    import socket

    option = settings.config_option
    socket_options = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    if settings.tcp_keepalive:
        socket_options.append((socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1))
    return Urllib3Transport(
        verify=settings.verify,
        proxies=proxies_for(settings),
        timeout=(option("connect_timeout"), option("read_timeout")),
        max_pool_connections=option("max_pool_connections"),
        socket_options=socket_options,
        client_cert=option("client_cert"),
        proxies_config=option("proxies_config"),
    )


def loggable_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers as they may be logged: the session token and the signature replaced by
    ``<redacted>``, so that a debug log shows which key, scope and signed headers were used."""
    shown = dict(headers)
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in _TOKEN_HEADERS:
            shown[name] = _REDACTED
        elif lowered == "authorization":
            kept, found, _ = value.partition(_SIGNATURE)
            # A value without a SigV4 signature (a handler's own scheme) is hidden whole.
            shown[name] = f"{kept}{_SIGNATURE}{_REDACTED}" if found else _REDACTED
    return shown


def too_large(response: HttpResponse) -> Exception:
    """The error for a body past MAX_BODY_BYTES, holding what was read."""
    from polly_client.parser_error import ResponseParserError

    return ResponseParserError(
        f"The response body is larger than {MAX_BODY_BYTES} bytes, far larger than any Polly "
        "response this client reads whole; the rest was not read",
        response,
    )


def proxies_for(settings: Settings) -> dict[str, str]:
    """botocore's choice: ``Config(proxies=...)`` when given (an empty dict too, which means
    none), else HTTP(S)_PROXY / NO_PROXY from the environment, read as botocore's endpoint
    creator reads them for the endpoint."""
    proxies: dict[str, str] | None = settings.config_option("proxies")
    if proxies is not None:
        return proxies
    from botocore.utils import get_environ_proxies

    environ: dict[str, str] = get_environ_proxies(settings.endpoint_url)
    return environ


def _read_timeout(timeout: object, default: float) -> float:
    """The read part of URLLib3Session's ``timeout``: a number, or (connect, read); the
    session's own default otherwise."""
    if isinstance(timeout, tuple):
        timeout = timeout[1]
    return float(timeout) if isinstance(timeout, (int, float)) else default


def _read_body(raw: BaseHTTPResponse, url: str, seconds: float) -> bytes:
    """The body, read one socket read at a time, each allowed only the time left before the
    deadline; stops one read past MAX_BODY_BYTES. botocore reads the body outside its error
    mapping, so a connection cut or stalled mid-body is mapped here to the same errors as one
    cut earlier."""
    from botocore.exceptions import ReadTimeoutError
    from urllib3.exceptions import ProtocolError
    from urllib3.exceptions import ReadTimeoutError as Urllib3ReadTimeout

    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= MAX_BODY_BYTES:
            left = deadline - time.monotonic()
            if left <= 0:
                _abandon(raw)
                raise ReadTimeoutError(endpoint_url=url)
            _limit_wait(raw, left)
            chunk = raw.read1(_READ_SIZE)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
    except Urllib3ReadTimeout as exc:
        raise ReadTimeoutError(endpoint_url=url, error=exc) from exc
    except ProtocolError as exc:
        raise _closed(url, exc) from exc
    _abandon(raw)
    return b"".join(chunks)


def _limit_wait(raw: BaseHTTPResponse, seconds: float) -> None:
    # urllib3 sets the socket's timeout afresh for every request, so shortening it here only
    # affects the rest of this body.
    sock = getattr(raw.connection, "sock", None)
    if sock is not None:
        sock.settimeout(seconds)


def _abandon(raw: BaseHTTPResponse) -> None:
    """Close a connection whose body was not read to the end, and give its pool slot back."""
    raw.close()
    raw.release_conn()


def _closed(url: str, error: Exception | None = None) -> Exception:
    from botocore.exceptions import ConnectionClosedError

    return ConnectionClosedError(endpoint_url=url, error=error)


def _cut_short(headers: dict[str, str], body: bytes) -> bool:
    declared = headers.get("content-length")
    return declared is not None and declared.isdigit() and len(body) < int(declared)
