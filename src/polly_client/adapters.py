"""Everything that depends on the shapes of botocore's internal objects, in one place.

botocore's signer, event handlers, HTTP session and retry handlers each take or return objects of
their own (``AWSRequest``, ``AWSPreparedRequest``, ``AWSResponse``, the ``(response, parsed)``
pair and request context its retry handlers read). The rest of the client exchanges only
``HttpRequest``/``HttpResponse``; the conversions and stand-ins are here. A botocore upgrade that
changes one of these shapes breaks this module, and the tests that drive every path through it
(differential, Stubber, events, retries, SigV4 conformance) say so.
"""

from __future__ import annotations

import functools
import io
import sys
import weakref
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from polly_client.auth_log_filter import quiet
from polly_client.http import HttpRequest, HttpResponse
from polly_client.model import SERVICE_ID, SERVICE_NAME

if TYPE_CHECKING:
    from botocore.auth import SigV4Auth, SigV4QueryAuth
    from botocore.awsrequest import AWSPreparedRequest, AWSRequest, AWSResponse
    from botocore.model import OperationModel
    from botocore.response import StreamingBody
    from botocore.session import Session

__all__ = [
    "BuiltinHandler",
    "RequestContext",
    "RetryHandlers",
    "RetryOperation",
    "StatusOnly",
    "choose_signer_arguments",
    "created_request",
    "false_stops_retries",
    "foreign_builtin_handlers",
    "from_aws_request",
    "from_aws_response",
    "from_prepared_request",
    "presigned_url",
    "query_signer",
    "register_builtin_handlers",
    "register_retry_handlers",
    "remember_client_region",
    "request_dict",
    "request_from_dict",
    "request_from_serialized",
    "response_dict",
    "retry_events",
    "retry_handlers",
    "sign_when_created",
    "signer",
    "to_aws_request",
    "to_aws_response",
    "to_prepared_request",
]


# One entry of botocore.handlers.BUILTIN_HANDLERS: (event name, handler[, REGISTER_FIRST/LAST]).
BuiltinHandler = tuple[Any, ...]


def foreign_builtin_handlers() -> list[BuiltinHandler]:
    """The entries other packages have added to ``botocore.handlers.BUILTIN_HANDLERS`` (moto's
    ``before-send`` handler, say), which botocore registers on every new session's emitter, and
    so on every boto3 client's. botocore's own entries are left out: this client does their work
    itself. A process that never imported ``botocore.handlers`` has none, since whoever adds to
    the list imports it first: then nothing is imported or looked at."""
    global _foreign
    handlers = sys.modules.get("botocore.handlers")
    if handlers is None:
        return []
    specs = handlers.BUILTIN_HANDLERS
    # Packages append to the list (or replace it): the scan is redone only when it has changed,
    # not for every client.
    if _foreign is None or _foreign[0] is not specs or _foreign[1] != len(specs):
        _foreign = (specs, len(specs), [spec for spec in specs if not _is_botocores(spec[1])])
    return list(_foreign[2])


# The list last scanned (held, so that its identity stays its own), its length, what was found.
_foreign: tuple[list[BuiltinHandler], int, list[BuiltinHandler]] | None = None


def _is_botocores(handler: Any) -> bool:
    module = getattr(handler, "__module__", None) or ""
    return module == "botocore" or module.startswith("botocore.")


def register_builtin_handlers(events: Any, specs: list[BuiltinHandler]) -> None:
    """Register the entries as botocore's session registers BUILTIN_HANDLERS."""
    if not specs:
        return  # client.meta read for Stubber or a user's handler: botocore.handlers stays unloaded
    from botocore.handlers import REGISTER_FIRST, REGISTER_LAST

    for event_name, handler, *how in specs:
        if not how:
            events.register(event_name, handler)
        elif how[0] is REGISTER_FIRST:
            events.register_first(event_name, handler)
        elif how[0] is REGISTER_LAST:
            events.register_last(event_name, handler)


