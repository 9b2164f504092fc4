"""``PollyClient``: the boto3-compatible client. It joins the pure pieces (validate, serialize,
sign, parse) around one transport call."""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Any, NoReturn

from polly_client.errors import ClientExceptions, error_class
from polly_client.http import HttpRequest, HttpResponse
from polly_client.models import (
    ListSpeechSynthesisTasksRequest,
    ListSpeechSynthesisTasksResponse,
    SynthesisTask,
    TaskStatus,
)
from polly_client.parse import parse_error, parse_list_response
from polly_client.retries import Retrier
from polly_client.serialize import build_list_request
from polly_client.settings import Settings, resolve_settings
from polly_client.signing import SigningKeys, sign
from polly_client.transport import Transport, Urllib3Transport
from polly_client.validate import validate_list_params

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType

    from botocore.config import Config
    from botocore.session import Session
    from typing_extensions import Self, Unpack

    from polly_client.hooks import CallEvents, ClientMeta
    from polly_client.paginate import ListSpeechSynthesisTasksPaginator

__all__ = ["PollyClient"]

log = logging.getLogger("polly_client")

# hooks and paginate are imported where first used: a plain call needs neither.
_OPERATION = "ListSpeechSynthesisTasks"

_PAGEABLE = "list_speech_synthesis_tasks"


