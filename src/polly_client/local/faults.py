"""Scripted faults: what the local endpoint does instead of answering, for the next N requests
(of one operation, or of any)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = ["Fault", "FaultPlan"]


@dataclass(frozen=True)
class Fault:
    """One misbehaviour. Build it with the class methods; ``kind`` says which it is."""

    kind: str
    status: int = 200
    body: bytes = b""
    error_type: str | None = None
    content_type: str = "application/x-amz-json-1.1"
    seconds: float = 0.0
    size: int = 0

    @classmethod
    def throttling(cls) -> Fault:
        """400 ThrottlingException, as Polly sends when the request rate is too high."""
        return cls("respond", 400, b'{"message":"Rate exceeded"}', "ThrottlingException")

    @classmethod
    def server_error(cls, status: int = 500, code: str = "ServiceFailureException") -> Fault:
        """A 5xx with a JSON error body and x-amzn-ErrorType."""
        return cls("respond", status, b'{"message":"Internal failure"}', code)

    @classmethod
    def html_error(cls, status: int = 502) -> Fault:
        """A 5xx HTML page, as a proxy or load balancer sends."""
        body = f"<html><body><h1>{status} Bad Gateway</h1></body></html>".encode()
        return cls("respond", status, body, content_type="text/html")

    @classmethod
    def empty_error(cls, status: int = 503) -> Fault:
        return cls("respond", status, b"", content_type="text/plain")

    @classmethod
    def malformed(cls) -> Fault:
        """A 200 whose JSON body is cut off."""
        return cls("respond", 200, b'{"SynthesisTasks": [{"TaskId": "a"')

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Wait, then answer normally (longer than a client's read_timeout: a timeout)."""
        return cls("slow", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without answering."""
        return cls("drop")

    @classmethod
    def reset_mid_body(cls) -> Fault:
        """Send the headers and part of the body, then reset the connection."""
        return cls("reset_mid_body")

    @classmethod
    def endless(cls, seconds: float = 30.0) -> Fault:
        """A 200 whose body keeps coming, a little at a time, for ``seconds``."""
        return cls("endless", seconds=seconds)

    @classmethod
    def huge(cls, size: int = 50 * 1024 * 1024) -> Fault:
        """A valid 200 of ``size`` bytes (an empty task list padded with whitespace)."""
        return cls("huge", size=size)


@dataclass
class _Pending:
    fault: Fault
    remaining: int
    operation: str | None


class FaultPlan:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []

    def add(self, fault: Fault, times: int, operation: str | None) -> None:
        with self._lock:
            self._pending.append(_Pending(fault, times, operation))

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def take(self, operation: str) -> Fault | None:
        """The first pending fault for ``operation``, used up one request at a time."""
        with self._lock:
            for entry in self._pending:
                if entry.operation in (None, operation):
                    entry.remaining -= 1
                    if entry.remaining == 0:
                        self._pending.remove(entry)
                    return entry.fault
        return None
