"""Pure building of the unsigned ListSpeechSynthesisTasks request, as botocore's rest-json
serializer builds it."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from polly_client.http import HttpRequest

__all__ = ["LIST_PATH", "build_list_request"]

LIST_PATH = "/v1/synthesisTasks"
_QUERY_NAMES = ("MaxResults", "NextToken", "Status")


def build_list_request(
    endpoint_url: str, params: Mapping[str, object], headers: Mapping[str, str]
) -> HttpRequest:
    """``GET {endpoint}/v1/synthesisTasks`` with the given query members, in the caller's order.

    Names the operation does not have and None values are dropped (validation, when on, has
    already refused them), and values are written with ``str()`` as botocore writes them, so
    ``MaxResults=True`` is "True".
    """
    query = "&".join(
        f"{name}={_encode(value)}"
        for name, value in params.items()
        if name in _QUERY_NAMES and value is not None
    )
    url = endpoint_url.rstrip("/") + LIST_PATH
    if query:
        url += "?" + query
    return HttpRequest(method="GET", url=url, headers=headers)


def _encode(value: object) -> str:
    # RFC 3986 unreserved characters stay, everything else is %-encoded, as in SigV4.
    return quote(value if isinstance(value, str) else str(value), safe="-_.~")
