"""``PollyClient``: the boto3-compatible client. Its methods name an operation (see
``operations``) and hand the call to the client's pipeline (see ``pipeline``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from polly_client.client_core import ClientCore
from polly_client.operations import (
    GET_SPEECH_SYNTHESIS_TASK,
    LIST_SPEECH_SYNTHESIS_TASKS,
    START_SPEECH_SYNTHESIS_TASK,
    Operation,
)
from polly_client.steps import Steps, run
from polly_client.transport import Transport, default_transport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from types import TracebackType

    from botocore.paginate import Paginator
    from botocore.response import StreamingBody
    from typing_extensions import Self, Unpack

    from polly_client.models import (
        GetSpeechSynthesisTaskRequest,
        ListSpeechSynthesisTasksRequest,
        ListSpeechSynthesisTasksResponse,
        StartSpeechSynthesisTaskRequest,
        SynthesisTask,
        SynthesisTaskResponse,
        TaskStatus,
    )
    from polly_client.paginate import ListSpeechSynthesisTasksPaginator
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
    from polly_client.type_defs import TaskStatusType

__all__ = ["PollyClient"]

_T = TypeVar("_T")


class PollyClient(ClientCore[Transport]):
    """Amazon Polly, called as ``boto3.client("polly")`` is called: every operation of the
    installed model, the speech-synthesis tasks (start, get, list, wait) typed.

    The keyword arguments are those of ``boto3.client``; anything not given is resolved through
    botocore's chain (environment, shared config and credentials files, SSO, container and
    instance metadata). ``transport`` replaces the HTTP layer (see ``polly_client.testing``),
    ``runtime`` the clock, sleep and randomness (see ``polly_client.runtime``).
    """

    def _default_transport(self) -> Transport:
        return default_transport(self._settings)

    def list_speech_synthesis_tasks(
        self, **kwargs: Unpack[ListSpeechSynthesisTasksRequest]
    ) -> ListSpeechSynthesisTasksResponse:
        """One page of speech-synthesis tasks, ordered by creation date.

        Takes boto3's keyword arguments ``MaxResults``, ``NextToken`` and ``Status``. Raises the
        model's ``ClientError`` subclasses (``InvalidNextTokenException``,
        ``ServiceFailureException``, ...), plain ``ClientError`` for other codes, botocore's
        connection errors, and ``ResponseParserError`` for a malformed success body.
        """
        result: ListSpeechSynthesisTasksResponse = self._call(LIST_SPEECH_SYNTHESIS_TASKS, kwargs)
        return result

    def start_speech_synthesis_task(
        self, **kwargs: Unpack[StartSpeechSynthesisTaskRequest]
    ) -> SynthesisTaskResponse:
        """Start synthesising ``Text`` into ``s3://OutputS3BucketName/OutputS3KeyPrefix...``.

        Takes boto3's keyword arguments (``OutputFormat``, ``OutputS3BucketName``, ``Text`` and
        ``VoiceId`` required). The new task is ``resp.synthesis_task`` (``scheduled``); wait for
        it with ``wait_for_speech_synthesis_task``. Raises the model's errors as boto3 does
        (``TextLengthExceededException``, ``InvalidS3BucketException``, ...).
        """
        result: SynthesisTaskResponse = self._call(START_SPEECH_SYNTHESIS_TASK, kwargs)
        return result

    def get_speech_synthesis_task(
        self, **kwargs: Unpack[GetSpeechSynthesisTaskRequest]
    ) -> SynthesisTaskResponse:
        """The task ``TaskId`` as it is now; ``SynthesisTaskNotFoundException`` if there is
        none, ``InvalidTaskIdException`` for a malformed id."""
        result: SynthesisTaskResponse = self._call(GET_SPEECH_SYNTHESIS_TASK, kwargs)
        return result

    def wait_for_speech_synthesis_task(
        self,
        task_id: str,
        *,
        timeout: float = 600.0,
        poll: float = 2.0,
        on_progress: Callable[[SynthesisTask], None] | None = None,
    ) -> SynthesisTask:
        """Poll the task until it completes and return it; ``SynthesisTaskFailedError`` (with
        the service's ``reason``) if it fails, ``SynthesisTaskTimeoutError`` after ``timeout``
        seconds. Polls start ``poll`` seconds apart and back off with jitter; ``on_progress``
        sees the task after every poll."""
        from polly_client.waiting import wait_steps

        steps = wait_steps(
            task_id, self._runtime, timeout=timeout, poll=poll, on_progress=on_progress
        )
        task: SynthesisTask = self._run(steps)
        return task

    def generate_presigned_url(
        self,
        ClientMethod: str,  # noqa: N803  (boto3's argument names)
        Params: Mapping[str, Any] | None = None,  # noqa: N803
        ExpiresIn: int = 3600,  # noqa: N803
        HttpMethod: str | None = None,  # noqa: N803
    ) -> str:
        """boto3's presigned URL for ``ClientMethod`` called with ``Params``: the same URL, signed
        with SigV4 query parameters valid for ``ExpiresIn`` seconds."""
        from polly_client.presign import generate_presigned_url

        return generate_presigned_url(
            self._settings, self._runtime, self._meta, ClientMethod, Params, ExpiresIn, HttpMethod
        )

    def presigned_speech_url(
        self, *, expires_in: int = 3600, **params: Unpack[SynthesizeSpeechRequest]
    ) -> str:
        """A GET URL for SynthesizeSpeech with every parameter in its query string, which an
        ``<audio src=...>`` element (or any plain HTTP client) can fetch without credentials
        until it expires: ``presigned_speech_url(Text="Hi", VoiceId="Joanna",
        OutputFormat="mp3")``."""
        return self.generate_presigned_url(
            "synthesize_speech", Params=params, ExpiresIn=expires_in, HttpMethod="GET"
        )

    if TYPE_CHECKING:
        # Typed for the type checker only: at run time these are the model's operations,
        # as every other (see __getattr__), with the results typed in polly_client.results.
        def synthesize_speech(
            self, **kwargs: Unpack[SynthesizeSpeechRequest]
        ) -> SynthesizeSpeechResponse[StreamingBody]: ...
        def describe_voices(
            self, **kwargs: Unpack[DescribeVoicesRequest]
        ) -> DescribeVoicesResponse: ...
        def list_lexicons(self, **kwargs: Unpack[ListLexiconsRequest]) -> ListLexiconsResponse: ...
        def get_lexicon(self, **kwargs: Unpack[LexiconNameRequest]) -> GetLexiconResponse: ...
        def put_lexicon(self, **kwargs: Unpack[PutLexiconRequest]) -> ModelResponse: ...
        def delete_lexicon(self, **kwargs: Unpack[LexiconNameRequest]) -> ModelResponse: ...

    def __getattr__(self, name: str) -> Any:
        """Every other operation of the installed model (``synthesize_speech``,
        ``describe_voices``, the lexicon, voice and tag operations, and any a newer botocore
        adds), under boto3's name and arguments, returning boto3's dict."""
        operation = self._model_operation(name)

        def call(**kwargs: Any) -> dict[str, Any]:
            result: dict[str, Any] = self._call(operation, kwargs)
            return result

        call.__name__ = call.__qualname__ = name
        return call

    def _call(self, operation: Operation, params: Any) -> Any:
        return self._run(self._steps(operation, params))

    def _run(self, steps: Steps[_T]) -> _T:
        return run(steps, self._transport.send, self._runtime.sleep, self._call_method)

    def _call_method(self, method_name: str, params: dict[str, Any]) -> Any:
        return getattr(self, method_name)(**params)

    @overload
    def get_paginator(  # type: ignore[overload-overlap]  # the literal's paginator is typed
        self, operation_name: Literal["list_speech_synthesis_tasks"]
    ) -> ListSpeechSynthesisTasksPaginator: ...

    @overload
    def get_paginator(self, operation_name: str) -> Paginator[Any]: ...

    def get_paginator(
        self, operation_name: str
    ) -> ListSpeechSynthesisTasksPaginator | Paginator[Any]:
        """boto3's paginator: typed pages for ``list_speech_synthesis_tasks``, botocore's own
        ``Paginator`` over this client for the model's others (``describe_voices``,
        ``list_lexicons``, ...)."""
        if not self.can_paginate(operation_name):
            from botocore.exceptions import OperationNotPageableError

            raise OperationNotPageableError(operation_name=operation_name)
        if operation_name == LIST_SPEECH_SYNTHESIS_TASKS.method_name:
            from polly_client.paginate import ListSpeechSynthesisTasksPaginator

            return ListSpeechSynthesisTasksPaginator(self.list_speech_synthesis_tasks)
        from polly_client.model_operations import model_paginator

        return model_paginator(getattr(self, operation_name), operation_name)

    def iter_speech_synthesis_tasks(
        self, *, status: TaskStatus | TaskStatusType | None = None, page_size: int | None = None
    ) -> Iterator[SynthesisTask]:
        """Every task, across pages, fetched one page at a time as the iteration goes."""
        from polly_client.models import TaskStatus
        from polly_client.paginate import ListSpeechSynthesisTasksPaginator

        paginator = ListSpeechSynthesisTasksPaginator(self._typed_page)
        config = None if page_size is None else {"PageSize": page_size}
        pages = (
            paginator.paginate(PaginationConfig=config)
            if status is None
            else paginator.paginate(PaginationConfig=config, Status=TaskStatus(status))
        )
        for page in pages:
            yield from page.synthesis_tasks or ()

    def _typed_page(
        self, **kwargs: Unpack[ListSpeechSynthesisTasksRequest]
    ) -> ListSpeechSynthesisTasksResponse:
        """A page for ``iter_speech_synthesis_tasks``, which shows only its typed tasks."""
        result: ListSpeechSynthesisTasksResponse = self._call(self._iteration_listing(), kwargs)
        return result

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
