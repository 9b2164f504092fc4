"""Retries decided by botocore's own handlers (legacy, standard, adaptive): the same retryable
errors, attempt limits, backoff, retry quota and client-side rate limiting as boto3, and the same
``MaxAttemptsReached`` marks. Loaded at a client's first failure (adaptive mode: its first
call), one set per client, as in botocore."""

from __future__ import annotations

import threading
import time
from typing import Any

from polly_client.http import HttpResponse

__all__ = ["Retrier"]

_MODES = ("legacy", "standard", "adaptive")
_ENDPOINT_PREFIX = "polly"
# botocore sleeps with time.sleep between attempts; tests replace this to never wait.
_sleep = time.sleep


class Retrier:
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

    def _ready(self) -> None:
        with self._lock:
            if self._handler is None:
                if self.mode == "legacy":
                    self._handler = _legacy_handler(self.total_max_attempts)
                else:
                    self._handler, self._quota = _standard_handler(self.total_max_attempts)
                if self.mode == "adaptive":
                    self._limiter = _rate_limiter()

    def before_send(self) -> None:
        """Adaptive mode waits here for its token bucket, as botocore does before each send."""
        if self.mode == "adaptive":
            self._ready()
            self._limiter.on_sending_request(request=None)

    def delay(
        self,
        attempts: int,
        response: HttpResponse | None,
        parsed: dict[str, Any] | None,
        exception: Exception | None,
        context: dict[str, Any],
    ) -> float | None:
        """Seconds to wait before another attempt, or None: stop. ``parsed`` receives botocore's
        retry metadata (MaxAttemptsReached)."""
        if self._handler is None and _settled(
            attempts, response, exception, self.total_max_attempts
        ):
            return None
        self._ready()
        kwargs: dict[str, Any] = {
            "response": None if response is None else (_StatusOnly(response), parsed),
            "attempts": attempts,
            "caught_exception": exception,
            "operation": _OPERATION,
            "request_dict": {"context": context},
            "endpoint": None,
        }
        if self._limiter is not None:
            self._limiter.on_receiving_response(**kwargs)
        result: float | None = self._handler(**kwargs)
        return result

    def after_call(self, response: HttpResponse, context: dict[str, Any]) -> None:
        """Standard and adaptive modes give back retry quota on success."""
        if self._quota is not None:
            self._quota.release_retry_quota(context, _StatusOnly(response))

    def sleep(self, seconds: float) -> None:
        _sleep(seconds)


def _settled(
    attempts: int,
    response: HttpResponse | None,
    exception: Exception | None,
    total_max_attempts: int | None,
) -> bool:
    """Whether a handler not yet built could only answer "stop" and change nothing: a success
    with attempts to spare. Until a client's first failure its handler would be in its initial
    state (the retry quota full, so refunds are capped away); a success on the last attempt is
    marked MaxAttemptsReached by botocore, so it goes to the handler. Adaptive mode builds its
    handler up front: its rate limiter sees every response."""
    return (
        exception is None
        and response is not None
        and response.status_code < 300
        and (total_max_attempts is None or attempts < total_max_attempts)
    )


class _Service:
    service_name = _ENDPOINT_PREFIX


class _Operation:
    """What botocore's retry checkers read of the operation model, without loading the model.
    ListSpeechSynthesisTasks' modelled errors carry no "retryable" trait, so an empty
    ``error_shapes`` decides the same (tests/test_retries.py checks the real model)."""

    name = "ListSpeechSynthesisTasks"
    service_model = _Service()
    error_shapes: tuple[object, ...] = ()


_OPERATION = _Operation()


class _StatusOnly:
    """The part of botocore's AWSResponse its retry handlers read."""

    def __init__(self, response: HttpResponse) -> None:
        self.status_code = response.status_code
        self.headers = response.headers


def _legacy_handler(total_max_attempts: int | None) -> Any:
    from botocore import retryhandler, translate
    from botocore.loaders import Loader

    original = Loader().load_data("_retry")
    client_config = None if total_max_attempts is None else {"max_attempts": total_max_attempts - 1}
    config = translate.build_retry_config(
        _ENDPOINT_PREFIX,
        original.get("retry", {}),
        original.get("definitions", {}),
        client_config,
    )
    return retryhandler.create_retry_handler(config, _ENDPOINT_PREFIX)


def _standard_handler(total_max_attempts: int | None) -> tuple[Any, Any]:
    from botocore.retries import quota, standard

    retry_quota = standard.RetryQuotaChecker(quota.RetryQuota())
    conditions = (
        standard.StandardRetryConditions()
        if total_max_attempts is None
        else standard.StandardRetryConditions(max_attempts=total_max_attempts)
    )
    handler = standard.RetryHandler(
        retry_policy=standard.RetryPolicy(
            retry_checker=conditions, retry_backoff=standard.ExponentialBackoff()
        ),
        retry_event_adapter=standard.RetryEventAdapter(),
        retry_quota=retry_quota,  # type: ignore[arg-type]  # as botocore passes it; stubs differ
    )
    return handler.needs_retry, retry_quota


def _rate_limiter() -> Any:
    from botocore.retries import adaptive, bucket, standard, throttling

    clock = bucket.Clock()
    return adaptive.ClientRateLimiter(
        rate_adjustor=throttling.CubicCalculator(
            starting_max_rate=0, start_time=clock.current_time()
        ),
        rate_clocker=adaptive.RateClocker(clock),
        token_bucket=bucket.TokenBucket(max_rate=1, clock=clock),
        throttling_detector=standard.ThrottlingErrorDetector(
            retry_event_adapter=standard.RetryEventAdapter()
        ),
        clock=clock,
    )
