"""Sending for ``AsyncPollyClient``: aiohttp (the ``async`` extra), with the sync transport's
meanings: a pool of ``max_pool_connections`` keep-alive connections, ``connect_timeout``,
``read_timeout`` bounding each read and the whole body, the same body cap, proxies as botocore
resolves them, TLS verification and CA bundle, ``tcp_keepalive``, and botocore's exceptions, so
that retries decide exactly as they do for the sync client. The proxy settings aiohttp has no
way to honour (``proxies_config``'s CA bundle, client certificate and forwarding for HTTPS) are
refused at construction rather than ignored."""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import TYPE_CHECKING, Any, Protocol

import yarl

from polly_client.http import HttpRequest, HttpResponse
from polly_client.transport import MAX_BODY_BYTES, proxies_for, too_large

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable

    import aiohttp

    from polly_client.settings import Settings

__all__ = ["AiohttpTransport", "AsyncStreamingBody", "AsyncTransport"]

_READ_SIZE = 64 * 1024
# aiohttp's proxy support is a URL with its credentials and nothing more.
_UNSUPPORTED_PROXY_OPTIONS = (
    "proxy_ca_bundle",
    "proxy_client_cert",
    "proxy_use_forwarding_for_https",
)


class AsyncTransport(Protocol):
    async def send(self, request: HttpRequest) -> HttpResponse:
        """Send one request and read the whole response; raise botocore's connection errors."""
        ...

    async def close(self) -> None: ...


class AiohttpTransport:
    """One aiohttp session, made on the first request (a session belongs to a running loop;
    the TLS context, which reads the CA bundle from disk, is built off the loop)."""

    def __init__(self, settings: Settings) -> None:
        option = settings.config_option
        self._settings = settings
        self._connect_timeout = float(option("connect_timeout"))
        self._read_timeout = float(option("read_timeout"))
        self._pool_size = int(option("max_pool_connections"))
        self._proxies = proxies_for(settings)
        self._client_cert = option("client_cert")
        self._keepalive = settings.tcp_keepalive
        _refuse_unsupported_proxy_options(option("proxies_config") or {})
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        self._lock: asyncio.Lock | None = None

    async def send(self, request: HttpRequest) -> HttpResponse:
        import aiohttp

        session = await self._client()
        proxy = self._proxies.get(request.url.partition(":")[0])
        try:
            response = await session.request(
                request.method,
                # As signed: yarl would otherwise normalise its percent-encoding (%2A -> *).
                yarl.URL(request.url, encoded=True),
                headers=request.headers,
                data=request.body or None,
                proxy=proxy,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    sock_connect=self._connect_timeout, sock_read=self._read_timeout
                ),
            )
        except Exception as exc:
            raise _botocore_error(exc, request.url, proxy) from exc
        headers = {name.lower(): value for name, value in response.headers.items()}
        if request.stream and 200 <= response.status < 300:
            stream = AsyncStreamingBody(response, headers.get("content-length"))
            return HttpResponse(response.status, headers, b"", stream)
        try:
            body = await asyncio.wait_for(_read(response), self._read_timeout)
        except Exception as exc:
            raise _botocore_error(exc, request.url, proxy) from exc
        finally:
            # Also when cancelled: a body read whole keeps the connection, one cut short
            # closes it; either way its place in the pool is free again.
            response.release()
        if len(body) > MAX_BODY_BYTES:
            raise too_large(HttpResponse(response.status, headers, body))
        return HttpResponse(response.status, headers, body)

    async def close(self) -> None:
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._closed:
            raise RuntimeError("this AsyncPollyClient is closed")
        if self._lock is None:  # made on the running loop, not at construction
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._session is None:
                import aiohttp

                context = await asyncio.to_thread(
                    _tls_context, self._settings.verify, self._client_cert
                )
                connector = aiohttp.TCPConnector(
                    limit=self._pool_size,
                    ssl=context,
                    socket_factory=_keepalive_socket if self._keepalive else None,
                )
                self._session = aiohttp.ClientSession(
                    connector=connector,
                    auto_decompress=False,
                    # Only what the pipeline built is sent, as with botocore's session.
                    skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
                )
            return self._session


def _refuse_unsupported_proxy_options(proxies_config: dict[str, Any]) -> None:
    given = [name for name in _UNSUPPORTED_PROXY_OPTIONS if proxies_config.get(name)]
    if given:
        raise ValueError(
            f"AsyncPollyClient cannot honour proxies_config {', '.join(given)}: aiohttp connects "
            "to a proxy by its URL only (use PollyClient for these settings)"
        )


def _keepalive_socket(address: tuple[Any, ...]) -> socket.socket:
    """The socket aiohttp would make for the address, with ``SO_KEEPALIVE`` on, for
    ``tcp_keepalive`` (the Config's, BOTOCORE_TCP_KEEPALIVE or the profile's) as botocore sets
    it."""
    family, kind, proto, _, _ = address
    made = socket.socket(family=family, type=kind, proto=proto)
    made.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    return made