def to_aws_request(request: HttpRequest) -> AWSRequest:
    from botocore.awsrequest import AWSRequest

    aws = AWSRequest(
        method=request.method, url=request.url, headers=dict(request.headers), data=request.body
    )
    aws.stream_output = request.stream
    return aws


def created_request(
    request: HttpRequest, context: dict[str, Any], signer: Callable[[AWSRequest], None]
) -> AWSRequest:
    """An attempt's request as botocore's endpoint creates it for ``request-created``, carrying
    the call's context; ``sign_when_created`` signs it with ``signer``."""
    aws = to_aws_request(request)
    aws.context = context
    _signers[aws] = signer
    return aws


def sign_when_created(request: Any, **_: Any) -> None:
    """The ``request-created`` handler botocore's client registers as it is made, its request
    signer's (which emits ``before-sign``, then signs): here, for a ``created_request``, that
    request's signer. Any other (someone else emitting the event) is left alone."""
    if request in _signers:  # not an error for what cannot be weakly referenced: None, say
        _signers[request](request)


# Each created request's signer, beside it rather than on it (handlers get botocore's own
# AWSRequest class, as in boto3), and gone with it.
_signers: weakref.WeakKeyDictionary[AWSRequest, Callable[[AWSRequest], None]] = (
    weakref.WeakKeyDictionary()
)


def request_from_dict(params: dict[str, Any], stream: bool) -> HttpRequest:
    """The request botocore's endpoint makes of the request dict ``before-call`` handlers got
    (``params``), as they left it: its url, method, headers and body."""
    from botocore.awsrequest import create_request_object

    aws = create_request_object(params)
    aws.stream_output = stream
    return from_aws_request(aws)


def from_aws_request(aws: AWSRequest) -> HttpRequest:
    body = aws.body or b""
    return HttpRequest(
        str(aws.method),
        str(aws.url),
        dict(aws.headers.items()),
        body.encode() if isinstance(body, str) else body,
        bool(aws.stream_output),
    )


def to_prepared_request(request: HttpRequest, *, stream_output: bool) -> AWSPreparedRequest:
    from botocore.awsrequest import AWSPreparedRequest

    headers: Mapping[str, Any] = request.headers
    if not all(map(str.isascii, request.headers.values())):
        headers = _encoded(headers)
    return AWSPreparedRequest(
        request.method,
        request.url,
        headers,  # type: ignore[arg-type]  # urllib3 takes any mapping
        _body(request),
        stream_output=stream_output,
    )


def _body(request: HttpRequest) -> bytes | None:
    """An empty body as botocore's preparer sends it: none for the methods it gives no
    Content-Length (http.client would send "Content-Length: 0" for an empty one), an empty
    one, with "Content-Length: 0", for the rest (DeleteLexicon's DELETE)."""
    if request.body or request.method not in _NO_LENGTH_METHODS:
        return request.body
    return None


_NO_LENGTH_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _encoded(headers: Mapping[str, Any]) -> dict[str, Any]:
    """The header values as botocore's endpoint sends them: UTF-8 bytes (http.client would
    encode a str as Latin-1, or fail)."""
    return {
        name: value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
        for name, value in headers.items()
    }


def prepared_as_sent(request: HttpRequest, context: dict[str, Any]) -> AWSPreparedRequest:
    """The request as botocore's endpoint prepares it for ``before-send``: botocore's own
    preparer gives its headers (a body's Content-Length among them)."""
    aws = to_aws_request(request)
    headers: Any = aws.headers  # botocore's endpoint encodes them in place before preparing
    for name, value in _encoded(dict(headers.items())).items():
        headers[name] = value
    prepared = aws.prepare()
    if hasattr(prepared, "context"):
        # Set only where botocore's prepared requests carry the call's context: older
        # releases' have none, and their handlers see none.
        prepared.context = context
    return prepared


def from_prepared_request(prepared: AWSPreparedRequest) -> HttpRequest:
    body: Any = prepared.body or b""
    return HttpRequest(
        str(prepared.method),
        str(prepared.url),
        _decoded(prepared.headers),
        body,
        bool(prepared.stream_output),
    )


