"""What ``PollyClient`` and ``AsyncPollyClient`` share: settings resolved as boto3 resolves them,
the retry strategy, the runtime, the pipeline, ``client.meta``, ``exceptions``, and the names of
the operations. Only sending, sleeping and the methods' ``async`` differ between the two."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from polly_client.adapters import foreign_builtin_handlers
from polly_client.errors import ClientExceptions
from polly_client.events import NO_EVENTS
from polly_client.model import check_api_version
from polly_client.operations import (
    LIST_SPEECH_SYNTHESIS_TASKS,
    OPERATIONS,
    TYPED_LISTING,
    Operation,
)
from polly_client.pipeline import Pipeline
from polly_client.retries import RetryStrategy
from polly_client.runtime import DEFAULT_RUNTIME, Runtime
from polly_client.settings import Settings, resolve_settings
from polly_client.steps import Steps

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.session import Session
    from typing_extensions import Self

    from polly_client.events import Events
    from polly_client.meta import ClientMeta
    from polly_client.waiting import ModelWaiter

__all__ = ["ClientCore"]

_TransportT = TypeVar("_TransportT")


class ClientCore(Generic[_TransportT]):
    """The keyword arguments are those of ``boto3.client``; anything not given is resolved
    through botocore's chain (environment, shared config and credentials files, SSO, container
    and instance metadata). ``api_version`` must be one the installed model has, as boto3
    requires; ``aws_account_id`` is taken as boto3 takes it, and changes nothing (Polly has no
    account-based endpoints). ``transport`` replaces the HTTP layer (see
    ``polly_client.testing``), ``runtime`` the clock, sleep and randomness (see
    ``polly_client.runtime``)."""

    exceptions = ClientExceptions()
    _credentials_at_construction: ClassVar[bool] = True
    """Whether the provider chain is asked for credentials as the client is made, as
    ``boto3.client`` asks it (its errors raise there, and later changes to the environment go
    unseen); the async client asks it on its first call, in a worker thread."""

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
        api_version: str | None = None,
        aws_account_id: str | None = None,
        transport: _TransportT | None = None,
        runtime: Runtime = DEFAULT_RUNTIME,
        _session: Session | None = None,
    ) -> None:
        if api_version is not None:
            check_api_version(api_version)
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
        settings = self._settings
        if self._credentials_at_construction:
            settings.credentials.get()
        retries = RetryStrategy(
            settings.retry_mode,
            settings.total_max_attempts,
            runtime.random,
            settings.config_option("read_timeout"),
        )
        self._runtime = runtime
        self._retries = retries
        self._pipeline = Pipeline(settings, retries, runtime)
        self._meta: ClientMeta | None = None
        self._meta_lock = threading.Lock()
        self._transport: _TransportT = (
            transport if transport is not None else self._default_transport()
        )
        # Read once, at construction, as boto3's client gets them when its session is made.
        self._builtin_handlers = foreign_builtin_handlers()
        if self._builtin_handlers:
            self.meta  # noqa: B018  # calls go through the events these handlers listen to

    def _default_transport(self) -> _TransportT:
        raise NotImplementedError

    @classmethod
    def from_session(cls, session: Any, **kwargs: Any) -> Self:
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
                    self._builtin_handlers,
                )
                self._retries.register_on(self._meta.events)
            return self._meta

    def can_paginate(self, operation_name: str) -> bool:
        """Whether the method pages, as boto3 says; KeyError for a name that is no operation's
        method (an operation's own name included), as boto3 raises it."""
        operation = OPERATIONS.get(operation_name)
        if operation is not None:
            return operation.paging is not None
        from polly_client.model_operations import api_mapping, paginator_config

        if operation_name not in api_mapping():
            raise KeyError(operation_name)
        return paginator_config(operation_name) is not None

    @property
    def waiter_names(self) -> list[str]:
        """The installed model's waiters (``voice_active`` in newer botocore releases) and this
        project's ``speech_synthesis_task_completed``, sorted as botocore sorts them."""
        from polly_client.waiting import waiter_names

        return waiter_names()

    def get_waiter(self, waiter_name: str) -> ModelWaiter:
        """botocore's waiter interface: ``get_waiter("speech_synthesis_task_completed").wait(
        TaskId=..., WaiterConfig={"Delay": 5, "MaxAttempts": 120})`` (awaited on
        ``AsyncPollyClient``) raises ``WaiterError`` when the task fails or the attempts run
        out, waiting with the client's own driver; the model's waiters (``voice_active``, on
        ``GetVoice``) wait the same way."""
        from polly_client.waiting import ModelWaiter

        return ModelWaiter(waiter_name, self._run)

    def _iteration_listing(self) -> Operation:
        """The listing for pages only the typed iterators read: without boto3's dict, unless
        ``client.meta`` exists (its handlers see that dict)."""
        return LIST_SPEECH_SYNTHESIS_TASKS if self._meta is not None else TYPED_LISTING

    def _run(self, steps: Steps[Any]) -> Any:
        """Perform the steps: in this thread (sync), or as an awaitable (async)."""
        raise NotImplementedError

    def _steps(self, operation: Operation, params: Any, events: Events | None = None) -> Steps[Any]:
        """One call of ``operation``, as steps for the client's driver; ``events`` replaces the
        call's own (polly_client.opentelemetry wraps them)."""
        if events is None:
            events = self._events(operation)
        return self._pipeline.steps(operation, dict(params), events)

    def _events(self, operation: Operation) -> Events:
        """The events of one call of ``operation``."""
        meta = self._meta
        if meta is None:
            return NO_EVENTS
        from polly_client.meta import CallEvents

        return CallEvents(meta, operation)

    def _model_operation(self, name: str) -> Operation:
        """One of the installed model's other operations (see ``model_operations``), by boto3's
        method name; AttributeError for any other name, without loading the model for Python's
        own probes."""
        if not name.startswith("_"):
            from polly_client.model_operations import method_names, model_operation

            if name in method_names():
                return model_operation(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        from polly_client.model_operations import method_names

        return sorted({*super().__dir__(), *method_names()})

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(region_name={self.region_name!r}, "
            f"endpoint_url={self.endpoint_url!r})"
        )
