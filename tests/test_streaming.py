"""SynthesizeSpeech's audio is a stream, as boto3's is: the call returns at the headers, the body
is read by the caller in chunks (never whole by the client), a body cut short fails the read as
botocore's does, and a body read or closed gives its connection back."""

from __future__ import annotations

import asyncio
import io
import os
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st

from polly_client import AsyncPollyClient
from polly_client.local import Fault, LocalPolly
from polly_client.presign import SynthesizeSpeechRequest
from tests.support import both_clients, client_kwargs, drive, each

SPEECH: SynthesizeSpeechRequest = {
    "Text": "Hello there",
    "VoiceId": "Joanna",
    "OutputFormat": "mp3",
}
NO_RETRIES = Config(retries={"max_attempts": 0}, read_timeout=5)
AUDIO = bytes(range(256)) * 64  # 16 KiB


class _GatedServer:
    """Answers one request with the headers and the first half of ``AUDIO``, then holds the
    rest until ``release`` is set (or ten seconds pass): a client that read the whole body
    before returning would return only after ``finished``."""

    def __init__(self, *, cut_short: bool = False) -> None:
        self.release = threading.Event()
        self.finished = threading.Event()
        self._cut_short = cut_short
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(10)  # stops by itself if no client ever comes
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _serve(self) -> None:
        try:
            connection, _ = self._listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nx-amzn-RequestCharacters: 11\r\n"
                f"Content-Length: {len(AUDIO)}\r\n\r\n"
            )
            half = len(AUDIO) // 2
            connection.sendall(head.encode() + AUDIO[:half])
            self.release.wait(10)
            if not self._cut_short:
                connection.sendall(AUDIO[half:])
            self.finished.set()

    def close(self) -> None:
        self.release.set()
        self._listener.close()
        self._thread.join(timeout=10)


@pytest.fixture
def gated() -> Iterator[Callable[..., _GatedServer]]:
    made: list[_GatedServer] = []

    def make(**kwargs: Any) -> _GatedServer:
        made.append(_GatedServer(**kwargs))
        return made[-1]

    yield make
    for server in made:
        server.close()


@pytest.mark.parametrize("which", [0, 1], ids=["ours", "boto3"])
def test_the_call_returns_at_the_headers_and_the_audio_is_read_in_chunks(
    gated: Callable[..., _GatedServer], which: int
) -> None:
    server = gated()
    result = both_clients(server.url, config=NO_RETRIES)[which].synthesize_speech(**SPEECH)
    assert not server.finished.is_set()  # returned with half the body still held back
    assert result["ContentType"] == "audio/mpeg" and result["RequestCharacters"] == 11
    stream = result["AudioStream"]
    assert stream.read(100) == AUDIO[:100]
    server.release.set()
    assert b"".join(stream.iter_chunks(1000)) == AUDIO[100:]


def test_a_body_cut_short_fails_the_read_as_botocores(
    gated: Callable[..., _GatedServer],
) -> None:
    raised = []
    for which in (0, 1):  # ours, then boto3's
        server = gated(cut_short=True)
        client = both_clients(server.url, config=NO_RETRIES)[which]
        stream = client.synthesize_speech(**SPEECH)["AudioStream"]
        server.release.set()
        with pytest.raises(Exception) as info:
            stream.read()
        raised.append(type(info.value))
    # The message holds the socket's own wording (a reset or a short read, by timing).
    assert raised[0] is raised[1]
    assert raised[0].__name__ in {"ResponseStreamingError", "IncompleteReadError"}


def test_audio_larger_than_the_whole_body_cap_streams() -> None:
    size = 70 * 1024 * 1024  # past the 64 MiB a whole-read response may have
    with LocalPolly() as polly:
        polly.inject(Fault.huge(size), times=1, operation="SynthesizeSpeech")
        stream = polly.client().synthesize_speech(**SPEECH)["AudioStream"]
        assert sum(len(chunk) for chunk in stream.iter_chunks(1024 * 1024)) == size


def test_a_read_or_closed_stream_gives_its_connection_back() -> None:
    with LocalPolly() as polly:
        client = polly.client(config=Config(max_pool_connections=1))
        for _ in range(3):
            client.synthesize_speech(**SPEECH)["AudioStream"].read()
        assert polly.connections() == 1  # each read to the end, then reused
        client.synthesize_speech(**SPEECH)["AudioStream"].close()
        client.synthesize_speech(**SPEECH)["AudioStream"].read()
        assert polly.requests("SynthesizeSpeech") == 5


