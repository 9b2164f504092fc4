"""The two HTTP values the sans-I/O core exchanges with a transport.

Named tuples rather than frozen dataclasses: as immutable, faster to make (one per attempt) and
a sixth of the cost to create at import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class HttpRequest(NamedTuple):
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes = b""


class HttpResponse(NamedTuple):
    status_code: int
    # Lower-cased names, repeated headers joined with ", ", as botocore reports them.
    headers: Mapping[str, str]
    body: bytes
