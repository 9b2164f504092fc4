"""``LocalPolly``: Polly's synthesis-task API on 127.0.0.1, over real keep-alive HTTP/1.1, with
SigV4 verified on every request, for tests, demos and benchmarks."""

from __future__ import annotations

import contextlib
import json
import random
import socket
import struct
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from polly_client.local.faults import Fault, FaultPlan
from polly_client.local.service import PollyService, ServiceError
from polly_client.local.sigv4 import AuthFailure, Credential, verify
from polly_client.local.store import NewTask, TaskStore, new_task_id

if TYPE_CHECKING:
    from types import TracebackType

    from typing_extensions import Self

    from polly_client.client import PollyClient

__all__ = ["DEFAULT_ACCESS_KEY", "DEFAULT_SECRET_KEY", "LocalPolly"]

DEFAULT_ACCESS_KEY = "AKIDLOCALPOLLY"
DEFAULT_SECRET_KEY = "local-polly-secret-access-key"
_PATH = "/v1/synthesisTasks"
_ERROR_NAMESPACE = "http://internal.amazon.com/coral/com.amazonaws.polly.v20160610/"


class LocalPolly:
    """A local Polly endpoint. ``with LocalPolly() as polly: polly.client().list_...()``.

    - ``db``: ``":memory:"`` (default) or a SQLite file that survives restarts.
    - ``clock``: where time comes from; pass a ``ManualClock`` to move tasks on by hand.
    - ``credentials``: access key -> secret (or ``Credential`` with a session token); requests
      signed with anything else get AWS's 403 errors.
    - ``lifetime``: seconds after which the server stops by itself (tests never leak it).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        db: str = ":memory:",
        region: str = "us-east-1",
        clock: Callable[[], float] | None = None,
        credentials: dict[str, str | Credential] | None = None,
        lifetime: float | None = None,
    ) -> None:
        self.clock: Callable[[], float] = clock if clock is not None else time.time
        self.region = region
        self.store = TaskStore(db, self.clock)
        self.service = PollyService(self.store, region)
        self.faults = FaultPlan()
        self._keys = {
            key: value if isinstance(value, Credential) else Credential(value)
            for key, value in (credentials or {DEFAULT_ACCESS_KEY: DEFAULT_SECRET_KEY}).items()
        }
        self._counts: Counter[str] = Counter()
        self._peers: set[tuple[str, int]] = set()
        self._open = 0
        self._count_lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self._lifetime = lifetime

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        if self._lifetime is not None:
            timer = threading.Timer(self._lifetime, self.stop)
            timer.daemon = True
            timer.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()
        self.store.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- for tests -------------------------------------------------------------------------------

    @property
    def access_key(self) -> str:
        return next(iter(self._keys))

    @property
    def secret_key(self) -> str:
        return self._keys[self.access_key].secret_key

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``PollyClient(...)`` or ``boto3.client("polly", ...)``."""
        kwargs: dict[str, Any] = {
            "region_name": self.region,
            "endpoint_url": self.url,
            "aws_access_key_id": self.access_key,
            "aws_secret_access_key": self.secret_key,
        }
        token = self._keys[self.access_key].session_token
        if token is not None:
            kwargs["aws_session_token"] = token
        return kwargs

    def client(self, **overrides: Any) -> PollyClient:
        from polly_client.client import PollyClient

        return PollyClient(**{**self.client_kwargs(), **overrides})

    def inject(self, fault: Fault, *, times: int = 1, operation: str | None = None) -> None:
        """Answer the next ``times`` requests (of ``operation``, e.g.
        "ListSpeechSynthesisTasks", or of any) with ``fault`` instead."""
        self.faults.add(fault, times, operation)

    def requests(self, operation: str | None = None) -> int:
        """How many requests arrived (for one operation, or all), faulted ones included."""
        with self._count_lock:
            return sum(self._counts.values()) if operation is None else self._counts[operation]

    def start_task(self, **document: Any) -> dict[str, Any]:
        """StartSpeechSynthesisTask without HTTP: the stored task."""
        return self.service.start(document)["SynthesisTask"]  # type: ignore[no-any-return]

    def seed(self, count: int, *, seed: int = 0) -> None:
        """``count`` realistic tasks created over the past days (most finished, a few failed, the
        newest still queued or running), in one transaction."""
        rng = random.Random(seed)
        now = self.clock()
        step = min(60.0, 14 * 86400 / max(count, 1))
        recent = max(1, count // 10)  # the newest tenth is still queued or running

        def created(index: int) -> float:
            if index >= count - recent:
                return now - rng.uniform(0.0, 8.0)
            return now - 60.0 - (count - index) * step + rng.random()

        self.store.add_many(
            (_seeded_task(rng, self.region), created(index)) for index in range(count)
        )

    def connections(self) -> int:
        """How many distinct client connections requests arrived on."""
        with self._count_lock:
            return len(self._peers)

    def open_connections(self) -> int:
        """How many client connections are open now (a client's pool holds them between calls)."""
        with self._count_lock:
            return self._open

    def _connection_change(self, delta: int) -> None:
        with self._count_lock:
            self._open += delta

    def _count(self, operation: str, peer: tuple[str, int]) -> None:
        with self._count_lock:
            self._counts[operation] += 1
            self._peers.add(peer)


_VOICES = [
    ("Joanna", "en-US", "neural"),
    ("Matthew", "en-US", "generative"),
    ("Amy", "en-GB", "neural"),
    ("Hans", "de-DE", "standard"),
    ("Lea", "fr-FR", "neural"),
    ("Lucia", "es-ES", "long-form"),
    ("Takumi", "ja-JP", "neural"),
    ("Aditi", "hi-IN", "standard"),
]


def _seeded_task(rng: random.Random, region: str) -> NewTask:
    voice, language, engine = rng.choice(_VOICES)
    output = rng.choice(["mp3", "mp3", "ogg_vorbis", "pcm"])
    task_id = new_task_id()
    fields = {
        "TaskId": task_id,
        "Engine": engine,
        "OutputUri": f"https://s3.{region}.amazonaws.com/polly-output/{task_id}.{output[:3]}",
        "OutputFormat": output,
        "TextType": rng.choice(["text", "ssml"]),
        "VoiceId": voice,
        "LanguageCode": language,
        "SampleRate": "16000" if output == "pcm" else "24000",
    }
    failure = None
    if rng.random() < 0.05:
        failure = "Error occurred while trying to upload file to S3: Access Denied"
    return NewTask(fields=fields, characters=rng.randint(20, 90_000), failure=failure)


# -- HTTP -----------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up mid-response is what fault tests and timeouts do: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(polly: LocalPolly) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        local = polly

    return Handler


class _Handler(BaseHTTPRequestHandler):
    local: LocalPolly
    protocol_version = "HTTP/1.1"
    # Headers and body in one segment: no 40 ms delayed-ACK stall per response.
    disable_nagle_algorithm = True
    wbufsize = -1

    def setup(self) -> None:
        super().setup()
        self.local._connection_change(+1)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.local._connection_change(-1)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        operation, task_id = _route(self.command, path)
        self.local._count(operation, self.client_address)
        fault = self.local.faults.take(operation)
        if fault is not None and fault.kind != "slow":
            self._misbehave(fault)
            return
        if fault is not None:
            time.sleep(fault.seconds)
        try:
            self._authenticate(body)
            result = self._dispatch(operation, task_id, query, body)
        except AuthFailure as failure:
            self._error(403, failure.code, {"message": failure.message})
        except ServiceError as error:
            self._error(error.status, error.code, {"message": error.message, **error.members})
        else:
            self._send(200, result)

    def _authenticate(self, body: bytes) -> None:
        headers: dict[str, str] = {}
        for name, value in self.headers.items():  # SigV4 signs repeated headers comma-joined
            key = name.lower()
            headers[key] = f"{headers[key]},{value}" if key in headers else value
        verify(
            self.command, self.path, headers, body, self.local._keys, "polly", self.local.clock()
        )

    def _dispatch(self, operation: str, task_id: str, query: str, body: bytes) -> bytes:
        service = self.local.service
        if operation == "ListSpeechSynthesisTasks":
            return service.list(dict(parse_qsl(query, keep_blank_values=True)))
        if operation == "GetSpeechSynthesisTask":
            return json.dumps(service.get(task_id)).encode()
        if operation == "StartSpeechSynthesisTask":
            try:
                document = json.loads(body or b"{}")
            except ValueError:
                raise ServiceError("SerializationException", 400, "Malformed JSON body") from None
            return json.dumps(service.start(document)).encode()
        raise ServiceError("UnknownOperationException", 404, f"No operation at {self.path}")

    def _send(
        self,
        status: int,
        body: bytes,
        extra: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> None:
        self.send_response_only(status)
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Date", self.date_time_string())
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, document: dict[str, Any]) -> None:
        self._send(
            status,
            json.dumps(document).encode(),
            {"x-amzn-ErrorType": f"{code}:{_ERROR_NAMESPACE}"},
        )

    def _misbehave(self, fault: Fault) -> None:
        if fault.kind == "respond":
            extra = (
                {"x-amzn-ErrorType": f"{fault.error_type}:{_ERROR_NAMESPACE}"}
                if fault.error_type
                else {}
            )
            self._send(fault.status, fault.body, extra, fault.content_type)
        elif fault.kind == "drop":
            self.close_connection = True
            self._abort()
        elif fault.kind == "reset_mid_body":
            self.wfile.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b'Content-Length: 5000\r\n\r\n{"SynthesisTasks": ['
            )
            self.wfile.flush()
            self._abort()
        elif fault.kind == "endless":
            self._endless(fault.seconds)
        elif fault.kind == "huge":
            body = b'{"SynthesisTasks": []' + b" " * max(0, fault.size - 22) + b"}"
            self._send(200, body)

    def _endless(self, seconds: float) -> None:
        self.wfile.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                self.wfile.write(b"400\r\n" + b" " * 1024 + b"\r\n")
                self.wfile.flush()
                time.sleep(0.01)
        except OSError:
            pass  # the client gave up, as it should
        self._abort()

    def _abort(self) -> None:
        """Reset the connection (RST, not FIN), as a crashed peer or middlebox does."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()


def _route(method: str, path: str) -> tuple[str, str]:
    if path == _PATH:
        if method == "GET":
            return "ListSpeechSynthesisTasks", ""
        if method == "POST":
            return "StartSpeechSynthesisTask", ""
    if path.startswith(_PATH + "/") and method == "GET":
        return "GetSpeechSynthesisTask", unquote(path[len(_PATH) + 1 :])
    return "Unknown", ""
