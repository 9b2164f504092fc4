"""botocore's Polly model: the one source of what the service defines (operations, error shapes,
enum values, paginators, waiters). Loaded once per process on first use, never by a call that
succeeds without hooks, from the installed botocore or a directory named by ``AWS_DATA_PATH``
(searched first, as botocore's own loader does)."""

from __future__ import annotations

import functools
import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.loaders import Loader
    from botocore.model import ServiceModel

__all__ = ["SERVICE_ID", "SERVICE_NAME", "check_api_version", "service_model", "waiter_config"]

SERVICE_NAME = "polly"
SERVICE_ID = "Polly"
"""The model's serviceId, whose hyphenated form names botocore's events."""

_lock = threading.Lock()
_loaded: ServiceModel | None = None


def service_model() -> ServiceModel:
    global _loaded
    with _lock:
        if _loaded is None:
            from botocore.model import ServiceModel

            data = _loader().load_service_model(SERVICE_NAME, "service-2")
            _loaded = ServiceModel(data, service_name=SERVICE_NAME)
        return _loaded


def check_api_version(api_version: str) -> None:
    """botocore's error for an API version its loader has no Polly model of (Polly has one)."""
    if api_version not in _loader().list_api_versions(SERVICE_NAME, "service-2"):
        from botocore.exceptions import DataNotFoundError

        raise DataNotFoundError(data_path=os.path.join(SERVICE_NAME, api_version, "service-2"))


@functools.cache
def waiter_config() -> dict[str, Any]:
    """The model's waiters-2 document, for the model's API version as botocore's client asks for
    it; empty where the installed botocore has none for Polly (older releases have none)."""
    from botocore.exceptions import DataNotFoundError

    model = service_model()
    try:
        config: dict[str, Any] = _loader().load_service_model(
            SERVICE_NAME, "waiters-2", model.api_version
        )
    except DataNotFoundError:
        return {}
    return config


def _loader() -> Loader:
    from botocore.loaders import create_loader

    return create_loader(os.environ.get("AWS_DATA_PATH"))
