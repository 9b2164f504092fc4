"""SigV4 signing through botocore's own signer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from polly_client.http import HttpRequest

if TYPE_CHECKING:
    from botocore.credentials import ReadOnlyCredentials

__all__ = ["SERVICE_NAME", "sign"]

SERVICE_NAME = "polly"


def sign(request: HttpRequest, credentials: ReadOnlyCredentials, region: str) -> HttpRequest:
    """The request with X-Amz-Date, X-Amz-Security-Token (if any) and Authorization added."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    unsigned = AWSRequest(
        method=request.method, url=request.url, headers=dict(request.headers), data=request.body
    )
    SigV4Auth(credentials, SERVICE_NAME, region).add_auth(unsigned)
    return HttpRequest(request.method, request.url, dict(unsigned.headers.items()), request.body)
