"""SigV4 signing through botocore's own signer."""

from __future__ import annotations

from typing import Any, Protocol, cast

from polly_client.http import HttpRequest
from polly_client.model import SERVICE_NAME
from polly_client.signing_log import quiet

__all__ = ["SigningKeys", "sign"]


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
    credentials: SigningKeys,
    region: str,
    service: str = SERVICE_NAME,
) -> HttpRequest:
    """The request with X-Amz-Date, X-Amz-Security-Token (if any) and Authorization added."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    unsigned = AWSRequest(
        method=request.method, url=request.url, headers=dict(request.headers), data=request.body
    )
    quiet.local.signing = True
    try:
        # botocore-stubs name its own classes here; the signer reads only the three keys.
        SigV4Auth(cast(Any, credentials), service, region).add_auth(unsigned)
    finally:
        quiet.local.signing = False
    return HttpRequest(request.method, request.url, dict(unsigned.headers.items()), request.body)
