"""Retry decisions, made by botocore's own handlers (legacy, standard, adaptive), registered by
botocore's own functions: the same retryable errors, attempt budget, backoff, retry quota,
client-side rate limiting, ``amz-sdk-request`` budget and ``MaxAttemptsReached`` marks as boto3.

A ``RetryStrategy`` decides and never sleeps, in the manner of smithy-python's: the call loop
takes a token per call, tells the strategy as each attempt starts, asks after every attempt
whether and when to try again, sleeps with the client's own sleep, and reports the success.
botocore's handlers are made once per client, as in botocore, at its first call (legacy mode:
at its first failure, as nothing of legacy mode acts before one) or when ``client.meta`` is
made. Until then they live on a private event emitter; once ``client.meta`` exists they are on
its ``events`` too, under botocore's unique_ids, and a call with those events (``CallHooks``)
asks them there, beside the user's handlers, as boto3 does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol

from polly_client.adapters import (
    RequestContext,
    RetryHandlers,
    RetryOperation,
    StatusOnly,
    false_stops_retries,
    register_retry_handlers,
    retry_events,
    retry_handlers,
)
from polly_client.http import HttpResponse
from polly_client.model import SERVICE_NAME

__all__ = ["Attempt", "CallHooks", "RetryDecision", "RetryStrategy", "RetryToken"]

_MODES = ("legacy", "standard", "adaptive")

log = logging.getLogger(__name__)


class Attempt(NamedTuple):
    """What one attempt gave: a response (with its error dict if it is an error), or the
    exception sending raised."""

    response: HttpResponse | None
    error: dict[str, Any] | None
    exception: Exception | None


class RetryDecision(NamedTuple):
    delay: float | None
    """Seconds to wait before the next attempt; None: stop here."""
    max_attempts_reached: bool


class CallHooks(Protocol):
    """A call's events on ``client.meta.events`` (``polly_client.meta.CallEvents``)."""

    @property
    def context(self) -> dict[str, Any]:
        """The call's botocore context, which its request-created, before-sign, before-send
        and after-call handlers see."""

    def needs_retry(
        self,
        attempts: int,
        response: HttpResponse | None,
        parsed: dict[str, Any] | None,
        exception: Exception | None,
    ) -> Any:
        """The first answer of the needs-retry handlers, as botocore's endpoint takes it."""


class RetryToken:
    """One call's retry state: its attempt number and botocore's request context, which the
    handlers read and write (the attempt budget, the quota they took): the call's own where it
    has events (``hooks``), as in boto3."""

    __slots__ = ("attempt", "context", "hooks", "operation")

    def __init__(self, invocation_id: str, operation_name: str, hooks: CallHooks | None) -> None:
        self.attempt = 1
        self.operation = RetryOperation(operation_name)
        self.hooks = hooks
        self.context: dict[str, Any] = {} if hooks is None else hooks.context
        self.context["retries"] = {"attempt": 1, "invocation-id": invocation_id}

    @property
    def invocation_id(self) -> str:
        value: str = self.context["retries"]["invocation-id"]
        return value

    def request_header(self) -> str:
        """botocore's amz-sdk-request: when the answer is due (from the second attempt on), the
        attempt, and the budget once a handler has set it."""
        retries = self.context["retries"]
        return "; ".join(
            f"{key}={retries[key]}" for key in ("ttl", "attempt", "max") if key in retries
        )

    def next_attempt(self, response: HttpResponse | None, read_timeout: float) -> None:
        """Move on to the next attempt. After a response with a Date, the next one is due
        ``read_timeout`` seconds after the server's time, as botocore's endpoint reckons it."""
        self.attempt += 1
        retries = self.context["retries"]
        retries["attempt"] = self.attempt
        date = None if response is None else response.headers.get("date")
        if date:
            try:
                server_time = datetime.strptime(date, "%a, %d %b %Y %H:%M:%S %Z")
            except ValueError:
                return  # botocore, too, sends no ttl for a Date it cannot read
            due = server_time + timedelta(seconds=read_timeout)
            retries["ttl"] = due.strftime("%Y%m%dT%H%M%SZ")


