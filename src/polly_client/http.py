"""The two HTTP values the sans-I/O core exchanges with a transport."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HttpRequest:
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status_code: int
    # Lower-cased names, repeated headers joined with ", ", as botocore reports them.
    headers: Mapping[str, str]
    body: bytes
