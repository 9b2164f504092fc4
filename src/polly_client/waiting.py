"""Waiters: the installed botocore model's (``voice_active`` where it has it), and one for a
synthesis task to finish, which Polly's model (and so boto3) has no waiter for.

Two ways, both sleeping with the client's ``Runtime`` (so tests never really wait):

- ``client.get_waiter(name)``: botocore's ``Waiter`` interface, built from waiter models in
  botocore's own format (the model's waiters-2 and ``WAITER_MODEL``) and judged by botocore's
  own acceptors, so ``wait(TaskId=..., WaiterConfig={"Delay": 5, "MaxAttempts": 60})`` raises
  ``WaiterError`` with boto3's wording;
- ``client.wait_for_speech_synthesis_task(task_id, timeout=, poll=, on_progress=)``: typed,
  returning the finished ``SynthesisTask``, with a deadline and jittered backoff.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from polly_client.models import SynthesisTask
from polly_client.steps import Call, Sleep

if TYPE_CHECKING:
    from botocore.waiter import SingleWaiterConfig, WaiterModel

    from polly_client.runtime import Runtime
    from polly_client.steps import Steps

__all__ = [
    "WAITER_MODEL",
    "ModelWaiter",
    "SynthesisTaskFailedError",
    "SynthesisTaskTimeoutError",
    "wait_steps",
    "waiter_names",
]

_STATUS = "SynthesisTask.TaskStatus"

WAITER_MODEL: Mapping[str, Any] = {
    "version": 2,
    "waiters": {
        "SpeechSynthesisTaskCompleted": {
            "description": "Wait until a speech synthesis task has completed.",
            "operation": "GetSpeechSynthesisTask",
            "delay": 5,
            "maxAttempts": 120,
            "acceptors": [
                {
                    "state": "success",
                    "matcher": "path",
                    "argument": _STATUS,
                    "expected": "completed",
                },
                {"state": "failure", "matcher": "path", "argument": _STATUS, "expected": "failed"},
            ],
        }
    },
}
"""In botocore's waiters-2 format: ten minutes at five-second intervals by default."""


def _waiter_model() -> WaiterModel:
    """The model's waiters and this project's in one model; where both name a waiter, the
    model's is the one boto3 gives, so it wins. A model in a version botocore cannot read
    raises its WaiterConfigError, as boto3's get_waiter does."""
    from botocore.waiter import WaiterModel

    from polly_client.model import waiter_config

    config = waiter_config()
    waiters = {**WAITER_MODEL["waiters"], **config.get("waiters", {})}
    return WaiterModel(
        {"version": config.get("version", WAITER_MODEL["version"]), "waiters": waiters}
    )


def waiter_names() -> list[str]:
    """boto3's names (sorted by the model's names, as botocore sorts them)."""
    from botocore import xform_name

    return [xform_name(name) for name in _waiter_model().waiter_names]


class ModelWaiter:
    """botocore's ``Waiter``, step for step, waiting with the client's own driver (its sleep,
    and its event loop for ``AsyncPollyClient``, whose ``wait`` is awaited)."""

    def __init__(self, waiter_name: str, run: Callable[[Steps[None]], Any]) -> None:
        from botocore import xform_name

        model = _waiter_model()
        name = next((n for n in model.waiter_names if xform_name(n) == waiter_name), None)
        if name is None:
            raise ValueError(f"Waiter does not exist: {waiter_name}")  # botocore's words
        self.name = name
        self.config: SingleWaiterConfig = model.get_waiter(name)
        self._operation = xform_name(self.config.operation)
        self._run = run

    def wait(self, **kwargs: Any) -> Any:
        """None once a success acceptor matches (a coroutine of that for the async client);
        ``WaiterError`` with botocore's reasons otherwise."""
        return self._run(self._steps(kwargs))

    def _steps(self, kwargs: dict[str, Any]) -> Steps[None]:
        from botocore.exceptions import WaiterError
        from botocore.waiter import is_valid_waiter_error

        settings = kwargs.pop("WaiterConfig", {})
        delay = settings.get("Delay", self.config.delay)
        max_attempts = settings.get("MaxAttempts", self.config.max_attempts)
        acceptors = list(self.config.acceptors)
        state, matched, attempts = "waiting", None, 0
        while True:
            response = yield from _response(self._operation, kwargs)
            attempts += 1
            acceptor = next((a for a in acceptors if a.matcher_func(response)), None)
            if acceptor is not None:
                state, matched = acceptor.state, acceptor
            elif is_valid_waiter_error(response):
                error = response["Error"]
                reason = (
                    f"An error occurred ({error.get('Code', 'Unknown')}): "
                    f"{error.get('Message', 'Unknown')}"
                )
                raise WaiterError(name=self.name, reason=reason, last_response=response)
            if state == "success":
                return
            if state == "failure":
                assert matched is not None
                reason = f"Waiter encountered a terminal failure state: {matched.explanation}"
                raise WaiterError(name=self.name, reason=reason, last_response=response)
            if attempts >= max_attempts:
                reason = "Max attempts exceeded"
                if matched is not None:
                    # botocore explains with its loop variable: this attempt's match, or else
                    # the last acceptor, not the one matched before.
                    explained = acceptor or acceptors[-1]
                    reason += f". Previously accepted state: {explained.explanation}"
                raise WaiterError(name=self.name, reason=reason, last_response=response)
            yield Sleep(delay)