def _decoded(headers: Any) -> dict[str, str]:
    """Header values as the client holds them: str, bytes that are not UTF-8 kept by
    ``surrogateescape``, so that ``_encoded`` sends the very bytes a handler set."""
    return {
        name: value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value
        for name, value in headers.items()
    }


def from_aws_response(response: AWSResponse) -> HttpResponse:
    headers = {name.lower(): value for name, value in (response.headers or {}).items()}
    try:
        body = response.content
    except AttributeError:  # Stubber's responses carry neither content nor a raw stream
        body = b""
    return HttpResponse(response.status_code, headers, body or b"")


def to_aws_response(url: str, response: HttpResponse) -> AWSResponse:
    """What after-call handlers receive as ``http_response``."""
    from botocore.awsrequest import AWSResponse

    headers: Any = dict(response.headers)
    # botocore's after-call handlers get the connection's raw stream, unread, for a streamed
    # body; the async client's body has no such stream.
    stream = response.stream
    raw = stream if stream is not None and hasattr(stream, "stream") else _Body(response.body)
    return AWSResponse(url, response.status_code, headers, raw)


class _Body:
    """The raw-stream shape AWSResponse reads its content from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *_: Any, **__: Any) -> list[bytes]:
        return [self._body]


def request_dict(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """The request as botocore's ``before-call`` handlers receive it (``params``)."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(request.url)
    return {
        "url_path": parts.path,
        "query_string": dict(parse_qsl(parts.query, keep_blank_values=True)),
        "method": request.method,
        "headers": dict(request.headers),
        "body": request.body,
        "url": request.url,
        "context": context,
    }


def request_from_serialized(
    serialized: dict[str, Any], endpoint_url: str, headers: Mapping[str, str]
) -> HttpRequest:
    """The request botocore's client builds from its serializer's request dict."""
    from botocore.awsrequest import create_request_object, prepare_request_dict

    prepare_request_dict(serialized, endpoint_url, user_agent=headers.get("User-Agent"))
    return from_aws_request(create_request_object(serialized))


def response_dict(response: HttpResponse, operation: OperationModel) -> dict[str, Any]:
    """The response as botocore's parsers read it: headers looked up in any case, and a
    streaming payload (SynthesizeSpeech's audio) as a ``StreamingBody``."""
    from botocore.awsrequest import HeadersDict

    body: Any = response.body
    stream = response.stream
    if stream is not None:
        # As botocore's endpoint does: the raw stream in a StreamingBody that checks the
        # Content-Length on the last read (the async client's body is one already).
        is_body = hasattr(stream, "iter_chunks")
        length = response.headers.get("content-length")
        body = stream if is_body else streaming_body(stream, length)
    elif operation.has_streaming_output:
        body = streaming_body(io.BytesIO(response.body), len(response.body))
    return {
        "status_code": response.status_code,
        "headers": HeadersDict(response.headers),
        "body": body,
    }


def streaming_body(raw: Any, length: int | str | None) -> StreamingBody:
    """botocore's ``StreamingBody`` over a raw stream, checking the length on the last read."""
    from botocore.response import StreamingBody

    # botocore's endpoint passes the Content-Length header's text; its check reads int() of it.
    return StreamingBody(raw, length)  # type: ignore[arg-type]


def presigned_url(
    request: HttpRequest, operation_name: str, region: str, auth: SigV4QueryAuth | None
) -> str:
    """The URL botocore's request signer presigns: botocore's own ``before-sign`` handlers for
    the operation run on the request marked as a presign request (SynthesizeSpeech's drops its
    Content-Type), then ``auth`` (``query_signer``'s; None when unsigned) moves the body's
    members into the query and signs it there."""
    from botocore import UNSIGNED

    aws = to_aws_request(request)
    aws.context["is_presign_request"] = True
    _builtin_before_sign().emit(
        f"before-sign.{SERVICE_NAME}.{operation_name}",
        request=aws,
        signing_name=SERVICE_NAME,
        region_name=region,
        signature_version=UNSIGNED if auth is None else "v4-query",
        request_signer=None,
        operation_name=operation_name,
    )
    if auth is not None:
        # botocore.auth logs the canonical request (the session token in it) at DEBUG.
        quiet.local.signing = True
        try:
            auth.add_auth(aws)
        finally:
            quiet.local.signing = False
    aws.prepare()
    return str(aws.url)