class RetryStrategy:
    def __init__(
        self,
        mode: str,
        total_max_attempts: int | None,
        jitter: Callable[[], float],
        read_timeout: float,
    ) -> None:
        if mode not in _MODES:
            from botocore.exceptions import InvalidRetryModeError

            raise InvalidRetryModeError(provided_retry_mode=mode, valid_modes=_MODES)
        self.mode = mode
        self.total_max_attempts = total_max_attempts
        self._jitter = jitter
        self._read_timeout = read_timeout
        self._lock = threading.Lock()
        self._handlers: RetryHandlers | None = None
        self._events: Any = None

    def acquire_initial_retry_token(
        self, invocation_id: str, operation_name: str, hooks: CallHooks | None
    ) -> RetryToken:
        return RetryToken(invocation_id, operation_name, hooks)

    def register_on(self, events: Any) -> None:
        """Put the handlers on ``client.meta.events`` as botocore's client creation does, after
        the events registered so far and before any the user adds (who may unregister them)."""
        register_retry_handlers(events, self._retry_handlers())

    def before_attempt(self, token: RetryToken) -> None:
        """What botocore's handlers do as an attempt starts: standard mode records the attempt
        budget in the request context (newer botocore), adaptive mode waits for its token
        bucket (inside botocore, with botocore's clock). A call with hooks has them do so in its
        own request-created and before-send."""
        if self.mode == "legacy" and self._events is None:
            return
        events = self._retry_events()
        suffix = f"{SERVICE_NAME}.{token.operation.name}"
        events.emit(f"request-created.{suffix}", request=RequestContext(token.context))
        events.emit(f"before-send.{suffix}", request=None)

    def refresh_retry_token_for_retry(self, token: RetryToken, attempt: Attempt) -> RetryDecision:
        """Asked after every attempt, a success too: botocore marks a success on the last
        attempt MaxAttemptsReached, and adaptive mode's rate limiter sees every response. On a
        retry the token moves to the next attempt. With hooks every attempt goes to the
        handlers, as a user's may retry what botocore's would not."""
        if token.hooks is None and self._handlers_would_stop(token, attempt):
            return RetryDecision(None, False)
        # botocore's handlers write their verdict into the parsed response's metadata, which
        # holds what botocore's parser put there before retries are counted.
        response = attempt.response
        metadata = {} if response is None else _metadata_before_retries(response, attempt.error)
        parsed = (
            None if response is None else {**(attempt.error or {}), "ResponseMetadata": metadata}
        )
        if token.hooks is None:
            delay = self._needs_retry(token, attempt, parsed)
        else:
            delay = token.hooks.needs_retry(token.attempt, response, parsed, attempt.exception)
        if delay is False and false_stops_retries():
            delay = None
        decision = RetryDecision(delay, bool(metadata.get("MaxAttemptsReached")))
        if log.isEnabledFor(logging.DEBUG):
            _log_decision(token, attempt, decision)
        if delay is not None:
            token.next_attempt(response, self._read_timeout)
        return decision

    def record_success(self, token: RetryToken, response: HttpResponse) -> None:
        """Standard and adaptive modes give back retry quota on success (with hooks, in the
        call's own after-call)."""
        if token.hooks is None and self._events is not None:
            self._events.emit(
                f"after-call.{SERVICE_NAME}.{token.operation.name}",
                http_response=StatusOnly(response),
                parsed={},
                model=token.operation,
                context=token.context,
            )

    def _handlers_would_stop(self, token: RetryToken, attempt: Attempt) -> bool:
        """Whether the handlers could only answer "stop" and change nothing: a success with
        attempts to spare (a success on the last attempt is marked MaxAttemptsReached, so it
        goes to them). Adaptive mode's rate limiter sees every response."""
        response = attempt.response
        if self.mode == "adaptive" or response is None or response.status_code >= 300:
            return False
        # The budget as configured, or as a handler recorded it in the request context.
        budget = self.total_max_attempts or token.context["retries"].get("max")
        if budget is None:
            # Unknown: only handlers not built yet are sure to have nothing to say.
            return self._events is None
        return bool(token.attempt < budget)

    def _needs_retry(
        self, token: RetryToken, attempt: Attempt, parsed: dict[str, Any] | None
    ) -> Any:
        """The first answer of the private emitter's handlers; every handler hears the
        attempt, as from botocore's endpoint (adaptive mode's rate limiter after the retry
        handler has answered)."""
        response = attempt.response
        responses = self._retry_events().emit(
            f"needs-retry.{SERVICE_NAME}.{token.operation.name}",
            response=None if response is None else (StatusOnly(response), parsed),
            endpoint=None,
            operation=token.operation,
            attempts=token.attempt,
            caught_exception=attempt.exception,
            request_dict={"context": token.context},
        )
        return next((answer for _, answer in responses if answer is not None), None)

    def _retry_handlers(self) -> RetryHandlers:
        with self._lock:
            if self._handlers is None:
                self._handlers = retry_handlers(self.mode, self.total_max_attempts, self._jitter)
            return self._handlers

    def _retry_events(self) -> Any:
        handlers = self._retry_handlers()
        with self._lock:
            if self._events is None:
                self._events = retry_events(handlers)
            return self._events


def _log_decision(token: RetryToken, attempt: Attempt, decision: RetryDecision) -> None:
    """What the handlers decided after an attempt, and on what: the exception as the caller would
    get it, or the status and error code. A success with attempts to spare never reaches the
    handlers, so there is no decision to log (the pipeline's response line shows it)."""
    if attempt.exception is not None:
        happened = f"{type(attempt.exception).__name__}: {attempt.exception}"
    else:
        assert attempt.response is not None
        code = (attempt.error or {}).get("Error", {}).get("Code")
        happened = f"HTTP {attempt.response.status_code}" + (f" {code}" if code else "")
    if decision.delay is not None:
        verdict = f"retrying after a delay of {decision.delay} seconds"
    else:
        verdict = "not retrying" + (
            " (max attempts reached)" if decision.max_attempts_reached else ""
        )
    log.debug("%s attempt %d: %s; %s", token.operation.name, token.attempt, happened, verdict)


def _metadata_before_retries(
    response: HttpResponse, error: dict[str, Any] | None
) -> dict[str, Any]:
    """An attempt's ``ResponseMetadata`` as botocore's parser gives it to the retry handlers: an
    error's own, a success's without ``RetryAttempts`` (which only the end of a call knows)."""
    if error is not None:
        return dict(error.get("ResponseMetadata") or {})
    from polly_client.metadata import success_metadata

    metadata: dict[str, Any] = dict(success_metadata(response, 0, False).to_dict())
    del metadata["RetryAttempts"]
    return metadata