def test_the_async_client_streams_too(gated: Callable[..., _GatedServer]) -> None:
    server = gated()

    async def ours() -> tuple[bool, bytes, bytes]:
        async with AsyncPollyClient(**client_kwargs(server.url, config=NO_RETRIES)) as client:
            result = await client.synthesize_speech(**SPEECH)
            early = server.finished.is_set()
            async with result["AudioStream"] as stream:
                first = await stream.read(100)
                server.release.set()
                rest = b"".join([chunk async for chunk in stream.iter_chunks(1000)])
            return early, first, rest

    early, first, rest = asyncio.run(ours())
    assert not early
    assert first + rest == AUDIO


def test_a_body_cut_short_fails_the_async_read_as_the_sync_one(
    gated: Callable[..., _GatedServer],
) -> None:
    raised = []
    server = gated(cut_short=True)
    sync, _ = both_clients(server.url, config=NO_RETRIES)
    stream = sync.synthesize_speech(**SPEECH)["AudioStream"]
    server.release.set()
    with pytest.raises(Exception) as info:
        stream.read()
    raised.append(type(info.value))
    server = gated(cut_short=True)

    async def ours() -> None:
        async with AsyncPollyClient(**client_kwargs(server.url, config=NO_RETRIES)) as client:
            stream = (await client.synthesize_speech(**SPEECH))["AudioStream"]
            server.release.set()
            await stream.read()

    with pytest.raises(Exception) as info:
        asyncio.run(ours())
    raised.append(type(info.value))
    assert raised[0] is raised[1]


class _Content:
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    async def read(self, amount: int) -> bytes:
        return self._data.read(None if amount < 0 else amount)


class _Response:
    def __init__(self, data: bytes) -> None:
        self.content = _Content(data)
        self.url = "http://example.invalid/"


_LINES = st.lists(st.sampled_from([b"a", b"bc", b"\n", b"\r", b"\r\n", b"\x0c", b"\xe2\x80\xa8"]))


@settings(max_examples=500 if os.environ.get("CI") else 100, deadline=None)
@given(
    parts=_LINES,
    chunk_size=st.integers(1, 9),
    keepends=st.booleans(),
    declared=st.sampled_from([None, 0, -1]),
)
def test_the_async_body_reads_as_botocores_streaming_body(
    parts: list[bytes], chunk_size: int, keepends: bool, declared: int | None
) -> None:
    from botocore.response import StreamingBody

    from polly_client.aio_transport import AsyncStreamingBody

    data = b"".join(parts)
    length = None if declared is None else len(data) + declared

    def bodies() -> tuple[Any, Any]:
        response: Any = _Response(data)
        ours = AsyncStreamingBody(response, None if length is None else str(length))
        return ours, StreamingBody(io.BytesIO(data), length)  # type: ignore[arg-type]

    def outcome(run: Callable[[], Any]) -> tuple[str, Any]:
        try:
            return "ok", run()
        except Exception as exc:  # the two must fail alike
            return type(exc).__name__, str(exc)

    ours, theirs = bodies()
    assert outcome(lambda: each(ours.iter_lines(chunk_size, keepends))) == outcome(
        lambda: list(theirs.iter_lines(chunk_size, keepends))
    )
    ours, theirs = bodies()
    assert outcome(lambda: each(ours.iter_chunks(chunk_size))) == outcome(
        lambda: list(theirs.iter_chunks(chunk_size))
    )
    ours, theirs = bodies()
    assert outcome(lambda: (drive(ours.read(chunk_size)), drive(ours.read()))) == outcome(
        lambda: (theirs.read(chunk_size), theirs.read())
    )


def test_an_after_call_handler_reading_the_content_reads_the_audio_as_in_boto3() -> None:
    with LocalPolly() as polly:
        seen = []
        for client in (polly.client(), boto3.client("polly", **polly.client_kwargs())):
            contents: list[bytes] = []

            def read_content(http_response: Any, **_: Any) -> None:
                contents.append(http_response.content)  # noqa: B023  (used before the loop moves on)

            client.meta.events.register("after-call.polly.SynthesizeSpeech", read_content)
            stream = client.synthesize_speech(**SPEECH)["AudioStream"]
            with pytest.raises(Exception) as info:
                stream.read()  # the handler has read it all: the stream is short of its length
            seen.append((len(contents[0]), contents[0][:3], type(info.value), str(info.value)))
        assert seen[0] == seen[1]
        assert seen[0][0] > 1000 and seen[0][1] == b"ID3"
        assert seen[0][2].__name__ == "IncompleteReadError"
