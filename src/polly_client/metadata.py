"""``ResponseMetadata``, as botocore reports it for a success, a supplied response and an error.

botocore reads the request id differently for each: a success takes ``x-amzn-requestid`` and
falls back to S3's ``x-amz-request-id``/``x-amz-id-2``; an error takes ``x-amzn-requestid``
only, and a generic (empty or HTML) 5xx none at all.
"""

from __future__ import annotations

from typing import Any

from polly_client.http import HttpResponse
from polly_client.models import ResponseMetadata

__all__ = ["add_retries", "error_metadata", "metadata_from_dict", "success_metadata"]


def success_metadata(
    response: HttpResponse, retry_attempts: int, max_attempts_reached: bool
) -> ResponseMetadata:
    headers = response.headers
    request_id = headers.get("x-amzn-requestid")
    host_id = None
    if request_id is None and "x-amz-request-id" in headers:
        request_id = headers["x-amz-request-id"]
        host_id = headers.get("x-amz-id-2", "")
    return ResponseMetadata(
        http_status_code=response.status_code,
        http_headers=dict(headers),
        request_id=request_id,
        host_id=host_id,
        retry_attempts=retry_attempts,
        max_attempts_reached=max_attempts_reached,
    )


def metadata_from_dict(parsed: dict[str, Any], http_response: HttpResponse) -> ResponseMetadata:
    """The metadata a supplied boto3-shaped dict carries (what it lacks, from the response)."""
    metadata = parsed.get("ResponseMetadata") or {}
    return ResponseMetadata(
        http_status_code=metadata.get("HTTPStatusCode", http_response.status_code),
        http_headers=metadata.get("HTTPHeaders", {}),
        request_id=metadata.get("RequestId"),
        host_id=metadata.get("HostId"),
        retry_attempts=metadata.get("RetryAttempts", 0),
        max_attempts_reached=metadata.get("MaxAttemptsReached", False),
    )


def error_metadata(response: HttpResponse, generic: bool) -> dict[str, Any]:
    """An error's metadata before retries are counted (see ``add_retries``)."""
    metadata: dict[str, Any] = {}
    if not generic and "x-amzn-requestid" in response.headers:
        metadata["RequestId"] = response.headers["x-amzn-requestid"]
    metadata["HTTPStatusCode"] = response.status_code
    metadata["HTTPHeaders"] = dict(response.headers)
    return metadata


def add_retries(
    parsed: dict[str, Any], retry_attempts: int, max_attempts_reached: bool
) -> dict[str, Any]:
    """The error dict with its retry count, in the order botocore adds them."""
    metadata = parsed["ResponseMetadata"]
    if max_attempts_reached:
        metadata["MaxAttemptsReached"] = True
    metadata["RetryAttempts"] = retry_attempts
    return parsed
