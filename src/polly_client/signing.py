"""SigV4 signing through botocore's own signer, dated by the caller's clock."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Protocol

from polly_client.adapters import signer, to_aws_request
from polly_client.auth_log_filter import quiet
from polly_client.http import HttpRequest
from polly_client.model import SERVICE_NAME

if TYPE_CHECKING:
    from botocore.awsrequest import AWSRequest

__all__ = ["SigningKeys", "add_auth", "sign"]


class SigningKeys(Protocol):
    """What botocore's SigV4 signer reads of credentials: botocore's frozen credentials, or
    the keys a client was given."""

    @property
    def access_key(self) -> str | None: ...

    @property
    def secret_key(self) -> str | None: ...

    @property
    def token(self) -> str | None: ...


def sign(
    request: HttpRequest,
    credentials: SigningKeys | None,
    region: str,
    now: datetime,
    service: str = SERVICE_NAME,
) -> HttpRequest:
    """The request with X-Amz-Date, X-Amz-Security-Token (if any) and Authorization added; no
    credentials: botocore's NoCredentialsError."""
    unsigned = to_aws_request(request)
    add_auth(unsigned, credentials, region, now, service)
    headers = dict(unsigned.headers.items())
    return HttpRequest(request.method, request.url, headers, request.body, request.stream)


def add_auth(
    request: AWSRequest,
    credentials: SigningKeys | None,
    region: str,
    now: datetime,
    service: str = SERVICE_NAME,
) -> None:
    """``sign``, on botocore's own request, in place, as botocore's signer signs it."""
    if now.tzinfo is not None:
        now = now.astimezone(timezone.utc)
    quiet.local.signing = True
    try:
        signer(credentials, region, now, service).add_auth(request)
    finally:
        quiet.local.signing = False
