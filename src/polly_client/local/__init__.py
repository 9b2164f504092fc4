"""A local Polly endpoint: ``LocalPolly``, its scripted ``Fault``s and a ``ManualClock``."""

from polly_client.local.faults import Fault
from polly_client.local.server import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, LocalPolly
from polly_client.local.sigv4 import Credential
from polly_client.local.store import ManualClock

__all__ = [
    "DEFAULT_ACCESS_KEY",
    "DEFAULT_SECRET_KEY",
    "Credential",
    "Fault",
    "LocalPolly",
    "ManualClock",
]
