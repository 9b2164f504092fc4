"""``client.meta``, and the botocore events a call emits for Stubber and user handlers.

Nothing here runs until ``client.meta`` is first read, or a client is built while other packages
(moto, say) have added handlers to botocore's BUILTIN_HANDLERS: until then every call gets
``NO_EVENTS``, which passes everything through, so a client nobody hooks into creates no emitter
and never loads botocore's service model.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from polly_client.adapters import (
    BuiltinHandler,
    choose_signer_arguments,
    created_request,
    from_aws_request,
    from_aws_response,
    from_prepared_request,
    prepared_as_sent,
    register_builtin_handlers,
    request_dict,
    request_from_dict,
    sign_when_created,
    to_aws_response,
)
from polly_client.http import HttpRequest, HttpResponse
from polly_client.model import SERVICE_NAME, service_model
from polly_client.signing import add_auth

if TYPE_CHECKING:
    from datetime import datetime

    from botocore.awsrequest import AWSRequest
    from botocore.config import Config
    from botocore.hooks import HierarchicalEmitter
    from botocore.model import OperationModel, ServiceModel

    from polly_client.operations import Operation
    from polly_client.retries import CallHooks
    from polly_client.signing import SigningKeys

__all__ = ["CallEvents", "ClientMeta"]


class ClientMeta:
    """What botocore's ``client.meta`` offers: events, the service model, names and settings."""

    def __init__(
        self,
        region_name: str,
        endpoint_url: str,
        config: Config,
        method_to_api_mapping: Mapping[str, str],
        builtin_handlers: list[BuiltinHandler],
    ) -> None:
        from botocore.hooks import HierarchicalEmitter

        self.events: HierarchicalEmitter = HierarchicalEmitter()
        # First, as botocore's session registers them before anyone else can.
        register_builtin_handlers(self.events, builtin_handlers)
        self.events.register(f"request-created.{SERVICE_NAME}", sign_when_created)
        self.region_name = region_name
        self.endpoint_url = endpoint_url
        self.config = config
        self.method_to_api_mapping = method_to_api_mapping

    @property
    def service_model(self) -> ServiceModel:
        return service_model()

    @functools.cached_property
    def partition(self) -> str | None:
        """``aws``, ``aws-cn``, ``aws-us-gov``, ...: the region's partition in botocore's data,
        found when first read (botocore's endpoints.json is large)."""
        from polly_client.endpoints import partition

        config: Any = self.config  # botocore-stubs lack the endpoint variants' attributes
        return partition(
            self.region_name,
            fips=bool(config.use_fips_endpoint),
            dualstack=bool(config.use_dualstack_endpoint),
        )