class AsyncStreamingBody:
    """SynthesizeSpeech's audio on ``AsyncPollyClient``, read as it arrives, as aiobotocore's
    ``StreamingBody`` is: ``await read(amt)``, ``async for chunk in iter_chunks(size)``,
    ``iter_lines()``, ``async with`` (gives the connection back) and ``close()``. Each read is
    bounded by ``read_timeout``; the last is checked against Content-Length as botocore checks
    it (``IncompleteReadError``), and a broken connection is botocore's
    ``ResponseStreamingError``."""

    def __init__(self, response: aiohttp.ClientResponse, content_length: str | None) -> None:
        self._response = response
        self._length = None if content_length is None else int(content_length)
        self._read = 0

    async def read(self, amt: int | None = None) -> bytes:
        """Up to ``amt`` bytes (all that is left if None); ``b""`` at the end."""
        chunk = await self._guarded(self._response.content.read(-1 if amt is None else amt))
        self._read += len(chunk)
        if amt is None or (not chunk and amt > 0):
            self._verify_length()
        return chunk

    async def iter_chunks(self, chunk_size: int = 1024) -> AsyncIterator[bytes]:
        while chunk := await self.read(chunk_size):
            yield chunk

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self.iter_chunks()

    async def iter_lines(
        self, chunk_size: int = 1024, keepends: bool = False
    ) -> AsyncIterator[bytes]:
        """Lines split as ``bytes.splitlines`` splits them, across chunk boundaries."""
        buffer = b""
        async for chunk in self.iter_chunks(chunk_size):
            *complete, buffer = (buffer + chunk).splitlines(keepends=True)
            for line in complete:
                yield line if keepends else line.splitlines()[0]
        if buffer:
            yield buffer if keepends else buffer.splitlines()[0]

    def close(self) -> None:
        """Drop the rest of the body (and its connection)."""
        self._response.close()

    async def __aenter__(self) -> AsyncStreamingBody:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._response.release()

    async def _guarded(self, read: Awaitable[bytes]) -> bytes:
        import aiohttp
        from botocore.exceptions import ReadTimeoutError, ResponseStreamingError

        try:
            return await read
        except asyncio.TimeoutError as exc:
            raise ReadTimeoutError(endpoint_url=str(self._response.url), error=exc) from exc
        except (aiohttp.ClientPayloadError, aiohttp.ClientConnectionError) as exc:
            raise ResponseStreamingError(error=exc) from exc

    def _verify_length(self) -> None:
        if self._length is not None and self._read != self._length:
            from botocore.exceptions import IncompleteReadError

            raise IncompleteReadError(actual_bytes=self._read, expected_bytes=self._length)


async def _read(response: aiohttp.ClientResponse) -> bytes:
    """The body, stopping one read past MAX_BODY_BYTES."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BODY_BYTES:
        chunk = await response.content.read(_READ_SIZE)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    else:
        response.close()  # the rest is never read: the connection cannot be reused
    return b"".join(chunks)


def _tls_context(verify: bool | str | None, client_cert: Any) -> ssl.SSLContext | bool:
    """The sync client's trust: botocore's CA bundle (or the one given), and its client
    certificate (a path, or a (certificate, key) pair)."""
    if verify is False:
        return False
    from botocore.httpsession import get_cert_path

    bundle: Any = verify  # True: botocore's own bundle; a path: that one
    context = ssl.create_default_context(cafile=get_cert_path(bundle))
    if isinstance(client_cert, str):
        context.load_cert_chain(client_cert)
    elif client_cert is not None:
        context.load_cert_chain(*client_cert)
    return context


def _botocore_error(exc: Exception, url: str, proxy: str | None) -> Exception:
    """aiohttp's failures as the botocore exceptions the sync transport raises for the same
    events (and botocore's retry handlers recognise); the first matching class decides."""
    import aiohttp
    from botocore import exceptions as botocore_errors

    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        from botocore.httpsession import mask_proxy_url

        return botocore_errors.ProxyConnectionError(
            proxy_url=mask_proxy_url(proxy or ""), error=exc
        )
    if isinstance(exc, aiohttp.ClientSSLError):
        return botocore_errors.SSLError(endpoint_url=url, error=exc)
    mapping: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], Any], ...] = (
        (aiohttp.ConnectionTimeoutError, botocore_errors.ConnectTimeoutError),
        (aiohttp.ClientConnectorError, botocore_errors.EndpointConnectionError),
        ((asyncio.TimeoutError, aiohttp.ServerTimeoutError), botocore_errors.ReadTimeoutError),
        (aiohttp.ClientError, botocore_errors.ConnectionClosedError),
    )
    for kind, botocore_kind in mapping:
        if isinstance(exc, kind):
            return botocore_kind(endpoint_url=url, error=exc)  # type: ignore[no-any-return]
    return exc