def _response(method_name: str, kwargs: dict[str, Any]) -> Steps[Any]:
    """boto3's dict for the call, or the error's response dict, as botocore's waiters see them."""
    from botocore.exceptions import ClientError

    try:
        result = yield Call(method_name, dict(kwargs))
    except ClientError as exc:
        return exc.response
    return result


class SynthesisTaskFailedError(Exception):
    """The task ended in ``failed``; ``reason`` is the service's ``TaskStatusReason``."""

    def __init__(self, task: SynthesisTask) -> None:
        self.task = task
        self.reason = task.task_status_reason
        super().__init__(
            f"Speech synthesis task {task.task_id} failed: {self.reason or 'no reason given'}"
        )


class SynthesisTaskTimeoutError(TimeoutError):
    """The task had not finished by the deadline; ``task`` is how it was last seen."""

    def __init__(self, task: SynthesisTask, timeout: float) -> None:
        self.task = task
        super().__init__(
            f"Speech synthesis task {task.task_id} still {task.task_status} after {timeout:g} s"
        )


MAX_POLL_SECONDS = 30.0
"""Polls grow by half each time up to this, so a long task costs few calls and a short one is
seen soon after it finishes."""


def wait_steps(
    task_id: str,
    runtime: Runtime,
    *,
    timeout: float,
    poll: float,
    on_progress: Callable[[SynthesisTask], None] | None,
) -> Steps[SynthesisTask]:
    """Poll until the task is completed (returned) or failed (``SynthesisTaskFailedError``), or
    ``timeout`` seconds pass (``SynthesisTaskTimeoutError``). Each wait is ``poll`` growing by
    half up to ``MAX_POLL_SECONDS``, jittered into its upper half so that many waiters started
    together spread out, and never past the deadline. As steps (``polly_client.steps``), so the
    sync and async clients wait alike."""
    for name, value in (("timeout", timeout), ("poll", poll)):
        if not (value > 0 and math.isfinite(value)):
            raise ValueError(f"{name} must be a finite number of seconds above 0, not {value!r}")
    from polly_client.enums import TaskStatus

    started = runtime.now()
    delay = poll
    while True:
        response = yield Call("get_speech_synthesis_task", {"TaskId": task_id})
        task = response.synthesis_task or SynthesisTask(task_id=task_id)
        if on_progress is not None:
            on_progress(task)
        if task.task_status == TaskStatus.COMPLETED:
            return task
        if task.task_status == TaskStatus.FAILED:
            raise SynthesisTaskFailedError(task)
        left = timeout - _seconds_since(started, runtime.now())
        if left <= 0:
            raise SynthesisTaskTimeoutError(task, timeout)
        yield Sleep(min(left, delay * (0.5 + runtime.random() / 2)))
        delay = min(delay * 1.5, max(poll, MAX_POLL_SECONDS))


def _seconds_since(start: datetime, now: datetime) -> float:
    return (now - start).total_seconds()