@functools.cache
def _builtin_before_sign() -> Any:
    """An emitter holding botocore's built-in ``before-sign`` handlers, as a botocore session
    registers them."""
    from botocore.handlers import BUILTIN_HANDLERS
    from botocore.hooks import HierarchicalEmitter

    events = HierarchicalEmitter()
    for registration in BUILTIN_HANDLERS:
        if registration[0].startswith("before-sign"):
            events.register(registration[0], registration[1])
    return events


def signer(credentials: Any, region: str, now: datetime, service: str) -> SigV4Auth:
    """botocore's SigV4 signer, dating the request ``now`` (UTC) instead of reading its clock.

    botocore's ``add_auth`` stamps ``request.context["timestamp"]`` from its own clock, then calls
    ``_modify_request_before_signing``, and everything after (X-Amz-Date, the scope, the string
    to sign) reads the stamp. The override re-stamps it first. Should a botocore release rename
    that method, the override is never called and requests are dated by botocore's clock (as
    boto3's are): the fixed-clock signature test in tests/test_pipeline.py fails and says so.
    """
    from botocore.auth import SigV4Auth

    instance: SigV4Auth = _dated(SigV4Auth)(credentials, service, region)
    instance.stamp = now.strftime("%Y%m%dT%H%M%SZ")  # type: ignore[attr-defined]
    return instance


def query_signer(
    credentials: Any, region: str, now: datetime, service: str, expires_in: int | None
) -> SigV4QueryAuth:
    """botocore's SigV4 query (presigning) signer, dated ``now`` (UTC) as ``signer`` dates its
    requests: its ``_modify_request_before_signing`` writes X-Amz-Date from the same stamp.
    ``expires_in`` is written as given, as boto3 checks none of it; for None botocore's
    RequestSigner passes no expiry, leaving SigV4QueryAuth's default (3600 s)."""
    from botocore.auth import SigV4QueryAuth

    expiry = () if expires_in is None else (expires_in,)
    instance: SigV4QueryAuth = _dated(SigV4QueryAuth)(credentials, service, region, *expiry)
    instance.stamp = now.strftime("%Y%m%dT%H%M%SZ")  # type: ignore[attr-defined]
    return instance


@functools.cache
def _dated(base: type[Any]) -> Any:
    class Dated(base):  # type: ignore[misc]
        stamp = ""
        memo: tuple[AWSRequest, Any] | None = None

        def add_auth(self, request: AWSRequest) -> None:
            self.memo = None  # a request signed again may carry other headers
            super().add_auth(request)

        def _modify_request_before_signing(self, request: AWSRequest) -> None:
            request.context["timestamp"] = self.stamp
            super()._modify_request_before_signing(request)

        def headers_to_sign(self, request: AWSRequest) -> Any:
            """botocore's headers to sign, collected once per ``add_auth``: it asks for them
            for the canonical request and again for the Authorization header, with no header
            changed between. Should a release change a header between the two, the signature
            would no longer match the plain signer's, which tests/test_signing_cache.py and
            the SigV4 suite compare."""
            memo = self.memo
            if memo is None or memo[0] is not request:
                memo = self.memo = (request, super().headers_to_sign(request))
            return memo[1]

        def signature(self, string_to_sign: str, request: AWSRequest) -> str:
            """botocore's signature, its signing key derived once per secret, day, region and
            service rather than for every request (four HMACs); held to the plain signer's by
            tests/test_signing_cache.py."""
            scope = (
                self.credentials.secret_key,
                request.context["timestamp"][0:8],
                self._region_name,
                self._service_name,
            )
            key = _signing_keys.get(scope)
            if key is None:
                key = self._sign(f"AWS4{scope[0]}".encode(), scope[1])
                for part in (scope[2], scope[3], "aws4_request"):
                    key = self._sign(key, part)
                if len(_signing_keys) >= _MAX_SIGNING_KEYS:
                    _signing_keys.clear()
                _signing_keys[scope] = key
            signature: str = self._sign(key, string_to_sign, hex=True)
            return signature

    return Dated


