"""``AsyncPollyClient``: the same client on asyncio (``pip install polly-client[async]``).

It shares everything with ``PollyClient`` but sending and sleeping: the same settings, retries,
validation, events, typed results and errors, because every call is the one pipeline's steps
(``polly_client.steps``), here performed by ``run_async`` over an aiohttp transport. Use it as
aiobotocore's clients are used (``async with AsyncPollyClient(...) as client:``) or keep one for
the life of the application and ``await client.close()`` at the end.

Nothing blocks the event loop: given a region and keys, construction reads only the
environment; credentials from botocore's chain are resolved and refreshed in a worker thread;
``await AsyncPollyClient.create(...)`` builds a client whose region or profile must be read from
the shared config files in a worker thread too.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from polly_client.client_core import ClientCore
from polly_client.operations import (
    GET_SPEECH_SYNTHESIS_TASK,
    LIST_SPEECH_SYNTHESIS_TASKS,
    START_SPEECH_SYNTHESIS_TASK,
    Operation,
)
from polly_client.steps import Steps, run_async

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
    from types import TracebackType

    from typing_extensions import Self, Unpack

    from polly_client.aio_transport import AsyncStreamingBody, AsyncTransport
    from polly_client.models import (
        GetSpeechSynthesisTaskRequest,
        ListSpeechSynthesisTasksRequest,
        ListSpeechSynthesisTasksResponse,
        StartSpeechSynthesisTaskRequest,
        SynthesisTask,
        SynthesisTaskResponse,
        TaskStatus,
    )
    from polly_client.paginate import AsyncListSpeechSynthesisTasksPaginator, AsyncPaginator
    from polly_client.presign import SynthesizeSpeechRequest
    from polly_client.results import (
        DescribeVoicesRequest,
        DescribeVoicesResponse,
        GetLexiconResponse,
        LexiconNameRequest,
        ListLexiconsRequest,
        ListLexiconsResponse,
        ModelResponse,
        PutLexiconRequest,
        SynthesizeSpeechResponse,
    )

__all__ = ["AsyncPollyClient"]

_T = TypeVar("_T")


class AsyncPollyClient(ClientCore["AsyncTransport"]):
    """``PollyClient``'s constructor arguments and operations, awaited."""

    _credentials_at_construction = False

    def _default_transport(self) -> AsyncTransport:
        from polly_client.aio_transport import AiohttpTransport

        return AiohttpTransport(self._settings)

    @classmethod
    async def create(cls, **kwargs: Any) -> Self:
        """The client, constructed in a worker thread: for anything read from the shared config
        files (a region, a profile's settings, credentials from the chain)."""
        return await asyncio.to_thread(lambda: cls(**kwargs))

    async def list_speech_synthesis_tasks(
        self, **kwargs: Unpack[ListSpeechSynthesisTasksRequest]
    ) -> ListSpeechSynthesisTasksResponse:
        """``PollyClient.list_speech_synthesis_tasks``, awaited."""
        result: ListSpeechSynthesisTasksResponse = await self._call(
            LIST_SPEECH_SYNTHESIS_TASKS, kwargs
        )
        return result

    async def start_speech_synthesis_task(
        self, **kwargs: Unpack[StartSpeechSynthesisTaskRequest]
    ) -> SynthesisTaskResponse:
        """``PollyClient.start_speech_synthesis_task``, awaited."""
        result: SynthesisTaskResponse = await self._call(START_SPEECH_SYNTHESIS_TASK, kwargs)
        return result

    async def get_speech_synthesis_task(
        self, **kwargs: Unpack[GetSpeechSynthesisTaskRequest]
    ) -> SynthesisTaskResponse:
        """``PollyClient.get_speech_synthesis_task``, awaited."""
        result: SynthesisTaskResponse = await self._call(GET_SPEECH_SYNTHESIS_TASK, kwargs)
        return result

    async def wait_for_speech_synthesis_task(
        self,
        task_id: str,
        *,
        timeout: float = 600.0,
        poll: float = 2.0,
        on_progress: Callable[[SynthesisTask], None] | None = None,
    ) -> SynthesisTask:
        """``PollyClient.wait_for_speech_synthesis_task``, awaited: the same polls and backoff,
        sleeping on the event loop."""
        from polly_client.waiting import wait_steps

        steps = wait_steps(
            task_id, self._runtime, timeout=timeout, poll=poll, on_progress=on_progress
        )
        task: SynthesisTask = await self._run(steps)
        return task

    async def generate_presigned_url(
        self,
        ClientMethod: str,  # noqa: N803  (boto3's argument names)
        Params: Mapping[str, Any] | None = None,  # noqa: N803
        ExpiresIn: int = 3600,  # noqa: N803
        HttpMethod: str | None = None,  # noqa: N803
    ) -> str:
        """``PollyClient.generate_presigned_url``, as aiobotocore's coroutine: the same URL, the
        credentials resolved off the loop when they come from botocore's chain."""
        from polly_client.presign import generate_presigned_url

        def presign() -> str:
            return generate_presigned_url(
                self._settings,
                self._runtime,
                self._meta,
                ClientMethod,
                Params,
                ExpiresIn,
                HttpMethod,
            )

        if self._settings.credentials.may_block:
            return await asyncio.to_thread(presign)
        return presign()

    async def presigned_speech_url(
        self, *, expires_in: int = 3600, **params: Unpack[SynthesizeSpeechRequest]
    ) -> str:
        """``PollyClient.presigned_speech_url``: a GET URL an ``<audio>`` element can play."""
        return await self.generate_presigned_url(
            "synthesize_speech", Params=params, ExpiresIn=expires_in, HttpMethod="GET"
        )

    if TYPE_CHECKING:
        # Typed for the type checker only, as on PollyClient.
        async def synthesize_speech(
            self, **kwargs: Unpack[SynthesizeSpeechRequest]
        ) -> SynthesizeSpeechResponse[AsyncStreamingBody]: ...
        async def describe_voices(
            self, **kwargs: Unpack[DescribeVoicesRequest]
        ) -> DescribeVoicesResponse: ...
        async def list_lexicons(
            self, **kwargs: Unpack[ListLexiconsRequest]
        ) -> ListLexiconsResponse: ...
        async def get_lexicon(self, **kwargs: Unpack[LexiconNameRequest]) -> GetLexiconResponse: ...
        async def put_lexicon(self, **kwargs: Unpack[PutLexiconRequest]) -> ModelResponse: ...
        async def delete_lexicon(self, **kwargs: Unpack[LexiconNameRequest]) -> ModelResponse: ...

    def __getattr__(self, name: str) -> Any:
        """The model's other operations, as coroutines returning boto3's dict."""
        operation = self._model_operation(name)

        async def call(**kwargs: Any) -> dict[str, Any]:
            result: dict[str, Any] = await self._call(operation, kwargs)
            return result

        call.__name__ = call.__qualname__ = name
        return call

    @overload
    def get_paginator(  # type: ignore[overload-overlap]  # the literal's paginator is typed
        self, operation_name: Literal["list_speech_synthesis_tasks"]
    ) -> AsyncListSpeechSynthesisTasksPaginator: ...

    @overload
    def get_paginator(self, operation_name: str) -> AsyncPaginator: ...

    def get_paginator(
        self, operation_name: str
    ) -> AsyncListSpeechSynthesisTasksPaginator | AsyncPaginator:
        """``async for page in client.get_paginator(name).paginate(...)``, with boto3's
        ``PaginationConfig``: typed pages for ``list_speech_synthesis_tasks``, boto3's page
        dicts for the model's others (``describe_voices``, ``list_lexicons``, ...)."""
        if not self.can_paginate(operation_name):
            from botocore.exceptions import OperationNotPageableError

            raise OperationNotPageableError(operation_name=operation_name)
        if operation_name == LIST_SPEECH_SYNTHESIS_TASKS.method_name:
            from polly_client.paginate import AsyncListSpeechSynthesisTasksPaginator

            return AsyncListSpeechSynthesisTasksPaginator(self.list_speech_synthesis_tasks)
        from polly_client.model_operations import paginator_config
        from polly_client.operations import Paging
        from polly_client.paginate import AsyncPaginator

        config = paginator_config(operation_name)
        assert config is not None  # can_paginate said so
        return AsyncPaginator(getattr(self, operation_name), Paging.from_config(config))

    async def iter_speech_synthesis_tasks(
        self, *, status: TaskStatus | str | None = None, page_size: int | None = None
    ) -> AsyncIterator[SynthesisTask]:
        """Every task, across pages, each page fetched as the iteration reaches it (read typed
        only, as ``PollyClient.iter_speech_synthesis_tasks`` reads them)."""
        from polly_client.models import TaskStatus
        from polly_client.paginate import AsyncListSpeechSynthesisTasksPaginator

        params: dict[str, Any] = {} if status is None else {"Status": TaskStatus(status)}
        config = None if page_size is None else {"PageSize": page_size}
        paginator = AsyncListSpeechSynthesisTasksPaginator(self._typed_page)
        async for page in paginator.paginate(PaginationConfig=config, **params):
            for task in page.synthesis_tasks or ():
                yield task

    async def _typed_page(
        self, **kwargs: Unpack[ListSpeechSynthesisTasksRequest]
    ) -> ListSpeechSynthesisTasksResponse:
        """A page for ``iter_speech_synthesis_tasks``, which shows only its typed tasks."""
        result: ListSpeechSynthesisTasksResponse = await self._call(
            self._iteration_listing(), kwargs
        )
        return result

    async def close(self) -> None:
        """Release the connection pool."""
        await self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _call(self, operation: Operation, params: Any) -> Awaitable[Any]:
        return self._run(self._steps(operation, params))

    def _run(self, steps: Steps[_T]) -> Awaitable[_T]:
        sleep = self._runtime.async_sleep or asyncio.sleep
        return run_async(steps, self._transport.send, sleep, self._call_method)

    async def _call_method(self, method_name: str, params: dict[str, Any]) -> Any:
        return await getattr(self, method_name)(**params)
