"""An independent SigV4 verifier, written from the AWS specification (not botocore's signer):
canonical request, string to sign, derived key, signature, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote

__all__ = ["AuthFailure", "Credential", "verify"]

_ALGORITHM = "AWS4-HMAC-SHA256"
_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]{64})$"
)
_MAX_SKEW_SECONDS = 300


@dataclass(frozen=True)
class Credential:
    secret_key: str
    session_token: str | None = None

    def __repr__(self) -> str:
        return "Credential(...)"


class AuthFailure(Exception):
    """Rejected: ``code`` and ``message`` are what AWS answers with, as a 403."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def verify(  # noqa: PLR0917  (the parts of one request)
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    keys: Mapping[str, Credential],
    service: str,
    now: float,
    *,
    region: str,
) -> str:
    """Check one request to ``service`` in ``region``; return the access key it was signed
    with, or raise AuthFailure.

    ``headers`` has lower-cased names; ``target`` is the request line's path and query.
    """
    authorization = headers.get("authorization")
    if authorization is None:
        raise AuthFailure("MissingAuthenticationTokenException", "Missing Authentication Token")
    match = _AUTHORIZATION.match(authorization.strip())
    if match is None or match["credential"].count("/") != 4:
        raise AuthFailure(
            "IncompleteSignatureException",
            f"Authorization header requires "
            f"'Credential', 'SignedHeaders' and 'Signature': {_ALGORITHM} ...",
        )
    access_key, date, scope_region, scope_service, terminator = match["credential"].split("/")
    credential = keys.get(access_key)
    if credential is None or terminator != "aws4_request":
        raise AuthFailure(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        )
    if credential.session_token != headers.get("x-amz-security-token"):
        raise AuthFailure(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        )
    amz_date = headers.get("x-amz-date", "")
    _check_time(amz_date, date, now)
    if scope_region != region:
        raise AuthFailure(
            "InvalidSignatureException",
            f"Credential should be scoped to a valid region, not '{scope_region}'.",
        )
    if scope_service != service:
        raise AuthFailure(
            "InvalidSignatureException",
            f"Credential should be scoped to correct service: '{service}'.",
        )
    signed = _signed_headers(match["signed"], headers)
    scope = f"{date}/{region}/{scope_service}/aws4_request"
    expected = _signature(
        credential.secret_key,
        date,
        region,
        scope_service,
        _string_to_sign(amz_date, scope, canonical_request(method, target, headers, signed, body)),
    )
    if not hmac.compare_digest(expected, match["signature"]):
        raise AuthFailure(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.",
        )
    return access_key


def _signed_headers(listed: str, headers: Mapping[str, str]) -> list[str]:
    """The SignedHeaders list: host always among them, and the session token too when it is
    sent as a header (botocore and the AWS CLI sign it; unsigned, it could be swapped in
    transit), each present in the request."""
    signed = listed.split(";")
    required = {"host"} | ({"x-amz-security-token"} & headers.keys())
    missing = sorted(required - set(signed))
    if missing:
        raise AuthFailure("InvalidSignatureException", f"'{missing[0]}' must be a signed header.")
    if any(name not in headers for name in signed):
        raise AuthFailure(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.",
        )
    return signed


def _check_time(amz_date: str, scope_date: str, now: float) -> None:
    try:
        signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise AuthFailure(
            "IncompleteSignatureException",
            f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'.",
        ) from None
    if not amz_date.startswith(scope_date):
        raise AuthFailure(
            "InvalidSignatureException",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version "
            "of date from HTTP.",
        )
    skew = now - signed_at.timestamp()
    if abs(skew) > _MAX_SKEW_SECONDS:
        limit = datetime.fromtimestamp(now - _MAX_SKEW_SECONDS, timezone.utc)
        raise AuthFailure(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than "
            f"{limit.strftime('%Y%m%dT%H%M%SZ')} "
            f"({datetime.fromtimestamp(now, timezone.utc).strftime('%Y%m%dT%H%M%SZ')} - 5 min.)",
        )


def canonical_request(
    method: str, target: str, headers: Mapping[str, str], signed: list[str], body: bytes
) -> str:
    path, _, query = target.partition("?")
    return "\n".join(
        (
            method,
            _canonical_path(path),
            _canonical_query(query),
            "".join(f"{name}:{_trim(headers[name])}\n" for name in signed),
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        )
    )


def _canonical_path(path: str) -> str:
    # Services other than S3 sign the path with each segment encoded once more.
    return quote(path or "/", safe="/~")


def _canonical_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    encoded = sorted((_encode(name), _encode(value)) for name, value in pairs)
    return "&".join(f"{name}={value}" for name, value in encoded)


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def _trim(value: str) -> str:
    return " ".join(value.split())


def _string_to_sign(amz_date: str, scope: str, request: str) -> str:
    return "\n".join((_ALGORITHM, amz_date, scope, hashlib.sha256(request.encode()).hexdigest()))


def _signature(secret: str, date: str, region: str, service: str, string_to_sign: str) -> str:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
