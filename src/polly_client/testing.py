"""Test doubles for code that uses ``PollyClient``, in the spirit of httpx's ``MockTransport``.

    from polly_client import PollyClient
    from polly_client.testing import MockTransport, json_response

    transport = MockTransport(lambda request: json_response({"SynthesisTasks": []}))
    client = PollyClient(region_name="us-east-1", aws_access_key_id="a",
                         aws_secret_access_key="b", transport=transport)
    client.list_speech_synthesis_tasks()
    assert transport.requests[0].url.endswith("/v1/synthesisTasks")

The handler sees each attempt's signed request exactly as it would be sent, and answers with a
response, or with an exception to raise as sending would (botocore's connection errors).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from polly_client.http import HttpRequest, HttpResponse

__all__ = ["MockTransport", "json_response"]

Handler = Callable[[HttpRequest], "HttpResponse | BaseException"]


class MockTransport:
    """A ``Transport`` that answers from ``handler`` and records every request it was sent."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._lock = threading.Lock()
        self.requests: list[HttpRequest] = []
        self.closed = False

    def send(self, request: HttpRequest) -> HttpResponse:
        with self._lock:
            self.requests.append(request)
        answer = self._handler(request)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def close(self) -> None:
        self.closed = True


def json_response(
    document: Any, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    """A JSON response as Polly sends one, with a request id unless ``headers`` says otherwise."""
    body = json.dumps(document).encode()
    names = {"x-amzn-requestid": "mock-request-id", "content-type": "application/json"}
    names.update({name.lower(): value for name, value in (headers or {}).items()})
    names["content-length"] = str(len(body))
    return HttpResponse(status, names, body)
