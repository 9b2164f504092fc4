"""Retry decisions, made by botocore's own handlers (legacy, standard, adaptive): the same
retryable errors, attempt limits, backoff, retry quota and client-side rate limiting as boto3,
and the same ``MaxAttemptsReached`` marks.

A ``RetryStrategy`` decides and never sleeps, in the manner of smithy-python's: the call loop
takes a token per call, asks after every attempt whether and when to try again, sleeps with the
client's own sleep, and reports the success. botocore's handlers are built at a client's first
failure (adaptive mode: its first call), one set per client, as in botocore.
"""

from __future__ import annotations

import threading
from typing import Any, NamedTuple

from polly_client.adapters import (
    RetryOperation,
    StatusOnly,
    adaptive_rate_limiter,
    legacy_retry_handler,
    standard_retry_handler,
)
from polly_client.http import HttpResponse

__all__ = ["Attempt", "RetryDecision", "RetryStrategy", "RetryToken"]

_MODES = ("legacy", "standard", "adaptive")


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


class RetryToken:
    """One call's retry state: its attempt number and botocore's request context, which the
    handlers read and write (the attempt budget, the quota they took)."""

    __slots__ = ("attempt", "context", "operation")

    def __init__(self, invocation_id: str, operation_name: str) -> None:
        self.attempt = 1
        self.operation = RetryOperation(operation_name)
        self.context: dict[str, Any] = {"retries": {"attempt": 1, "invocation-id": invocation_id}}

    @property
    def invocation_id(self) -> str:
        value: str = self.context["retries"]["invocation-id"]
        return value

    def request_header(self) -> str:
        """botocore's amz-sdk-request: the attempt, and the budget once a handler has set it."""
        retries = self.context["retries"]
        return "; ".join(f"{key}={retries[key]}" for key in ("attempt", "max") if key in retries)


class RetryStrategy:
    def __init__(self, mode: str, total_max_attempts: int | None) -> None:
        if mode not in _MODES:
            from botocore.exceptions import InvalidRetryModeError

            raise InvalidRetryModeError(provided_retry_mode=mode, valid_modes=_MODES)
        self.mode = mode
        self.total_max_attempts = total_max_attempts
        self._lock = threading.Lock()
        self._handler: Any = None
        self._quota: Any = None
        self._limiter: Any = None

    def acquire_initial_retry_token(self, invocation_id: str, operation_name: str) -> RetryToken:
        return RetryToken(invocation_id, operation_name)

    def before_attempt(self) -> None:
        """Adaptive mode waits here for its token bucket, as botocore does before each send."""
        if self.mode == "adaptive":
            self._build_handlers()
            self._limiter.on_sending_request(request=None)

    def refresh_retry_token_for_retry(self, token: RetryToken, attempt: Attempt) -> RetryDecision:
        """Asked after every attempt, a success too: botocore marks a success on the last
        attempt MaxAttemptsReached, and adaptive mode's rate limiter sees every response. On a
        retry the token moves to the next attempt."""
        if self._handler is None and self._handler_would_stop(token.attempt, attempt):
            return RetryDecision(None, False)
        self._build_handlers()
        # botocore's handlers write their verdict into the parsed response's metadata.
        metadata: dict[str, Any] = {}
        response = attempt.response
        kwargs: dict[str, Any] = {
            "response": None
            if response is None
            else (StatusOnly(response), {**(attempt.error or {}), "ResponseMetadata": metadata}),
            "attempts": token.attempt,
            "caught_exception": attempt.exception,
            "operation": token.operation,
            "request_dict": {"context": token.context},
            "endpoint": None,
        }
        if self._limiter is not None:
            self._limiter.on_receiving_response(**kwargs)
        delay: float | None = self._handler(**kwargs)
        if delay is not None:
            token.attempt += 1
            token.context["retries"]["attempt"] = token.attempt
        return RetryDecision(delay, bool(metadata.get("MaxAttemptsReached")))

    def record_success(self, token: RetryToken, response: HttpResponse) -> None:
        """Standard and adaptive modes give back retry quota on success."""
        if self._quota is not None:
            self._quota.release_retry_quota(token.context, StatusOnly(response))

    def _handler_would_stop(self, number: int, attempt: Attempt) -> bool:
        """Whether a handler not yet built could only answer "stop" and change nothing: a
        success with attempts to spare. Until a client's first failure its handler would be in
        its initial state (the retry quota full, so refunds are capped away); a success on the
        last attempt is marked MaxAttemptsReached by botocore, so it goes to the handler.
        Adaptive mode builds its handler up front: its rate limiter sees every response."""
        total = self.total_max_attempts
        return (
            attempt.exception is None
            and attempt.response is not None
            and attempt.response.status_code < 300
            and (total is None or number < total)
        )

    def _build_handlers(self) -> None:
        with self._lock:
            if self._handler is None:
                if self.mode == "legacy":
                    self._handler = legacy_retry_handler(self.total_max_attempts)
                else:
                    self._handler, self._quota = standard_retry_handler(self.total_max_attempts)
                if self.mode == "adaptive":
                    self._limiter = adaptive_rate_limiter()
