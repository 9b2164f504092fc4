"""Broken connections end in botocore's exceptions, within the configured timeouts."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest
from botocore.config import Config
from botocore.exceptions import (
    ConnectionClosedError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from polly_client import PollyClient

Behaviour = Callable[[socket.socket], None]


def _serve(behaviour: Behaviour) -> Iterator[str]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)  # stops by itself if no client ever comes

    def run() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            behaviour(connection)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
        thread.join(timeout=10)


def _client(url: str) -> PollyClient:
    return PollyClient(
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(read_timeout=0.5, connect_timeout=2, retries={"max_attempts": 0}),
    )


def _cut_mid_body(connection: socket.socket) -> None:
    connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"SynthesisTasks": [')


def _reset(connection: socket.socket) -> None:
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def _silent(connection: socket.socket) -> None:
    threading.Event().wait(2)


def _stall_mid_body(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")
    threading.Event().wait(2)


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        (_cut_mid_body, ConnectionClosedError),
        (_reset, ConnectionClosedError),
        (_silent, ReadTimeoutError),
        (_stall_mid_body, ReadTimeoutError),
    ],
    ids=["closed mid-body", "reset", "no response", "stalled mid-body"],
)
def test_broken_responses_raise_botocore_errors(
    behaviour: Behaviour, expected: type[Exception]
) -> None:
    for url in _serve(behaviour):
        with pytest.raises(expected) as info:
            _client(url).list_speech_synthesis_tasks()
        assert url in str(info.value)


def test_refused_connection() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(EndpointConnectionError, match="Could not connect"):
        _client(url).list_speech_synthesis_tasks()
