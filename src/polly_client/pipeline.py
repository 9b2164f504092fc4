"""The one path every call of every operation takes:

    params -> (provide-client-params, before-parameter-build) -> validate -> serialize
    -> (before-call: a supplied response ends the call here)
    -> per attempt: (request-created: before-sign -> sign) -> (before-send) -> send
       -> retry decision -> sleep
    -> parse -> (after-call) -> the result, or the error class of the code raised

Building, signing, deciding and parsing are functions of their inputs; the clock and
randomness come from the client's ``Runtime``, and the events from ``NO_EVENTS`` unless someone
has read ``client.meta`` or another package (moto) has added botocore built-in handlers.
Sending and sleeping are steps the path yields (``polly_client.steps``): the sync client
performs them in its thread, the async client on its event loop.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from polly_client.errors import error_class
from polly_client.http import HttpRequest, HttpResponse
from polly_client.metadata import add_retries
from polly_client.parse import error_before_retries
from polly_client.retries import Attempt, RetryStrategy, RetryToken
from polly_client.runtime import Runtime, invocation_id
from polly_client.steps import Blocking, Send, Sleep, Steps
from polly_client.transport import loggable_headers

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

    from polly_client.events import Events
    from polly_client.operations import Operation
    from polly_client.settings import Settings
    from polly_client.signing import SigningKeys

__all__ = ["Pipeline"]

log = logging.getLogger(__name__)


class Pipeline:
    """A client's settings, retry strategy and runtime, and the call path over them, as steps
    (``polly_client.steps``) that the sync or async client's driver performs."""

    def __init__(self, settings: Settings, retries: RetryStrategy, runtime: Runtime) -> None:
        self._settings = settings
        self._retries = retries
        self._runtime = runtime
        self._headers = {"User-Agent": settings.user_agent}

    def steps(self, operation: Operation, params: dict[str, Any], events: Events) -> Steps[Any]:
        """The call as steps for a driver (``polly_client.steps``): its result is the call's."""
        params = events.params(params)
        if self._settings.parameter_validation:
            operation.validate(operation, params)
        request = operation.serialize(operation, self._settings.endpoint_url, params, self._headers)
        request, supplied = events.before_call(request)
        if supplied is not None:
            return _supplied_result(operation, request.url, supplied, events)
        try:
            attempt, retries, exhausted = yield from self._send(operation, request, events)
            response = attempt.response
            assert response is not None  # _send raises what sending raised
            error = attempt.error
            outcome = (
                operation.parse(response, retries, exhausted)
                if error is None
                else add_retries(error, retries, exhausted)
            )
        except Exception as exc:
            events.after_call_error(exc)
            raise
        events.after_call(request.url, response, outcome)
        if error is not None:
            raise _error(outcome, operation)
        return outcome

    def _send(
        self, operation: Operation, request: HttpRequest, events: Events
    ) -> Steps[tuple[Attempt, int, bool]]:
        """The last attempt, how many retries came before it, and whether the attempt budget
        ran out. botocore's handlers decide after every attempt, as in boto3."""
        strategy = self._retries
        token = strategy.acquire_initial_retry_token(
            invocation_id(self._runtime.random_bytes), operation.name, events.retry_hooks
        )
        while True:
            if token.hooks is None:  # with hooks, the call's own events reach the handlers
                if strategy.mode == "adaptive":
                    # Its rate limiter may wait, inside botocore, for its token bucket.
                    yield Blocking(functools.partial(strategy.before_attempt, token))
                else:
                    strategy.before_attempt(token)
            attempt = yield from self._attempt(request, token, events)
            decision = strategy.refresh_retry_token_for_retry(token, attempt)
            if decision.delay is None:
                break
            yield Sleep(decision.delay)
        if attempt.exception is not None:
            raise attempt.exception
        if attempt.error is None:
            assert attempt.response is not None
            strategy.record_success(token, attempt.response)
        return attempt, token.attempt - 1, decision.max_attempts_reached

    def _attempt(self, request: HttpRequest, token: RetryToken, events: Events) -> Steps[Attempt]:
        """One attempt, signed afresh: a retry carries a new date and current credentials."""
        try:
            response = yield from self._exchange(request, token, events)
        except Exception as exc:  # botocore's handlers judge which failures are retryable
            return Attempt(None, None, exc)
        error = error_before_retries(response) if response.status_code >= 300 else None
        return Attempt(response, error, None)

    def _exchange(
        self, request: HttpRequest, token: RetryToken, events: Events
    ) -> Steps[HttpResponse]:
        settings = self._settings
        credentials = settings.credentials
        if credentials.signed:
            keys = (yield Blocking(self._keys)) if credentials.may_block else self._keys()
            request = events.signed(request, keys, settings.region_name, self._runtime.now())
        else:
            request = events.unsigned(request, settings.region_name)
        # Added after signing, as botocore does: they change per attempt and are not signed.
        headers = dict(request.headers)
        headers["amz-sdk-invocation-id"] = token.invocation_id
        headers["amz-sdk-request"] = token.request_header()
        request = HttpRequest(request.method, request.url, headers, request.body, request.stream)
        debug = log.isEnabledFor(logging.DEBUG)
        if debug:
            log.debug(
                "Sending http request: %s %s (attempt %d), headers: %s",
                request.method,
                request.url,
                token.attempt,
                loggable_headers(request.headers),
            )
        request, supplied = events.before_send(request)
        response = supplied if supplied is not None else (yield Send(request))
        if debug:
            log.debug(
                "Response: HTTP %d (attempt %d), headers: %s",
                response.status_code,
                token.attempt,
                response.headers,
            )
        return response

    def _keys(self) -> SigningKeys | None:
        """One consistent key/secret/token triple per request, refreshed first where it
        expires; None where there are no credentials, which botocore's signer refuses."""
        credentials = self._settings.credentials.get()
        return None if credentials is None else credentials.get_frozen_credentials()


def _supplied_result(
    operation: Operation,
    url: str,
    supplied: tuple[HttpResponse, dict[str, Any]],
    events: Events,
) -> Any:
    """A before-call handler's (Stubber's) response, in place of every attempt."""
    http_response, parsed = supplied
    if http_response.status_code >= 300:
        events.after_call(url, http_response, parsed)
        raise _error(parsed, operation)
    from polly_client.supplied import as_parsed

    result = operation.from_dict(parsed, as_parsed(operation.name, parsed), http_response)
    # Handlers change the result itself, which is what the caller reads.
    events.after_call(url, http_response, result)
    return result


def _error(parsed: dict[str, Any], operation: Operation) -> ClientError:
    code = parsed.get("Error", {}).get("Code")
    return error_class(code)(parsed, operation.name)  # type: ignore[arg-type]
