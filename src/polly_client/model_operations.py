"""Every operation of the installed botocore's Polly model that ``operations`` does not describe
by hand (voices, lexicons, SynthesizeSpeech, tags, and whatever a newer botocore adds).

Each is described from the model on first use and runs on the same pipeline as the typed ones
(events, signing, sending, retries, Stubber); validation, serialization and parsing are
botocore's own code for the protocol, so the result is boto3's dict exactly. Nothing here loads
until such an operation is first named.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from polly_client.model import SERVICE_NAME, service_model
from polly_client.operations import OPERATIONS, Operation

if TYPE_CHECKING:
    from botocore.model import OperationModel
    from botocore.paginate import Paginator

    from polly_client.http import HttpRequest, HttpResponse

__all__ = [
    "api_mapping",
    "method_names",
    "model_operation",
    "model_paginator",
    "paginator_config",
]

_lock = threading.Lock()
_methods: Mapping[str, str] | None = None


def method_names() -> Mapping[str, str]:
    """boto3's method name -> operation name, for every operation boto3's client has: the
    model's, less those botocore's own ``creating-client-class`` handlers take away (the HTTP/2
    stream it cannot send)."""
    global _methods
    with _lock:
        if _methods is None:
            _methods = _client_methods()
        return _methods


@functools.cache
def api_mapping() -> Mapping[str, str]:
    """boto3's ``client.meta.method_to_api_mapping``: every operation of the model, including
    those botocore leaves without a method."""
    from botocore import xform_name

    return {xform_name(name): name for name in service_model().operation_names}


def _client_methods() -> dict[str, str]:
    from botocore.handlers import BUILTIN_HANDLERS

    methods: dict[str, Any] = dict(api_mapping())
    event = f"creating-client-class.{SERVICE_NAME}"
    for registration in BUILTIN_HANDLERS:
        if registration[0] == event:
            registration[1](class_attributes=methods, base_classes=[], service_name=SERVICE_NAME)
    return dict(methods)


@functools.cache
def model_operation(method_name: str) -> Operation:
    """The operation behind one of ``api_mapping()`` (the client's methods, and the stream
    boto3 can still presign); typed ones come from ``operations``."""
    typed = OPERATIONS.get(method_name)
    if typed is not None:
        return typed
    name = api_mapping()[method_name]
    http = service_model().operation_model(name).http
    return Operation(
        name=name,
        method_name=method_name,
        http_method=str(http["method"]),
        path=str(http["requestUri"]),
        checks={},
        required=(),
        query=frozenset(),
        parse=functools.partial(_parse, name),
        from_dict=functools.partial(_as_supplied, name),
        validate=_validate,
        serialize=_serialize,
    )


def _operation_model(operation: Operation) -> OperationModel:
    return service_model().operation_model(operation.name)


def _validate(operation: Operation, params: Mapping[str, object]) -> None:
    from botocore.validate import validate_parameters

    shape = _operation_model(operation).input_shape
    if shape is not None:
        validate_parameters(params, shape)


def _serialize(
    operation: Operation,
    endpoint_url: str,
    params: Mapping[str, object],
    headers: Mapping[str, str],
) -> HttpRequest:
    from botocore.handlers import generate_idempotent_uuid
    from botocore.serialize import create_serializer

    from polly_client.adapters import request_from_serialized

    model = _operation_model(operation)
    params = dict(params)
    # botocore's before-parameter-build handler for idempotency tokens (CreateVoice's
    # ClientToken): filled with a new UUID when the caller gave none.
    generate_idempotent_uuid(params=params, model=model)
    serializer = create_serializer(service_model().protocol, include_validation=False)
    request = request_from_serialized(
        serializer.serialize_to_request(params, model), endpoint_url, headers
    )
    return request._replace(stream=model.has_streaming_output)


def _parse(
    name: str, response: HttpResponse, retry_attempts: int, max_attempts_reached: bool
) -> dict[str, Any]:
    from botocore.parsers import create_parser

    from polly_client.adapters import response_dict
    from polly_client.metadata import add_retries
    from polly_client.parse import unparsable

    model = service_model().operation_model(name)
    parser = create_parser(service_model().protocol)
    output: Any = model.output_shape  # None for an operation without output: botocore's {}
    try:
        parsed: dict[str, Any] = parser.parse(response_dict(response, model), output)
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # botocore's parser crashes on bodies that are not the model's (not UTF-8, not an
        # object, wrong member types): raise what the typed operations raise, with the bytes.
        raise unparsable(name, response, exc) from None
    result = add_retries(parsed, retry_attempts, max_attempts_reached)
    return _typed(name, result, result, response)


def _typed(
    name: str, parsed: dict[str, Any], readable: dict[str, Any], response: HttpResponse
) -> dict[str, Any]:
    """The typed result for the operations ``results`` types (boto3's dict all the same), its
    typed members read from ``readable``."""
    from polly_client.parse import unparsable
    from polly_client.results import Malformed, typed_result

    kind = typed_result(name)
    if kind is None:
        return parsed
    try:
        return kind.read(parsed, readable, response)
    except Malformed as exc:
        raise unparsable(name, response, exc) from None


def _as_supplied(
    name: str, supplied: dict[str, Any], readable: dict[str, Any], http_response: HttpResponse
) -> dict[str, Any]:
    """A Stubber's or before-call handler's dict is the result, as in boto3 (typed where the
    operation's result is)."""
    return _typed(name, supplied, readable, http_response)


def paginator_config(method_name: str) -> Mapping[str, Any] | None:
    """The model's paginator settings for an operation, or None if it does not paginate."""
    name = method_names().get(method_name)
    if name is None:
        return None
    try:
        config: Mapping[str, Any] = _paginator_model().get_paginator(name)
    except ValueError:  # botocore's answer for an operation without a paginator
        return None
    return config


@functools.cache
def _paginator_model() -> Any:
    import os

    from botocore.loaders import create_loader
    from botocore.paginate import PaginatorModel

    loader = create_loader(os.environ.get("AWS_DATA_PATH"))
    return PaginatorModel(loader.load_service_model(SERVICE_NAME, "paginators-1"))


def model_paginator(method: Any, method_name: str) -> Paginator[Any]:
    """botocore's own Paginator over one of the client's operations, as boto3 builds it."""
    from botocore.paginate import Paginator

    name = method_names()[method_name]
    return Paginator(
        method, _paginator_model().get_paginator(name), service_model().operation_model(name)
    )
