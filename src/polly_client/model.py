"""botocore's Polly model: the one source of what the service defines (operations, error shapes,
enum values, paginators). Loaded once per process on first use, never by a call that succeeds
without hooks, from the installed botocore or a directory named by ``AWS_DATA_PATH`` (searched
first, as botocore's own loader does)."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botocore.model import ServiceModel

__all__ = ["SERVICE_ID", "SERVICE_NAME", "service_model"]

SERVICE_NAME = "polly"
SERVICE_ID = "Polly"
"""The model's serviceId, whose hyphenated form names botocore's events."""

_lock = threading.Lock()
_loaded: ServiceModel | None = None


def service_model() -> ServiceModel:
    global _loaded
    with _lock:
        if _loaded is None:
            from botocore.loaders import create_loader
            from botocore.model import ServiceModel

            loader = create_loader(os.environ.get("AWS_DATA_PATH"))
            data = loader.load_service_model(SERVICE_NAME, "service-2")
            _loaded = ServiceModel(data, service_name=SERVICE_NAME)
        return _loaded
