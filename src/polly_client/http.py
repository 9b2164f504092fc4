"""The two HTTP values the sans-I/O core exchanges with a transport.

Named tuples rather than frozen dataclasses: as immutable, faster to make (one per attempt) and
a sixth of the cost to create at import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class HttpRequest(NamedTuple):
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes = b""
    stream: bool = False
    """A successful response's body is handed over unread, as ``HttpResponse.stream`` (the
    operation's output is a stream: SynthesizeSpeech's audio); an error's is read whole."""


class HttpResponse(NamedTuple):
    status_code: int
    # Lower-cased names, repeated headers joined with ", ", as botocore reports them.
    headers: Mapping[str, str]
    body: bytes
    stream: Any = None
    """For a streamed request's 2xx response, the unread body (``body`` is then empty): the
    connection's raw stream, which parsing wraps in botocore's ``StreamingBody`` as botocore
    does, or the async client's body, which is one already."""
