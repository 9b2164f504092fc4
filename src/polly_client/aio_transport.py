"""Sending for ``AsyncPollyClient``: aiohttp (the ``async`` extra), with the sync transport's
meanings: a pool of ``max_pool_connections`` keep-alive connections, ``connect_timeout``,
``read_timeout`` bounding each read and the whole body, the same body cap, proxies as botocore
resolves them, TLS verification and CA bundle, and botocore's exceptions, so that retries
decide exactly as they do for the sync client."""

from __future__ import annotations

import asyncio
import ssl
from typing import TYPE_CHECKING, Any, Protocol

from polly_client.http import HttpRequest, HttpResponse
from polly_client.transport import MAX_BODY_BYTES, proxies_for, too_large

if TYPE_CHECKING:
    import aiohttp

    from polly_client.settings import Settings

__all__ = ["AiohttpTransport", "AsyncTransport"]

_READ_SIZE = 64 * 1024


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
        self._session: aiohttp.ClientSession | None = None
        self._lock = asyncio.Lock()

    async def send(self, request: HttpRequest) -> HttpResponse:
        import aiohttp

        session = await self._client()
        scheme = request.url.partition(":")[0]
        try:
            async with session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=request.body or None,
                proxy=self._proxies.get(scheme),
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    sock_connect=self._connect_timeout, sock_read=self._read_timeout
                ),
            ) as response:
                headers = {name.lower(): value for name, value in response.headers.items()}
                body = await asyncio.wait_for(_read(response), self._read_timeout)
        except Exception as exc:
            raise _botocore_error(exc, request.url) from exc
        if len(body) > MAX_BODY_BYTES:
            raise too_large(HttpResponse(response.status, headers, body))
        return HttpResponse(response.status, headers, body)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _client(self) -> aiohttp.ClientSession:
        async with self._lock:
            if self._session is None:
                import aiohttp

                context = await asyncio.to_thread(_tls_context, self._settings.verify)
                connector = aiohttp.TCPConnector(limit=self._pool_size, ssl=context)
                self._session = aiohttp.ClientSession(
                    connector=connector,
                    auto_decompress=False,
                    # Only what the pipeline built is sent, as with botocore's session.
                    skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
                )
            return self._session


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


def _tls_context(verify: bool | str | None) -> ssl.SSLContext | bool:
    if verify is False:
        return False
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    return ssl.create_default_context()


def _botocore_error(exc: Exception, url: str) -> Exception:
    """aiohttp's failures as the botocore exceptions the sync transport raises for the same
    events (and botocore's retry handlers recognise); the first matching class decides."""
    import aiohttp
    from botocore import exceptions as botocore_errors

    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return botocore_errors.ProxyConnectionError(proxy_url=str(exc), error=exc)
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
