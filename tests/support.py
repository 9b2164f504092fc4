"""A scripted HTTP server on loopback for differential tests: boto3 and PollyClient are sent the
same bytes, and every request is recorded; and drivers for coroutines that never suspend."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

_T = TypeVar("_T")
# Servers stop by themselves even if a test forgets them.
_MAX_LIFETIME_SECONDS = 120.0


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b'{"SynthesisTasks": []}'
    headers: Sequence[tuple[str, str]] = (("x-amzn-RequestId", "req-1"),)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class ReplayServer:
    """Answers every request with ``reply`` (replace it between calls) and records requests."""

    reply: Reply | Callable[[Recorded], Reply] = field(default_factory=Reply)
    requests: list[Recorded] = field(default_factory=list)
    record: bool = True

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Without TCP_NODELAY a body sent after the headers waits ~40 ms for a delayed ACK.
            disable_nagle_algorithm = True
            wbufsize = -1

            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorded = Recorded(self.command, self.path, dict(self.headers.items()), body)
                if server.record:
                    server.requests.append(recorded)
                reply = server.reply if isinstance(server.reply, Reply) else server.reply(recorded)
                # No Date or Server header: two clients asking a second apart get equal bytes.
                self.send_response_only(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            # http.server's names for the methods.
            do_POST = do_PUT = do_DELETE = do_GET  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._timer = threading.Timer(_MAX_LIFETIME_SECONDS, self._httpd.shutdown)
        self._timer.daemon = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> ReplayServer:
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()


def client_kwargs(url: str, **overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "region_name": "us-east-1",
        "endpoint_url": url,
        "aws_access_key_id": "AKIDEXAMPLE",
        "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    }
    kwargs.update(overrides)
    return kwargs


def both_clients(url: str, **overrides: Any) -> tuple[Any, Any]:
    """A PollyClient and a boto3 client built alike (no retries unless a Config says so), for
    differential tests."""
    import boto3
    from botocore.config import Config

    from polly_client import PollyClient

    kwargs = {"config": Config(retries={"max_attempts": 0}), **client_kwargs(url, **overrides)}
    return PollyClient(**kwargs), boto3.client("polly", **kwargs)


def outcome(call: Any, **params: Any) -> tuple[str, Any]:
    """What a call gave, comparable across clients: ("ok", boto3 dict) or (class name, details)."""
    try:
        result = call(**params)
    except Exception as exc:  # the type is what is being compared
        return type(exc).__name__, (getattr(exc, "response", None), str(exc))
    # The response itself: the dict boto3 users read (the typed results are dicts too).
    return "ok", result


def serving(reply: Reply | None = None) -> Iterator[ReplayServer]:
    server = ReplayServer(reply or Reply()).start()
    try:
        yield server
    finally:
        server.stop()


def paged_tasks(
    count: int, statuses: Sequence[str] = ("completed", "failed")
) -> Callable[[Recorded], Reply]:
    """A responder that pages ``count`` tasks as Polly does: MaxResults (default 100), an opaque
    NextToken, and the Status filter."""
    tasks = [
        {
            "TaskId": f"task-{index:06d}",
            "TaskStatus": statuses[index % len(statuses)],
            "CreationTime": 1_700_000_000 + index + 0.25,
            "Engine": "neural",
            "VoiceId": "Joanna",
            "OutputFormat": "mp3",
            "RequestCharacters": index,
        }
        for index in range(count)
    ]

    by_status: dict[str | None, list[dict[str, Any]]] = {None: tasks}

    def respond(request: Recorded) -> Reply:
        query = {k: v[0] for k, v in parse_qs(urlsplit(request.path).query).items()}
        status = query.get("Status")
        if status not in by_status:
            by_status[status] = [t for t in tasks if t["TaskStatus"] == status]
        matching = by_status[status]
        start = int(query.get("NextToken", "tok-0")[4:])
        stop = start + int(query.get("MaxResults", "100"))
        page: dict[str, Any] = {"SynthesisTasks": matching[start:stop]}
        if stop < len(matching):
            page["NextToken"] = f"tok-{stop}"
        return Reply(body=json.dumps(page).encode())

    return respond


def run_in_threads(work: Callable[[], None], threads: int, timeout: float) -> list[BaseException]:
    """Run ``work`` on ``threads`` threads at once; what any of them raised."""
    errors: list[BaseException] = []

    def guarded() -> None:
        try:
            work()
        except BaseException as exc:  # reported to the test, which asserts there are none
            errors.append(exc)

    started = [threading.Thread(target=guarded) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=timeout)
    return errors


def drive(awaitable: Awaitable[_T]) -> _T:
    """Run a coroutine that never suspends (an in-memory stand-in for the network) without an
    event loop, so that property tests with thousands of examples stay cheap."""
    coroutine = awaitable.__await__()
    try:
        coroutine.send(None)
    except StopIteration as done:
        result: _T = done.value
        return result
    raise AssertionError("the coroutine suspended")


def each(items: AsyncIterator[_T]) -> list[_T]:
    """Everything an async iterator that never suspends gives, by ``drive``."""
    found = []
    while True:
        try:
            found.append(drive(items.__anext__()))
        except StopAsyncIteration:
            return found
