"""``PollyClient``: the boto3-compatible client. Its methods name an operation (see
``operations``) and hand the call to the client's pipeline (see ``pipeline``)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Literal, overload

from polly_client.errors import ClientExceptions
from polly_client.meta import NO_EVENTS, CallEvents
from polly_client.operations import (
    GET_SPEECH_SYNTHESIS_TASK,
    LIST_SPEECH_SYNTHESIS_TASKS,
    OPERATIONS,
    START_SPEECH_SYNTHESIS_TASK,
    TYPED_LISTING,
    Operation,
)
from polly_client.pipeline import Pipeline
from polly_client.retries import RetryStrategy
from polly_client.runtime import DEFAULT_RUNTIME, Runtime
from polly_client.settings import Settings, resolve_settings
from polly_client.transport import Transport, default_transport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import TracebackType

    from botocore.config import Config
    from botocore.paginate import Paginator
    from botocore.session import Session
    from typing_extensions import Self, Unpack

    from polly_client.meta import ClientMeta
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
    from polly_client.type_defs import TaskStatusType
    from polly_client.waiting import SpeechSynthesisTaskWaiter

__all__ = ["PollyClient"]


class PollyClient:
    """Amazon Polly's speech-synthesis tasks (start, get, list, wait), called as
    ``boto3.client("polly")`` is called.

    The keyword arguments are those of ``boto3.client``; anything not given is resolved through
    botocore's chain (environment, shared config and credentials files, SSO, container and
    instance metadata). ``transport`` replaces the HTTP layer (see ``polly_client.testing``),
    ``runtime`` the clock, sleep and randomness (see ``polly_client.runtime``).
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
        runtime: Runtime = DEFAULT_RUNTIME,
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
        self._transport = transport if transport is not None else default_transport(self._settings)
        settings = self._settings
        retries = RetryStrategy(
            settings.retry_mode,
            settings.total_max_attempts,
            runtime.random,
            settings.config_option("read_timeout"),
        )
        self._runtime = runtime
        self._pipeline = Pipeline(settings, self._transport, retries, runtime)
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

    @property
    def waiter_names(self) -> list[str]:
        from polly_client.waiting import waiter_names

        return waiter_names()

    def get_waiter(self, waiter_name: str) -> SpeechSynthesisTaskWaiter:
        """botocore's waiter interface: ``get_waiter("speech_synthesis_task_completed").wait(
        TaskId=..., WaiterConfig={"Delay": 5, "MaxAttempts": 120})`` raises ``WaiterError`` when
        the task fails or the attempts run out."""
        from polly_client.waiting import SpeechSynthesisTaskWaiter

        return SpeechSynthesisTaskWaiter(
            waiter_name, self.get_speech_synthesis_task, self._runtime.sleep
        )

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
        from polly_client.waiting import wait_for_task

        def get(task_id: str) -> SynthesisTaskResponse:
            return self.get_speech_synthesis_task(TaskId=task_id)

        return wait_for_task(
            get, task_id, self._runtime, timeout=timeout, poll=poll, on_progress=on_progress
        )

    def __getattr__(self, name: str) -> Any:
        """Every other operation of the installed model (``synthesize_speech``,
        ``describe_voices``, the lexicon, voice and tag operations, and any a newer botocore
        adds), under boto3's name and arguments, returning boto3's dict."""
        if name.startswith("_"):
            raise AttributeError(name)  # Python's own probes must not load the model
        from polly_client.model_operations import method_names, model_operation

        if name not in method_names():
            raise AttributeError(f"'PollyClient' object has no attribute {name!r}")
        operation = model_operation(name)

        def call(**kwargs: Any) -> dict[str, Any]:
            result: dict[str, Any] = self._call(operation, kwargs)
            return result

        call.__name__ = call.__qualname__ = name
        return call

    def __dir__(self) -> list[str]:
        from polly_client.model_operations import method_names

        return sorted({*super().__dir__(), *method_names()})

    def _call(self, operation: Operation, params: Any) -> Any:
        meta = self._meta
        events = NO_EVENTS if meta is None else CallEvents(meta, operation)
        return self._pipeline.call(operation, dict(params), events)

    @property
    def meta(self) -> ClientMeta:
        """botocore's ``client.meta``: ``events`` for handlers (and Stubber), the service model
        (loaded on first use), ``method_to_api_mapping``, ``region_name``, ``endpoint_url``,
        ``config``."""
        from polly_client.meta import ClientMeta

        with self._meta_lock:
            if self._meta is None:
                from polly_client.model_operations import api_mapping

                self._meta = ClientMeta(
                    self.region_name,
                    self.endpoint_url,
                    self._settings.client_config(),
                    api_mapping(),
                )
            return self._meta

    def can_paginate(self, operation_name: str) -> bool:
        operation = OPERATIONS.get(operation_name)
        if operation is not None:
            return operation.paging is not None
        from polly_client.model_operations import paginator_config

        return paginator_config(operation_name) is not None

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
        """A page for ``iter_speech_synthesis_tasks``, which shows only its typed tasks: read
        typed only, unless ``client.meta`` exists (its handlers see boto3's dict)."""
        if self._meta is not None:
            return self.list_speech_synthesis_tasks(**kwargs)
        result: ListSpeechSynthesisTasksResponse = self._pipeline.call(
            TYPED_LISTING, dict(kwargs), NO_EVENTS
        )
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

    def __repr__(self) -> str:
        return f"PollyClient(region_name={self.region_name!r}, endpoint_url={self.endpoint_url!r})"
