"""Pure building of an operation's unsigned request, as botocore's rest-json serializer builds
it for members that travel in the query string."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

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
    """``{method} {endpoint}{path}``: query members in the caller's order, path labels filled
    in, and the other members as a JSON object, all in the caller's order as botocore writes them.

    Names the operation does not have and None values are dropped (validation, when on, has
    already refused them), and query and label values are written as botocore writes them
    (``_percent_encode``).
    """
    members = operation.query
    query = "&".join(
        f"{name}={_encode(operation.name, name, value)}"
        for name, value in params.items()
        if name in members and value is not None
    )
    path, labels = _fill_labels(operation.path, params)
    prefix, suffix = _endpoint_parts(endpoint_url)
    url = prefix + path + suffix
    if query:
        url += ("&" if "?" in url else "?") + query
    body = b""
    if len(operation.checks) > len(members) + len(labels):
        document = {
            name: value
            for name, value in params.items()
            if name in operation.checks
            and name not in members
            and name not in labels
            and value is not None
        }
        body = json.dumps(document).encode()
        headers = {**headers, "Content-Type": "application/json"}
    return HttpRequest(method=operation.http_method, url=url, headers=headers, body=body)


@functools.lru_cache(maxsize=32)
def _endpoint_parts(endpoint_url: str) -> tuple[str, str]:
    """What goes before and after an operation's path, as botocore joins them (``_urljoin``):
    the endpoint's own path with one trailing slash dropped, then its query and fragment,
    after which the operation's query follows with ``&`` where the URL already has a ``?``."""
    scheme, netloc, path, query, fragment = urlsplit(endpoint_url)
    prefix = urlunsplit((scheme, netloc, path.removesuffix("/"), "", ""))
    return prefix, urlunsplit(("", "", "", query, fragment))


def _fill_labels(path: str, params: Mapping[str, object]) -> tuple[str, frozenset[str]]:
    labels = _labels(path)
    if not labels:
        return path, labels
    values = {}
    for name in labels:
        value = params.get(name)
        if value is None:
            # botocore fails with a bare KeyError here when validation is off.
            from botocore.exceptions import ParamValidationError

            raise ParamValidationError(report=f'Missing required parameter in input: "{name}"')
        values[name] = _percent_encode(value)
    return path.format_map(values), labels


@functools.cache
def _labels(path: str) -> frozenset[str]:
    return frozenset(re.findall(r"{(\w+)}", path))


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
    return _percent_encode(value)


def _percent_encode(value: object) -> str:
    """botocore.utils.percent_encode: a str (a str-mixed enum member or other subclass too) is
    its characters, whatever its ``__str__`` says, and bytes are the bytes; anything else is
    written with ``str()``. RFC 3986 unreserved characters stay, the rest is %-encoded, as in
    SigV4."""
    text = value if isinstance(value, (str, bytes)) else str(value)
    return quote(text, safe="-_.~")
