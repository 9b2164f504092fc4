"""Pure building of an operation's unsigned request, as botocore's rest-json serializer builds
it for members that travel in the query string."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from polly_client.http import HttpRequest

if TYPE_CHECKING:
    from polly_client.operations import Operation

__all__ = ["build_request"]


def build_request(
    operation: Operation,
    endpoint_url: str,
    params: Mapping[str, object],
    headers: Mapping[str, str],
) -> HttpRequest:
    """``{method} {endpoint}{path}`` with the given query members, in the caller's order.

    Names the operation does not have and None values are dropped (validation, when on, has
    already refused them), and values are written with ``str()`` as botocore writes them.
    """
    members = operation.query
    query = "&".join(
        f"{name}={_encode(operation.name, name, value)}"
        for name, value in params.items()
        if name in members and value is not None
    )
    url = endpoint_url.rstrip("/") + operation.path
    if query:
        url += "?" + query
    return HttpRequest(method=operation.http_method, url=url, headers=headers)


@functools.cache
def _bool_text(operation_name: str, member: str, value: bool) -> object:
    """A bool where the model wants a number or string, spelt as the installed botocore spells it
    (older releases lower-case it): a bool passes ParamValidator's integer check, so it is sent."""
    from botocore.serialize import create_serializer

    from polly_client.model import service_model

    operation = service_model().operation_model(operation_name)
    serialized = create_serializer("rest-json", include_validation=False).serialize_to_request(
        {member: value}, operation
    )
    return serialized["query_string"][member]


def _encode(operation_name: str, member: str, value: object) -> str:
    if type(value) is bool:
        value = _bool_text(operation_name, member, value)
    # RFC 3986 unreserved characters stay, everything else is %-encoded, as in SigV4.
    return quote(value if isinstance(value, str) else str(value), safe="-_.~")