# Derived keys by (secret, day, region, service): a process signs with few credentials, and
# rotated ones stop being used, so a small bound that starts afresh when full is enough.
_signing_keys: dict[tuple[str, str, str, str], bytes] = {}
_MAX_SIGNING_KEYS = 32


# Retries: botocore's handlers, made by botocore's own registration functions, and the stand-ins
# for what they read.


class _ServiceId(str):
    def hyphenize(self) -> str:
        return SERVICE_NAME


class _ServiceStandIn:
    service_name = SERVICE_NAME
    service_id = _ServiceId(SERVICE_ID)


class _Registrations:
    """Records what botocore's retry registration functions register, to register the same
    handler objects (one retry quota and rate limiter per client, as in botocore) on the
    private emitter and on ``client.meta.events``."""

    def __init__(self) -> None:
        self.made: list[tuple[str, Any, str | None]] = []

    def register(self, event_name: str, handler: Any, unique_id: str | None = None) -> None:
        self.made.append((event_name, handler, unique_id))


class _ClientMetaStandIn:
    def __init__(self, events: Any) -> None:
        self.events = events
        self.service_model = _ServiceStandIn()


class _ClientStandIn:
    """What botocore's retry registration functions read of a client: its events and service."""

    def __init__(self, events: Any) -> None:
        self.meta = _ClientMetaStandIn(events)


RetryHandlers = list[tuple[str, Any, "str | None"]]
"""botocore's retry handlers for a client: (event name, handler, unique_id), in the order
botocore registers them."""


def retry_handlers(
    mode: str, total_max_attempts: int | None, jitter: Callable[[], float]
) -> RetryHandlers:
    """botocore's retry handlers for ``mode``, made by botocore's own registration functions
    (whatever a botocore release adds to them comes along): they listen for
    ``request-created``, ``before-send``, ``needs-retry`` and ``after-call``."""
    registrations = _Registrations()
    client: Any = _ClientStandIn(registrations)
    if mode == "legacy":
        registrations.register(
            f"needs-retry.{SERVICE_NAME}",
            _legacy_retry_handler(total_max_attempts),
            unique_id=f"retry-config-{SERVICE_NAME}",
        )
        return registrations.made
    from botocore.retries import standard

    kwargs = {} if total_max_attempts is None else {"max_attempts": total_max_attempts}
    _use_jitter(standard.register_retry_handler(client, **kwargs), jitter)
    if mode == "adaptive":
        from botocore.retries import adaptive

        adaptive.register_retry_handler(client)
    return registrations.made


def register_retry_handlers(events: Any, handlers: RetryHandlers) -> None:
    for event_name, handler, unique_id in handlers:
        events.register(event_name, handler, unique_id=unique_id)


def retry_events(handlers: RetryHandlers) -> Any:
    """A private event emitter holding only ``handlers``."""
    from botocore.hooks import HierarchicalEmitter

    events = HierarchicalEmitter()
    register_retry_handlers(events, handlers)
    return events


def _use_jitter(handler: Any, jitter: Callable[[], float]) -> None:
    """Give the standard handler's backoff the client's jitter. botocore's registration builds
    the backoff with its module ``random``; should a release move the attribute, that stays
    (as in boto3) and the exact-sleep test in tests/test_pipeline.py fails and says so."""
    backoff = getattr(getattr(handler, "_retry_policy", None), "_retry_backoff", None)
    if backoff is not None and hasattr(backoff, "_random"):
        backoff._random = jitter


def _legacy_retry_handler(total_max_attempts: int | None) -> Any:
    from botocore import retryhandler, translate
    from botocore.loaders import Loader

    original = Loader().load_data("_retry")
    client_config = None if total_max_attempts is None else {"max_attempts": total_max_attempts - 1}
    config = translate.build_retry_config(
        SERVICE_NAME,
        original.get("retry", {}),
        original.get("definitions", {}),
        client_config,
    )
    return retryhandler.create_retry_handler(config, SERVICE_NAME)


