"""The I/O a call needs, as values, and the two drivers that perform it.

The pipeline (and the paginators and waiters over it) are generators that yield a step and are
resumed with its outcome: ``Send`` with the response (or the transport's exception thrown in),
``Sleep`` and ``Blocking`` with their results. Every decision lives in those generators; a
driver only performs steps, so ``run`` (threads) and ``run_async`` (asyncio) take the same path
by construction, in the manner of h11 and httpcore's sans-I/O cores.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from polly_client.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from typing import TypeAlias

__all__ = ["Blocking", "Call", "Send", "Sleep", "Step", "Steps", "run", "run_async"]

_T = TypeVar("_T")


class Send(NamedTuple):
    """Send the request; resumed with the response."""

    request: HttpRequest


class Sleep(NamedTuple):
    """Wait this many seconds before the next attempt or poll."""

    seconds: float


class Call(NamedTuple):
    """Call one of the client's operations (what paginators and waiters are made of); resumed
    with its result."""

    method_name: str
    params: dict[str, Any]


class Blocking(NamedTuple):
    """Work that may block on files or the network (resolving or refreshing credentials): the
    async driver runs it in a thread so the event loop never waits on it."""

    function: Callable[[], Any]


Step: TypeAlias = "Send | Sleep | Call | Blocking"
Steps: TypeAlias = "Generator[Step, Any, _T]"


def run(
    steps: Generator[Step, Any, _T],
    send: Callable[[HttpRequest], HttpResponse],
    sleep: Callable[[float], None],
    call: Callable[[str, dict[str, Any]], Any] | None = None,
) -> _T:
    """Perform each step in this thread."""
    value: Any = None
    error: Exception | None = None
    with contextlib.closing(steps):  # an interrupted call leaves no suspended generator
        while True:
            try:
                step = steps.send(value) if error is None else steps.throw(error)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            value, error = None, None
            try:
                if type(step) is Send:
                    value = send(step.request)
                elif type(step) is Sleep:
                    sleep(step.seconds)
                elif type(step) is Call:
                    assert call is not None
                    value = call(step.method_name, step.params)
                else:
                    value = step.function()  # type: ignore[union-attr]
            except Exception as exc:  # handed to the generator, which decides what it means
                error = exc


async def run_async(
    steps: Generator[Step, Any, _T],
    send: Callable[[HttpRequest], Awaitable[HttpResponse]],
    sleep: Callable[[float], Awaitable[None]],
    call: Callable[[str, dict[str, Any]], Awaitable[Any]] | None = None,
) -> _T:
    """Perform each step on the event loop; blocking work in the default executor."""
    import asyncio

    value: Any = None
    error: Exception | None = None
    with contextlib.closing(steps):  # a cancelled call leaves no suspended generator
        while True:
            try:
                step = steps.send(value) if error is None else steps.throw(error)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            value, error = None, None
            try:
                if type(step) is Send:
                    value = await send(step.request)
                elif type(step) is Sleep:
                    await sleep(step.seconds)
                elif type(step) is Call:
                    assert call is not None
                    value = await call(step.method_name, step.params)
                else:
                    value = await asyncio.to_thread(step.function)  # type: ignore[union-attr]
            except Exception as exc:  # handed to the generator, which decides what it means
                error = exc
