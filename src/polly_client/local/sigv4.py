"""An independent SigV4 verifier, written from the AWS specification (not botocore's signer):
canonical request, string to sign, derived key, signature, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote

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


class _Signed(NamedTuple):
    """What a request says about its own signature, from its Authorization header or (a
    presigned URL) its query string."""

    credential: str
    signed_headers: str
    signature: str
    amz_date: str
    session_token: str | None
    target: str
    """The path and query the signature covers (a presigned URL's less X-Amz-Signature)."""
    expires: int | None = None


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
    """Check one request to ``service`` in ``region``, signed in its Authorization header or
    presigned (SigV4 query parameters); return the access key it was signed with, or raise
    AuthFailure.

    ``headers`` has lower-cased names; ``target`` is the request line's path and query.
    """
    authorization = headers.get("authorization")
    query = dict(parse_qsl(target.partition("?")[2], keep_blank_values=True))
    if authorization is None and "X-Amz-Algorithm" in query:
        signed = _from_query(target, query)
    elif authorization is None:
        raise AuthFailure("MissingAuthenticationTokenException", "Missing Authentication Token")
    else:
        signed = _from_header(authorization, target, headers)
    access_key, date, scope_region, scope_service, terminator = signed.credential.split("/")
    credential = keys.get(access_key)
    if credential is None or terminator != "aws4_request":
        raise AuthFailure(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        )
    if credential.session_token != signed.session_token:
        raise AuthFailure(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        )
    _check_time(signed.amz_date, date, now, signed.expires)
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
    listed = _signed_headers(signed.signed_headers, headers, signed.expires is None)
    scope = f"{date}/{region}/{scope_service}/aws4_request"
    canonical = canonical_request(method, signed.target, headers, listed, body)
    expected = _signature(
        credential.secret_key,
        date,
        region,
        scope_service,
        _string_to_sign(signed.amz_date, scope, canonical),
    )
    if not hmac.compare_digest(expected, signed.signature):
        raise AuthFailure(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.",
        )
    return access_key


def _from_header(authorization: str, target: str, headers: Mapping[str, str]) -> _Signed:
    match = _AUTHORIZATION.match(authorization.strip())
    if match is None or match["credential"].count("/") != 4:
        raise AuthFailure(
            "IncompleteSignatureException",
            f"Authorization header requires "
            f"'Credential', 'SignedHeaders' and 'Signature': {_ALGORITHM} ...",
        )
    return _Signed(
        match["credential"],
        match["signed"],
        match["signature"],
        headers.get("x-amz-date", ""),
        headers.get("x-amz-security-token"),
        target,
    )


_QUERY_AUTH = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)
# A presigned URL lasts at most seven days (SigV4's limit).
_MAX_EXPIRES_SECONDS = 7 * 24 * 3600


def _from_query(target: str, query: Mapping[str, str]) -> _Signed:
    missing = [name for name in _QUERY_AUTH if name not in query]
    if missing or query["X-Amz-Algorithm"] != _ALGORITHM:
        raise AuthFailure(
            "IncompleteSignatureException",
            f"A presigned URL requires {', '.join(_QUERY_AUTH)} with {_ALGORITHM}"
            + (f" (missing {missing[0]})" if missing else ""),
        )
    expires = query["X-Amz-Expires"]
    # Compared as text first: int() refuses strings of thousands of digits.
    if not (expires.isascii() and expires.isdigit() and len(expires) <= 6) or not (
        0 < int(expires) <= _MAX_EXPIRES_SECONDS
    ):
        raise AuthFailure(
            "AuthorizationQueryParametersError",
            f"X-Amz-Expires must be a number of seconds from 1 to {_MAX_EXPIRES_SECONDS}.",
        )
    if query["X-Amz-Credential"].count("/") != 4 or not re.fullmatch(
        "[0-9a-f]{64}", query["X-Amz-Signature"]
    ):
        raise AuthFailure(
            "IncompleteSignatureException", "Malformed X-Amz-Credential or X-Amz-Signature."
        )
    path, _, raw = target.partition("?")
    # The signature signs every query parameter but itself.
    kept = [part for part in raw.split("&") if unquote(part.partition("=")[0]) != "X-Amz-Signature"]
    return _Signed(
        query["X-Amz-Credential"],
        query["X-Amz-SignedHeaders"],
        query["X-Amz-Signature"],
        query["X-Amz-Date"],
        query.get("X-Amz-Security-Token"),
        f"{path}?{'&'.join(kept)}",
        int(expires),
    )


def _signed_headers(listed: str, headers: Mapping[str, str], in_header: bool) -> list[str]:
    """The SignedHeaders list: host always among them, and the session token too when it is
    sent as a header (botocore and the AWS CLI sign it; unsigned, it could be swapped in
    transit; a presigned URL's is in the signed query), each present in the request."""
    signed = listed.split(";")
    required = {"host"} | ({"x-amz-security-token"} & headers.keys() if in_header else set())
    missing = sorted(required - set(signed))
    if missing:
        raise AuthFailure("InvalidSignatureException", f"'{missing[0]}' must be a signed header.")
    if any(name not in headers for name in signed):
        raise AuthFailure(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.",
        )
    return signed


def _check_time(amz_date: str, scope_date: str, now: float, expires: int | None) -> None:
    """Signed within 5 minutes of now; a presigned URL from then until it expires."""
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
    if expires is not None and skew > expires:
        raise AuthFailure(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than {_stamp(now - expires)} "
            f"({_stamp(now)} - {expires} sec.)",
        )
    if expires is not None and skew >= -_MAX_SKEW_SECONDS:
        return
    if abs(skew) > _MAX_SKEW_SECONDS:
        raise AuthFailure(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than "
            f"{_stamp(now - _MAX_SKEW_SECONDS)} ({_stamp(now)} - 5 min.)",
        )


def _stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


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