class CallEvents:
    """One call's events, named and shaped as botocore emits them."""

    def __init__(self, meta: ClientMeta, operation: Operation) -> None:
        self._events = meta.events
        self._name = operation.name
        self._suffix = f"{SERVICE_NAME}.{operation.name}"
        self.model: OperationModel = meta.service_model.operation_model(operation.name)
        self.context = _call_context(meta, self.model)
        # A before-call handler's own http_response, handed back to after-call as it was given.
        self._supplied: Any = None
        # What before-call handlers got, and needs-retry handlers get, as in botocore.
        self._request_dict: dict[str, Any] = {}

    @property
    def retry_hooks(self) -> CallHooks:
        return self

    def params(self, params: dict[str, Any]) -> dict[str, Any]:
        """provide-client-params (a handler may return new params), then before-parameter-build."""
        responses = self._events.emit(
            f"provide-client-params.{self._suffix}",
            params=params,
            model=self.model,
            context=self.context,
        )
        params = next((r for _, r in responses if r is not None), params)
        self._events.emit(
            f"before-parameter-build.{self._suffix}",
            params=params,
            model=self.model,
            context=self.context,
        )
        return params

    def before_call(
        self, request: HttpRequest
    ) -> tuple[HttpRequest, tuple[HttpResponse, dict[str, Any]] | None]:
        """The request as handlers left the request dict (botocore builds every attempt from
        it), and a handler's ``(http_response, parsed)``, which short-circuits the call, as
        Stubber's does."""
        params = self._request_dict = request_dict(request, self.context)
        _, response = self._events.emit_until_response(
            f"before-call.{self._suffix}",
            model=self.model,
            params=params,
            request_signer=None,
            context=self.context,
        )
        if response is None:
            return request_from_dict(params, request.stream), None
        self._supplied, parsed = response
        return request, (from_aws_response(self._supplied), parsed)

    def signed(
        self, request: HttpRequest, keys: SigningKeys | None, region: str, now: datetime
    ) -> HttpRequest:
        """request-created, signed in it as botocore's client signs (``sign_when_created``):
        handlers of the operation's own event run before signing, and what they add is signed;
        handlers of ``request-created.polly`` or ``request-created`` after it, unless registered
        first. No keys: botocore's signer raises NoCredentialsError, after before-sign."""
        return self._signing(request, region, True, lambda aws: add_auth(aws, keys, region, now))

    def unsigned(self, request: HttpRequest, region: str) -> HttpRequest:
        """``signed``, with botocore's signer emitting before-sign and signing nothing (unless
        a choose-signer handler asks for SigV4: then, without keys, NoCredentialsError)."""
        return self._signing(request, region, False, _no_keys)

    def _signing(
        self,
        request: HttpRequest,
        region: str,
        signed: bool,
        sign: Callable[[AWSRequest], None],
    ) -> HttpRequest:
        """request-created, with botocore's request signer inside it: choose-signer, then
        before-sign, then ``sign`` if the signature version chosen signs."""

        def signer(aws: AWSRequest) -> None:
            signs = self.choose_signer(region, signed=signed)
            self._before_sign(aws, region, _version(signs, presign=False))
            if signs:
                sign(aws)

        return self._created(request, signer)

    def choose_signer(self, region: str, *, signed: bool, presign: bool = False) -> bool:
        """choose-signer, as botocore's request signer emits it; whether to sign: a handler's
        answer replaces the signature version, as botocore reads it (``v4`` is ``v4-query``
        for a presigned URL). SigV4 and botocore's UNSIGNED are the answers this client can
        follow; any other is refused."""
        from botocore import UNSIGNED

        arguments = {
            "signing_name": SERVICE_NAME,
            "region_name": region,
            "signature_version": _version(signed, presign),
            "context": self.context,
            "operation_name": self._name,
        }
        given = choose_signer_arguments()
        _, chosen = self._events.emit_until_response(
            f"choose-signer.{self._suffix}",
            **{name: value for name, value in arguments.items() if name in given},
        )
        if chosen is None:
            return signed
        if chosen is UNSIGNED:
            return False
        if chosen in ("v4", _version(True, presign)):
            return True
        raise ValueError(
            f"a choose-signer handler answered {chosen!r}: this client signs with SigV4 "
            "('v4') or botocore.UNSIGNED only"
        )

    def _created(self, request: HttpRequest, signer: Callable[[AWSRequest], None]) -> HttpRequest:
        aws = created_request(request, self.context, signer)
        self._events.emit(f"request-created.{self._suffix}", request=aws, operation_name=self._name)
        return from_aws_request(aws)

    def _before_sign(self, request: AWSRequest, region: str, signature_version: Any) -> None:
        """A header added here is signed, as in botocore."""
        self._events.emit(
            f"before-sign.{self._suffix}",
            request_signer=None,
            signing_name=SERVICE_NAME,
            region_name=region,
            signature_version=signature_version,
            request=request,
            operation_name=self._name,
        )

    def before_send(self, request: HttpRequest) -> tuple[HttpRequest, HttpResponse | None]:
        """The request as handlers left it (what botocore then sends), and a handler's response,
        which takes the place of the network."""
        prepared = prepared_as_sent(request, self.context)
        _, response = self._events.emit_until_response(
            f"before-send.{self._suffix}", request=prepared
        )
        sent = from_prepared_request(prepared)
        return sent, None if response is None else from_aws_response(response)

    def needs_retry(
        self,
        attempts: int,
        response: HttpResponse | None,
        parsed: dict[str, Any] | None,
        exception: Exception | None,
    ) -> Any:
        """needs-retry after an attempt, emitted as botocore's endpoint emits it: every handler
        hears it, and the first answer that is not None decides (a delay: retry after it). The
        user's handlers of the operation's event come before botocore's of
        ``needs-retry.polly``; unregistering those (``retry-config-polly``) stops retries."""
        url = self._request_dict.get("url", "")
        responses = self._events.emit(
            f"needs-retry.{self._suffix}",
            response=None if response is None else (to_aws_response(url, response), parsed),
            endpoint=None,
            operation=self.model,
            attempts=attempts,
            caught_exception=exception,
            request_dict=self._request_dict,
        )
        return next((answer for _, answer in responses if answer is not None), None)

    def after_call(self, url: str, response: HttpResponse, parsed: Any) -> None:
        """``parsed``: the error dict, or the result (a dict): what handlers change in it is what
        the caller reads, as in boto3."""
        http_response = self._supplied
        if http_response is None:
            http_response = to_aws_response(url, response)
        self._events.emit(
            f"after-call.{self._suffix}",
            http_response=http_response,
            parsed=parsed,
            model=self.model,
            context=self.context,
        )

    def after_call_error(self, exception: BaseException) -> None:
        self._events.emit(
            f"after-call-error.{self._suffix}", exception=exception, context=self.context
        )


def _no_keys(request: AWSRequest) -> None:
    """What botocore's signer does when asked to sign without credentials."""
    from botocore.exceptions import NoCredentialsError

    raise NoCredentialsError()


def _version(signed: bool, presign: bool) -> Any:
    """The signature version botocore's request signer names: SigV4's, or UNSIGNED."""
    from botocore import UNSIGNED

    if not signed:
        return UNSIGNED
    return "v4-query" if presign else "v4"


def _call_context(meta: ClientMeta, model: OperationModel) -> dict[str, Any]:
    """The call's context as the installed botocore's client starts it: newer releases, whose
    operation models know ``unsigned_payload``, add it and the service's auth options."""
    model_any: Any = model
    context: dict[str, Any] = {
        "client_region": meta.region_name,
        "client_config": meta.config,
        "has_streaming_input": model.has_streaming_input,
        "auth_type": getattr(model_any, "resolved_auth_type", model.auth_type),
    }
    if hasattr(model_any, "unsigned_payload"):
        context["unsigned_payload"] = model_any.unsigned_payload
        context["auth_options"] = meta.service_model.metadata.get("auth")
    return context
