"""``LocalPolly``: Polly's API (speech, voices, lexicons, synthesis tasks) on 127.0.0.1 (or a
host you name), over real keep-alive HTTP/1.1, with SigV4 (signed headers or a presigned URL)
verified on every request, for tests, demos and benchmarks."""

from __future__ import annotations

import contextlib
import functools
import io
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
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qsl, unquote

from polly_client.local.faults import Fault, FaultPlan
from polly_client.local.lexicons import Lexicons
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
_LEXICONS = "/v1/lexicons"
_ERROR_NAMESPACE = "http://internal.amazon.com/coral/com.amazonaws.polly.v20160610/"


class LocalPolly:
    """A local Polly endpoint. ``with LocalPolly() as polly: polly.client().list_...()``.

    - ``host``: the IPv4 address to listen on; loopback by default (SECURITY.md says what
      another interface exposes).
    - ``db``: ``":memory:"`` (default) or a SQLite file that survives restarts.
    - ``clock``: where time comes from; pass a ``ManualClock`` to move tasks on by hand.
    - ``credentials``: access key -> secret (or ``Credential`` with a session token); requests
      signed with anything else get AWS's 403 errors.
    - ``lifetime``: seconds after which the server stops by itself (tests never leak it).
    - ``header_timeout``: seconds a connection may take, from its opening or its previous
      answer, to send a request's line and headers (an idle connection is closed after it).
    - ``body_timeout``: seconds a request may take to send its body.
    - ``max_connections``: connections served at once; more get a 503 at once.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        db: str = ":memory:",
        region: str = "us-east-1",
        clock: Callable[[], float] | None = None,
        credentials: dict[str, str | Credential] | None = None,
        lifetime: float | None = None,
        header_timeout: float = 10.0,
        body_timeout: float = 30.0,
        max_connections: int = 128,
    ) -> None:
        self.clock: Callable[[], float] = clock if clock is not None else time.time
        self.region = region
        self.store = TaskStore(db, self.clock)
        self.service = PollyService(self.store, region)
        self.lexicons = Lexicons(self.store, self.service, self.clock)
        self.faults = FaultPlan()
        self._keys = {
            key: value if isinstance(value, Credential) else Credential(value)
            for key, value in (credentials or {DEFAULT_ACCESS_KEY: DEFAULT_SECRET_KEY}).items()
        }
        self._counts: Counter[str] = Counter()
        self._peers: set[tuple[str, int]] = set()
        self._open = 0
        self._count_lock = threading.Lock()
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self._httpd = _Server((host, port), _handler_for(self), max_connections)
        self._thread: threading.Thread | None = None
        self._lifetime = lifetime

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = str(self._httpd.server_address[0])
        # Listening on every interface: loopback is one of them, and the one always reachable.
        return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{self.port}"

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

# A Start body holds at most 200,000 characters of Text; JSON-escaped (\\uXXXX, as botocore
# writes non-ASCII) that is 1.2 MB, so 2 MiB admits every valid request.
MAX_BODY_BYTES = 2 * 1024 * 1024
# http.server's own limits: a request line or header line of 64 KiB, 100 header fields.
_MAX_LINE = 65536
# A refused connection is kept (half-closed, its input read and dropped) this long so that the
# client reads the answer instead of a reset.
_LINGER_SECONDS = 1.0
_MAX_LINGERING = 1024
_STATUS_CODES = {
    400: "BadRequestException",
    408: "RequestTimeoutException",
    411: "LengthRequiredException",
    413: "RequestEntityTooLargeException",
    414: "RequestURITooLongException",
    431: "RequestHeaderFieldsTooLargeException",
    505: "HTTPVersionNotSupportedException",
}


def _error_response(status: int, code: str, message: str, *, close: bool = False) -> bytes:
    body = json.dumps({"message": message}).encode()
    head = [
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
        f"x-amzn-RequestId: {uuid.uuid4()}",
        f"x-amzn-ErrorType: {code}:{_ERROR_NAMESPACE}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    if close:
        head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class _Refusal(Exception):
    """A request refused before it reaches an operation; the connection closes after the answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Connections wait in the kernel's queue until the accept loop takes them (and answers
    # those past the cap): with a short queue, clients beyond it wait for SYN retries, a second
    # and more each, instead of being answered at once.
    request_queue_size = 1024

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], slots: int
    ) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(slots)
        self._lingering: list[tuple[socket.socket, float]] = []

    def process_request(self, request: Any, client_address: Any) -> None:
        # One thread per connection, at most ``slots`` of them: the rest get a 503 from this
        # thread, which never blocks on them.
        if not self._slots.acquire(blocking=False):
            self._refuse_busy(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse_busy(self, request: socket.socket) -> None:
        answer = _error_response(
            503, "ServiceUnavailableException", "Too many open connections", close=True
        )
        with contextlib.suppress(OSError):
            request.setblocking(False)
            request.send(answer)
            request.shutdown(socket.SHUT_WR)
        if len(self._lingering) >= _MAX_LINGERING:
            self._lingering.pop(0)[0].close()
        self._lingering.append((request, time.monotonic() + _LINGER_SECONDS))

    def service_actions(self) -> None:
        """Between accepts: drop what refused clients still send, close them at EOF or after
        the linger time."""
        now = time.monotonic()
        kept = []
        for request, deadline in self._lingering:
            if now < deadline and not _drained(request):
                kept.append((request, deadline))
            else:
                request.close()
        self._lingering = kept

    def server_close(self) -> None:
        super().server_close()
        for request, _ in self._lingering:
            request.close()
        self._lingering = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up or timing out is what clients do, not an error of the server's.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def _drained(request: socket.socket) -> bool:
    """Whether the peer has finished (EOF or gone); reads and drops what it sent meanwhile."""
    try:
        return not request.recv(65536)
    except BlockingIOError:
        return False
    except OSError:
        return True


class _DeadlineReader(io.RawIOBase):
    """A socket's input that ends in TimeoutError at a deadline, however slowly bytes arrive:
    a per-recv timeout alone lets a client sending a byte a second hold a thread forever."""

    def __init__(self, connection: socket.socket) -> None:
        super().__init__()
        self._connection = connection
        self._deadline = float("inf")
        self.received = 0

    def expire_in(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        self.received = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        self._connection.settimeout(remaining)
        count = self._connection.recv_into(buffer)
        self.received += count
        return count


def _handler_for(polly: LocalPolly) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        local = polly

    return Handler


class _Handler(BaseHTTPRequestHandler):
    local: LocalPolly
    protocol_version = "HTTP/1.1"
    # Headers and body in one segment, sent at once: no waiting on the peer's delayed ACK.
    disable_nagle_algorithm = True
    wbufsize = -1

    def setup(self) -> None:
        super().setup()
        self._reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader, _MAX_LINE)
        self.local._connection_change(+1)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.local._connection_change(-1)

    def handle_one_request(self) -> None:
        # The header deadline runs from the end of the previous answer: it bounds an idle
        # keep-alive connection and a request whose headers trickle in alike.
        self._reader.expire_in(self.local.header_timeout)
        self.raw_requestline = b""
        try:
            self.raw_requestline = self.rfile.readline(_MAX_LINE + 1)
            if not self.raw_requestline:
                self.close_connection = True
            elif len(self.raw_requestline) > _MAX_LINE:
                self.send_error(414, "Request line too long")
            elif self.parse_request():
                self._handle()
        except TimeoutError:
            self._timed_out()
        except _Refusal as refusal:
            self.send_error(refusal.status, refusal.message)
        with contextlib.suppress(OSError):
            self.wfile.flush()

    def _timed_out(self) -> None:
        self.close_connection = True
        # An idle keep-alive connection (not a byte of a request yet) is closed without a word.
        if self.raw_requestline or self._reader.received:
            self.send_error(408, "The request was not received in time")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A request refused before any operation (http.server's own refusals of bad request
        lines and headers included), in AWS's JSON form; the connection closes after it."""
        self.close_connection = True
        # A request line that did not parse leaves the version at HTTP/0.9, which has no
        # status line or headers: the answer is given as HTTP/1.1.
        self.request_version = self.protocol_version
        self._error(
            code,
            _STATUS_CODES.get(code, "BadRequestException"),
            {"message": message or HTTPStatus(code).phrase},
        )
        self._linger()

    def _linger(self) -> None:
        """Half-close and drop what the client still sends, briefly, so it reads the answer
        instead of a reset."""
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self._reader.expire_in(_LINGER_SECONDS)
            while self.rfile.read1(65536):
                pass

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        if self.request_version == "HTTP/0.9":
            raise _Refusal(400, "HTTP/0.9 is not supported")
        body = self._read_body()
        path, _, query = self.path.partition("?")
        operation, label = _route(self.command, path)
        self.local._count(operation, self.client_address)
        fault = self.local.faults.take(operation)
        if fault is not None and fault.kind != "slow":
            self._misbehave(fault)
            return
        if fault is not None:
            time.sleep(fault.seconds)
        self._answer(operation, label, query, body)

    def handle_expect_100(self) -> bool:
        # A body that would be refused is refused before the client is told to send it; the
        # 100 is flushed at once, as the client waits for it.
        self._body_length()
        answered = super().handle_expect_100()
        self.wfile.flush()
        return answered

    def _body_length(self) -> int:
        length = _content_length(self.headers.get_all("Content-Length") or [])
        if self.headers.get("Transfer-Encoding") is not None:
            if length is not None:  # two framings: the way to smuggle a request past a proxy
                raise _Refusal(400, "Content-Length and Transfer-Encoding together")
            raise _Refusal(411, "Only Content-Length framing is supported")
        return length or 0

    def _read_body(self) -> bytes:
        length = self._body_length()
        if not length:
            return b""
        self._reader.expire_in(self.local.body_timeout)
        body = self.rfile.read(length)
        if len(body) < length:
            raise _Refusal(400, "The connection ended before the body did")
        return body

    def _answer(self, operation: str, label: str, query: str, body: bytes) -> None:
        try:
            self._authenticate(body)
            result = self._dispatch(operation, label, query, body)
        except AuthFailure as failure:
            self._error(403, failure.code, {"message": failure.message})
        except ServiceError as error:
            self._error(error.status, error.code, {"message": error.message, **error.members})
        except Exception:  # a request that finds a bug gets Polly's 500, never a dropped line
            self._error(500, "ServiceFailureException", {"message": "Internal failure"})
        else:
            self._send(200, *result)

    def _authenticate(self, body: bytes) -> None:
        headers: dict[str, str] = {}
        for name, value in self.headers.items():  # SigV4 signs repeated headers comma-joined
            key = name.lower()
            headers[key] = f"{headers[key]},{value}" if key in headers else value
        verify(
            self.command,
            self.path,
            headers,
            body,
            self.local._keys,
            "polly",
            self.local.clock(),
            region=self.local.region,
        )

    def _dispatch(
        self, operation: str, label: str, query: str, body: bytes
    ) -> tuple[bytes, dict[str, str], str]:
        """The answer's body, extra headers and content type."""
        if operation == "SynthesizeSpeech":
            document = _json_body(body) if body else _speech_document(query)
            audio, content_type, billed = self.local.service.synthesize(document)
            return audio, {"x-amzn-RequestCharacters": str(billed)}, content_type
        answer = _JSON_OPERATIONS.get(operation)
        if answer is None:
            raise ServiceError("UnknownOperationException", 404, f"No operation at {self.path}")
        result = answer(_Call(self.local, label, _query(query), body))
        encoded = result if isinstance(result, bytes) else json.dumps(result).encode()
        return encoded, {}, "application/json"

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
        if self.close_connection:
            self.send_header("Connection", "close")
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


class _Call(NamedTuple):
    local: LocalPolly
    label: str
    """The path's label: a task id or lexicon name."""
    query: dict[str, str]
    body: bytes


# The operations answering in JSON: a dict, or (the listing, the benchmarks' hot path) the
# encoded page.
_JSON_OPERATIONS: dict[str, Callable[[_Call], bytes | dict[str, Any]]] = {
    "ListSpeechSynthesisTasks": lambda call: call.local.service.list(call.query),
    "GetSpeechSynthesisTask": lambda call: call.local.service.get(call.label),
    "StartSpeechSynthesisTask": lambda call: call.local.service.start(_json_body(call.body)),
    "DescribeVoices": lambda call: call.local.service.describe_voices(call.query),
    "ListLexicons": lambda call: call.local.lexicons.list(call.query),
    "PutLexicon": lambda call: call.local.lexicons.put(call.label, _json_body(call.body)),
    "GetLexicon": lambda call: call.local.lexicons.get(call.label),
    "DeleteLexicon": lambda call: call.local.lexicons.delete(call.label),
}

_ROUTES = {
    ("GET", _PATH): "ListSpeechSynthesisTasks",
    ("POST", _PATH): "StartSpeechSynthesisTask",
    ("GET", _PATH + "/"): "GetSpeechSynthesisTask",
    # A presigned URL's SynthesizeSpeech is a GET (or boto3's default, a POST without a body).
    ("POST", "/v1/speech"): "SynthesizeSpeech",
    ("GET", "/v1/speech"): "SynthesizeSpeech",
    ("GET", "/v1/voices"): "DescribeVoices",
    ("GET", _LEXICONS): "ListLexicons",
    ("PUT", _LEXICONS + "/"): "PutLexicon",
    ("GET", _LEXICONS + "/"): "GetLexicon",
    ("DELETE", _LEXICONS + "/"): "DeleteLexicon",
}


def _route(method: str, path: str) -> tuple[str, str]:
    """The operation, and its path label (a task id or lexicon name) if it has one."""
    operation = _ROUTES.get((method, path))
    if operation is not None:
        return operation, ""
    for prefix in (_PATH, _LEXICONS):
        if path.startswith(prefix + "/"):
            labelled = _ROUTES.get((method, prefix + "/"))
            if labelled is not None:
                return labelled, unquote(path[len(prefix) + 1 :])
    return "Unknown", ""


def _json_body(body: bytes) -> object:
    try:
        return json.loads(body or b"{}")
    except (ValueError, RecursionError):
        raise ServiceError("SerializationException", 400, "Malformed JSON body") from None


def _content_length(values: list[str]) -> int | None:
    if not values:
        return None
    lengths = {value.strip() for value in values}
    if len(lengths) > 1:
        raise _Refusal(400, "Conflicting Content-Length headers")
    (text,) = lengths
    if not (text.isascii() and text.isdigit()):
        raise _Refusal(400, f"Invalid Content-Length: {text[:40]!r}")
    # Compared as text first: int() refuses strings of thousands of digits.
    if len(text) > len(str(MAX_BODY_BYTES)) or int(text) > MAX_BODY_BYTES:
        raise _Refusal(413, f"Request bodies are limited to {MAX_BODY_BYTES} bytes")
    return int(text)


def _query(query: str) -> dict[str, str]:
    """The query's members, a presigned URL's signature parameters left out."""
    return dict(_members(query, frozenset()))


def _speech_document(query: str) -> dict[str, Any]:
    """SynthesizeSpeech's members from a presigned URL's query: the model's list members
    (SpeechMarkTypes, LexiconNames) as repeated keys, each other member once."""
    lists = _speech_lists()
    document: dict[str, Any] = {}
    for name, value in _members(query, lists):
        if name in lists:
            document.setdefault(name, []).append(value)
        else:
            document[name] = value
    return document


@functools.cache
def _speech_lists() -> frozenset[str]:
    from polly_client.model import service_model

    shape: Any = service_model().operation_model("SynthesizeSpeech").input_shape
    return frozenset(name for name, member in shape.members.items() if member.type_name == "list")


def _members(query: str, lists: frozenset[str]) -> list[tuple[str, str]]:
    """The query's pairs but the signature's. A key other than a list member's may appear
    once: SigV4 signs the sorted pairs, so with a key repeated, reordering its values after
    signing would change which one counts."""
    pairs = parse_qsl(query, keep_blank_values=True)
    counts = Counter(name for name, _ in pairs if name not in lists)
    repeated = next((name for name, count in counts.items() if count > 1), None)
    if repeated is not None:
        raise ServiceError(
            "ValidationException", 400, f"Query parameter {repeated} appears more than once"
        )
    return [(name, value) for name, value in pairs if not name.startswith("X-Amz-")]