class PollyClient:
    """Amazon Polly's synthesis-task listing, called as ``boto3.client("polly")`` is called.

    The keyword arguments are those of ``boto3.client``; anything not given is resolved through
    botocore's chain (environment, shared config and credentials files, SSO, container and
    instance metadata). ``transport`` replaces the HTTP layer, for tests or another stack.
    """

    exceptions = ClientExceptions()

    def __init__(
        self,
        *,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        use_ssl: bool = True,
        verify: bool | str | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        config: Config | None = None,
        transport: Transport | None = None,
        _session: Session | None = None,
    ) -> None:
        self._settings: Settings = resolve_settings(
            region_name=region_name,
            endpoint_url=endpoint_url,
            use_ssl=use_ssl,
            verify=verify,
            aws_access_key_id=aws_access_key_id,
            aws_secret_access_key=aws_secret_access_key,
            aws_session_token=aws_session_token,
            config=config,
            session=_session,
        )
        self._transport = transport if transport is not None else _default_transport(self._settings)
        self._headers = {"User-Agent": self._settings.user_agent}
        self._retrier = Retrier(self._settings.retry_mode, self._settings.total_max_attempts)
        self._meta: ClientMeta | None = None
        self._meta_lock = threading.Lock()

    @classmethod
    def from_session(cls, session: Any, **kwargs: Any) -> PollyClient:
        """A client using a ``boto3.Session`` or ``botocore.session.Session`` (its profile,
        credentials, region and default config), as ``session.client("polly", **kwargs)``."""
        botocore_session = getattr(session, "_session", session)
        return cls(_session=botocore_session, **kwargs)

    @property
    def region_name(self) -> str:
        return self._settings.region_name

    @property
    def endpoint_url(self) -> str:
        return self._settings.endpoint_url

    def list_speech_synthesis_tasks(
        self, **kwargs: Unpack[ListSpeechSynthesisTasksRequest]
    ) -> ListSpeechSynthesisTasksResponse:
        """One page of speech-synthesis tasks, ordered by creation date.

        Takes boto3's keyword arguments ``MaxResults``, ``NextToken`` and ``Status``. Raises the
        modelled ``ClientError`` subclasses (``InvalidNextTokenException``,
        ``ServiceFailureException``, ...), plain ``ClientError`` for other codes, botocore's
        connection errors, and ``ResponseParserError`` for a malformed success body.
        """
        params: dict[str, Any] = dict(kwargs)
        meta = self._meta
        if meta is None:
            return self._result(self._send(self._request(params)))
        from polly_client.hooks import CallEvents

        events = CallEvents(meta)
        return self._call_with_events(events.params(params), events)

    def _request(self, params: dict[str, Any]) -> HttpRequest:
        if self._settings.parameter_validation:
            validate_list_params(params)
        return build_list_request(self._settings.endpoint_url, params, self._headers)

    def _result(self, sent: _Sent) -> ListSpeechSynthesisTasksResponse:
        response, retries, exhausted = sent
        if response.status_code >= 300:
            _raise(parse_error(response, retries, exhausted))
        return parse_list_response(response, retries, exhausted)

    def _call_with_events(
        self, params: dict[str, Any], events: CallEvents
    ) -> ListSpeechSynthesisTasksResponse:
        from polly_client.hooks import from_aws_response, to_aws_response
        from polly_client.parse import response_from_dict

        request = self._request(params)
        supplied = events.before_call(request)
        result: ListSpeechSynthesisTasksResponse | None = None
        if supplied is not None:
            http_response, parsed = supplied
            if http_response.status_code < 300:
                result = response_from_dict(parsed, from_aws_response(http_response))
        else:
            try:
                response, retries, exhausted = self._send(request)
                if response.status_code >= 300:
                    parsed = parse_error(response, retries, exhausted)
                else:
                    result = parse_list_response(response, retries, exhausted)
                    parsed = result.view()
            except Exception as exc:
                events.after_call_error(exc)
                raise
            http_response = to_aws_response(request.url, response)
        events.after_call(http_response, parsed)
        if result is None:
            _raise(parsed)
        return result

    @property
    def meta(self) -> ClientMeta:
        """botocore's ``client.meta``: ``events`` for handlers (and Stubber), the service model
        (loaded on first use), ``method_to_api_mapping``, ``region_name``, ``endpoint_url``,
        ``config``."""
        from polly_client.hooks import ClientMeta

        with self._meta_lock:
            if self._meta is None:
                self._meta = ClientMeta(
                    self.region_name, self.endpoint_url, self._settings.client_config()
                )
            return self._meta

    def can_paginate(self, operation_name: str) -> bool:
        return operation_name == _PAGEABLE

    def get_paginator(self, operation_name: str) -> ListSpeechSynthesisTasksPaginator:
        """boto3's paginator for ``list_speech_synthesis_tasks``, with typed pages."""
        if operation_name != _PAGEABLE:
            from botocore.exceptions import OperationNotPageableError

            raise OperationNotPageableError(operation_name=operation_name)
        from polly_client.paginate import ListSpeechSynthesisTasksPaginator

        return ListSpeechSynthesisTasksPaginator(self.list_speech_synthesis_tasks)

    def iter_speech_synthesis_tasks(
        self, *, status: TaskStatus | str | None = None, page_size: int | None = None
    ) -> Iterator[SynthesisTask]:
        """Every task, across pages, fetched one page at a time as the iteration goes."""
        paginator = self.get_paginator(_PAGEABLE)
        config = None if page_size is None else {"PageSize": page_size}
        pages = (
            paginator.paginate(PaginationConfig=config)
            if status is None
            else paginator.paginate(PaginationConfig=config, Status=str(status))
        )
        for page in pages:
            yield from page.synthesis_tasks or ()

    def _send(self, request: HttpRequest) -> _Sent:
        """The final response, how many retries it took, and whether the attempt budget ran
        out: botocore's retry handlers decide after every attempt, as in boto3."""
        retrier = self._retrier
        context: dict[str, Any] = {"retries": {"attempt": 1, "invocation-id": invocation_id()}}
        attempts = 1
        while True:
            retrier.before_send()
            response: HttpResponse | None = None
            failure: Exception | None = None
            try:
                response = self._attempt(request, context["retries"])
            except Exception as exc:  # botocore's handlers judge which failures are retryable
                failure = exc
            parsed = _parsed_for_retry(response)
            delay = retrier.delay(attempts, response, parsed, failure, context)
            if delay is None:
                break
            retrier.sleep(delay)
            attempts += 1
            context["retries"]["attempt"] = attempts
        if failure is not None:
            raise failure
        assert response is not None
        if response.status_code < 300:
            retrier.after_call(response, context)
        exhausted = bool((parsed or {}).get("ResponseMetadata", {}).get("MaxAttemptsReached"))
        return response, attempts - 1, exhausted

    def _attempt(self, request: HttpRequest, retries: dict[str, Any]) -> HttpResponse:
        """One attempt: signed afresh, so a retry carries a new date and current credentials."""
        events = self._meta.events if self._meta is not None else None
        if events is not None:
            from polly_client.hooks import attempt_request

            request = attempt_request(events, request, self._settings.region_name)
        if self._settings.credentials.signed:
            request = sign(request, _credentials(self._settings), self._settings.region_name)
        # Added after signing, as botocore does: they change per attempt and are not signed.
        headers = dict(request.headers)
        headers["amz-sdk-invocation-id"] = retries["invocation-id"]
        # botocore's header: the attempt, and the budget once its retry handler has set it.
        headers["amz-sdk-request"] = "; ".join(
            f"{key}={retries[key]}" for key in ("attempt", "max") if key in retries
        )
        request = HttpRequest(request.method, request.url, headers, request.body)
        log.debug("%s %s (attempt %d)", request.method, request.url, retries["attempt"])
        supplied = None
        if events is not None:
            from polly_client.hooks import before_send

            request, supplied = before_send(events, request)
        response = supplied if supplied is not None else self._transport.send(request)
        log.debug(
            "HTTP %s, request id %s",
            response.status_code,
            response.headers.get("x-amzn-requestid"),
        )
        return response

    def close(self) -> None:
        """Release the connection pool."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PollyClient(region_name={self.region_name!r}, endpoint_url={self.endpoint_url!r})"


_Sent = tuple[HttpResponse, int, bool]


def _parsed_for_retry(response: HttpResponse | None) -> dict[str, Any] | None:
    """What botocore's handlers read: the error dict for an error, and for a success only a
    place for their metadata (building boto3's whole dict would cost more than the call)."""
    if response is None:
        return None
    if response.status_code >= 300:
        return parse_error(response)
    return {"ResponseMetadata": {}}


def _raise(parsed: dict[str, Any]) -> NoReturn:
    error = parsed.get("Error", {})
    raise error_class(error.get("Code"))(parsed, _OPERATION)  # type: ignore[arg-type]


def invocation_id() -> str:
    """A random (version 4) UUID, as botocore sends in amz-sdk-invocation-id. Formatted here:
    importing the uuid module (with its C helper) costs a cold start about a millisecond."""
    bits = int.from_bytes(os.urandom(16), "big")
    bits = bits & ~(0xF000 << 64 | 0xC000 << 48) | 0x4000 << 64 | 0x8000 << 48
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _credentials(settings: Settings) -> SigningKeys:
    from botocore.exceptions import NoCredentialsError

    credentials = settings.credentials.get()
    if credentials is None:
        raise NoCredentialsError()
    # One consistent key/secret/token triple per request, refreshed first where it expires.
    return credentials.get_frozen_credentials()


def _default_transport(settings: Settings) -> Urllib3Transport:
    import socket

    option = settings.option
    socket_options = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    if option("tcp_keepalive"):
        socket_options.append((socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1))
    return Urllib3Transport(
        verify=settings.verify,
        proxies=option("proxies"),
        timeout=(option("connect_timeout"), option("read_timeout")),
        max_pool_connections=option("max_pool_connections"),
        socket_options=socket_options,
        client_cert=option("client_cert"),
        proxies_config=option("proxies_config"),
    )
