"""The AWS SigV4 test suite (as botocore ships it): the client's signing path must give the
suite's Authorization header, and the local endpoint's own verifier the suite's canonical
request. Cases that do not apply are skipped with the reason."""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from botocore.credentials import Credentials

from polly_client.http import HttpRequest
from polly_client.local.sigv4 import canonical_request
from polly_client.signing import sign
from tests.conformance import conformance_dir

SUITE = conformance_dir("aws4_testsuite")
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SIGNED_AT = datetime.datetime(2015, 8, 30, 12, 36, 0)


@dataclass(frozen=True)
class Case:
    folder: Path
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def name(self) -> str:
        return self.folder.name

    def read(self, suffix: str) -> str:
        return (self.folder / f"{self.name}.{suffix}").read_text()


def _parse(folder: Path) -> Case:
    raw = (folder / f"{folder.name}.req").read_bytes().decode()
    head, _, body = raw.partition("\n\n")
    request_line, *header_lines = head.split("\n")
    method, rest = request_line.split(" ", 1)
    target = rest.rsplit(" ", 1)[0]
    headers: list[tuple[str, str]] = []
    for line in filter(None, header_lines):
        if line[:1] in (" ", "\t") and headers:  # a folded continuation line
            name, value = headers[-1]
            headers[-1] = (name, value + "\n" + line)
        else:
            name, _, value = line.partition(":")
            headers.append((name, value))
    return Case(folder, method, target, headers, body.encode())


# Some cases sit in sub-folders (normalize-path/, post-sts-token/): every folder with a .req.
CASES = sorted((_parse(req.parent) for req in SUITE.rglob("*.req")), key=lambda c: c.name)


def _session_token(case: Case) -> str | None:
    """The token a case signs: found only in its signed request (.sreq), and signed only where
    its canonical request lists it (post-sts-header-after adds it after signing)."""
    if "x-amz-security-token" not in case.read("creq"):
        return None
    for line in case.read("sreq").splitlines():
        name, _, value = line.partition(":")
        if name.lower() == "x-amz-security-token":
            return value
    return None


def _why_not_signed_by_client(case: Case) -> str | None:
    if case.method != "GET":
        return "the client only sends GET requests"
    names = [name.lower() for name, _ in case.headers]
    if len(names) != len(set(names)):
        return "a repeated header name cannot be expressed by the client's header mapping"
    if any("\n" in value for _, value in case.headers):
        return "the client never sends folded (multi-line) header values"
    if case.folder.parent.name == "normalize-path":
        return "path normalisation: the client's paths are fixed and never contain dot segments"
    return None


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_client_signing_gives_the_suites_authorization(case: Case) -> None:
    reason = _why_not_signed_by_client(case)
    if reason:
        pytest.skip(reason)
    # The signer adds the date (the one given) and the token (from the credentials) itself.
    headers = {name: value for name, value in case.headers if name.lower() != "x-amz-date"}
    host = headers["Host"]
    # The client's serializer percent-encodes query members as UTF-8, so a raw non-ASCII query
    # (get-vanilla-utf8-query) leaves it encoded; punctuation is the case's own. The path is
    # given as the case has it (the client's own path is fixed ASCII).
    path, mark, query = case.target.partition("?")
    target = path + mark + quote(query, safe=string.punctuation)
    request = HttpRequest(case.method, f"https://{host}{target}", headers, case.body)
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, _session_token(case))
    signed = sign(
        request, credentials.get_frozen_credentials(), "us-east-1", SIGNED_AT, service="service"
    )
    assert signed.headers["Authorization"] == case.read("authz").strip()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_local_verifier_builds_the_suites_canonical_request(case: Case) -> None:
    if any("\n" in value for _, value in case.headers):
        pytest.skip(
            "folded (multi-line) header values: obsolete in HTTP/1.1 (RFC 7230 3.2.4) "
            "and never produced by the clients the endpoint serves"
        )
    if case.folder.parent.name == "normalize-path":
        pytest.skip("path normalisation: Polly's paths have no dot segments")
    headers: dict[str, str] = {}
    for name, value in case.headers:  # repeated headers arrive joined with commas
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    token = _session_token(case)
    if token is not None:
        headers["x-amz-security-token"] = token
    signed_headers = sorted(headers)
    creq = canonical_request(case.method, case.target, headers, signed_headers, case.body)
    assert creq == case.read("creq").rstrip("\n")