@functools.cache
def false_stops_retries() -> bool:
    """Whether the installed botocore's endpoint takes a needs-retry answer of False as "do not
    retry" (newer releases) or, like any other answer but None, as a delay (older ones): asked
    of its own ``Endpoint._needs_retry``, with an emitter answering False. Private: should a
    release rename it, or read what the probe lacks, the newer reading stands, and
    tests/test_retries.py fails and says so."""
    try:
        return not endpoint_retries_on_false()
    except AttributeError:
        return True


def endpoint_retries_on_false() -> bool:
    """The probe itself: the installed botocore's ``Endpoint._needs_retry`` over an emitter
    whose one handler answers False; AttributeError if the probe no longer fits it."""
    from botocore.endpoint import Endpoint

    class _AnswersFalse:
        def emit(self, *_: Any, **__: Any) -> list[tuple[None, bool]]:
            return [(None, False)]

    probe: Any = Endpoint.__new__(Endpoint)
    probe._event_emitter = _AnswersFalse()
    return bool(probe._needs_retry(1, RetryOperation("Probe"), {}))


# What every botocore release since the oldest declared passes to choose-signer handlers.
_CHOOSE_SIGNER_ARGUMENTS = frozenset(
    {"signing_name", "region_name", "signature_version", "context"}
)


@functools.cache
def choose_signer_arguments() -> frozenset[str]:
    """The keyword arguments the installed botocore's request signer gives choose-signer
    handlers (newer releases add ``operation_name``): asked of its own ``_choose_signer``.
    Private: should a release rename it, or call the emitter otherwise, the arguments every
    release passes stand, and tests/test_events.py fails and says so."""
    try:
        return signer_chooses_with()
    except (AttributeError, TypeError):
        return _CHOOSE_SIGNER_ARGUMENTS


def signer_chooses_with() -> frozenset[str]:
    """The probe itself: the installed botocore's ``RequestSigner._choose_signer`` over an
    emitter that records what it is given; AttributeError or TypeError if the probe no longer
    fits it."""
    from botocore.model import ServiceId
    from botocore.signers import RequestSigner

    given: set[str] = set()

    class _Records:
        def emit_until_response(self, _: str, **kwargs: Any) -> tuple[None, None]:
            given.update(kwargs)
            return None, None

    emitter = _Records()  # the signer holds only a weak reference to it
    request_signer: Any = RequestSigner  # given no credentials and a stand-in emitter
    probe = request_signer(ServiceId(SERVICE_ID), "us-east-1", SERVICE_NAME, "v4", None, emitter)
    probe._choose_signer("Probe", "standard", {})
    return frozenset(given)


class RetryOperation:
    """What botocore's retry checkers read of an operation model, without loading the model.
    Polly's operations carry no "retryable" error trait, so empty ``error_shapes`` decide the
    same (tests/test_retries.py checks the real model)."""

    service_model = _ServiceStandIn()
    error_shapes: tuple[object, ...] = ()

    def __init__(self, name: str) -> None:
        self.name = name


class RequestContext:
    """The part of botocore's AWSRequest its ``request-created`` retry handler reads."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context


class StatusOnly:
    """The part of botocore's AWSResponse its retry handlers read."""

    def __init__(self, response: HttpResponse) -> None:
        self.status_code = response.status_code
        self.headers = response.headers


def remember_client_region(session: Session, region_name: str) -> None:
    """What botocore's ``Session.create_client`` records before it asks for credentials: the
    provider chain it creates then (once per session) makes its STS client in this region, so
    an assume-role profile without a region works, and asks the client's region, as in boto3.
    A private attribute: tests/test_settings.py fails if botocore stops reading it; without it
    the chain uses the profile's region."""
    if hasattr(session, "_last_client_region_used"):
        session._last_client_region_used = region_name
