"""The signer's cached signing keys give botocore's plain ``SigV4Auth`` signature for any
credentials, day, region and service, including after the cache has seen other scopes."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import given, settings
from hypothesis import strategies as st

from polly_client.adapters import signer

_TEXT = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=1, max_size=40)


@settings(max_examples=2_000 if os.environ.get("CI") else 200, deadline=None)
@given(
    secret=st.sampled_from(["secret-a", "secret-b"]) | _TEXT,
    days=st.integers(min_value=0, max_value=20_000),
    seconds=st.integers(min_value=0, max_value=86_399),
    region=st.sampled_from(["us-east-1", "eu-west-1"]) | _TEXT,
    service=st.sampled_from(["polly", "s3"]),
    path=st.sampled_from(["/v1/synthesisTasks", "/v1/voices"]),
)
def test_a_signature_is_botocores(
    *, secret: str, days: int, seconds: int, region: str, service: str, path: str
) -> None:
    now = datetime(1990, 1, 1, tzinfo=timezone.utc) + timedelta(days=days, seconds=seconds)
    credentials = Credentials("AKIDEXAMPLE", secret)
    ours = AWSRequest("GET", f"https://polly.us-east-1.amazonaws.com{path}?MaxResults=5")
    signer(credentials, region, now, service).add_auth(ours)
    expected = _botocores_signature(AWSRequest("GET", ours.url), credentials, region, service, now)
    assert ours.headers["Authorization"].endswith(f"Signature={expected}")


def _botocores_signature(
    plain: AWSRequest, credentials: Credentials, region: str, service: str, now: datetime
) -> str:
    """The signature botocore's plain SigV4Auth gives ``plain`` at ``now``."""
    plain.context["timestamp"] = now.strftime("%Y%m%dT%H%M%SZ")
    reference = SigV4Auth(credentials, service, region)
    reference._modify_request_before_signing(plain)  # type: ignore[attr-defined]
    signature: str = reference.signature(
        reference.string_to_sign(plain, reference.canonical_request(plain)), plain
    )
    return signature


def test_a_request_signed_again_signs_its_headers_as_they_are_then() -> None:
    """The headers to sign are collected once per signature, not once per signer: signed
    again with a header added, the request's Authorization names and signs it."""
    now = datetime(2026, 12, 4, tzinfo=timezone.utc)
    credentials = Credentials("AKIDEXAMPLE", "secret")
    ours = signer(credentials, "us-east-1", now, "polly")
    request = AWSRequest("GET", "https://polly.us-east-1.amazonaws.com/v1/voices")
    ours.add_auth(request)
    request.headers["X-Amz-Target"] = "again"
    ours.add_auth(request)
    plain = AWSRequest("GET", request.url, headers={"X-Amz-Target": "again"})
    expected = _botocores_signature(plain, credentials, "us-east-1", "polly", now)
    assert "SignedHeaders=host;x-amz-date;x-amz-target," in request.headers["Authorization"]
    assert request.headers["Authorization"].endswith(f"Signature={expected}")
