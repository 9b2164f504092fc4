"""Raw-socket probes against the local endpoint, as an attacker sends them: every one gets an
answer in AWS's JSON error form within a bound (no traceback, no silent close, no hang), and a
well-formed signed request succeeds right after."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from polly_client.local import Credential, LocalPolly
from polly_client.local.server import MAX_BODY_BYTES

PATH = "/v1/synthesisTasks"
START = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "Text": "Hello there",
    "VoiceId": "Joanna",
}
# Every probe is answered within this (hang checks, not performance).
BOUND_SECONDS = 5.0


@dataclass(frozen=True)
class Answer:
    status: int
    error_type: str | None
    document: dict[str, Any]
    closed: bool  # the server said it closes the connection

    @property
    def code(self) -> str | None:
        return None if self.error_type is None else self.error_type.split(":")[0]


@pytest.fixture
def polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=60, header_timeout=1.0, body_timeout=1.0) as server:
        yield server


@pytest.fixture(autouse=True)
def _no_traceback(capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    yield
    assert "Traceback" not in capfd.readouterr().err


def signed(
    polly: LocalPolly,
    method: str = "GET",
    target: str = PATH,
    body: bytes = b"",
    *,
    region: str | None = None,
    token: str | None = None,
    extra: dict[str, str] | None = None,
) -> tuple[str, dict[str, str]]:
    """The request line and headers of a request botocore's signer signed (no framing)."""
    host = f"127.0.0.1:{polly.port}"
    request = AWSRequest(method=method, url=f"http://{host}{target}", data=body)
    request.headers["Host"] = host
    if token is not None:
        request.headers["X-Amz-Security-Token"] = token
    credentials = Credentials(polly.access_key, polly.secret_key)
    SigV4Auth(credentials, "polly", region or polly.region).add_auth(request)
    headers = dict(request.headers.items())
    headers.update(extra or {})
    return f"{method} {target} HTTP/1.1", headers


def raw(line: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"{line}\r\n{head}\r\n".encode() + body


def exchange(polly: LocalPolly, data: bytes, *, close_write: bool = False) -> Answer:
    with socket.create_connection(("127.0.0.1", polly.port), timeout=BOUND_SECONDS) as sock:
        sock.sendall(data)
        if close_write:
            sock.shutdown(socket.SHUT_WR)
        return read_answer(sock)


def read_answer(sock: socket.socket) -> Answer:
    response = http.client.HTTPResponse(sock)
    response.begin()
    body = response.read()
    assert response.getheader("Content-Type") == "application/json", body[:200]
    return Answer(
        response.status,
        response.getheader("x-amzn-ErrorType"),
        json.loads(body),
        (response.getheader("Connection") or "").lower() == "close",
    )


def start_body(polly: LocalPolly, document: object) -> bytes:
    body = json.dumps(document).encode()
    line, headers = signed(polly, "POST", PATH, body)
    return raw(line, {**headers, "Content-Length": str(len(body))}, body)


def assert_still_serving(polly: LocalPolly) -> None:
    line, headers = signed(polly)
    answer = exchange(polly, raw(line, headers))
    assert answer.status == 200 and "SynthesisTasks" in answer.document


def check(answer: Answer, status: int, code: str, polly: LocalPolly) -> None:
    assert (answer.status, answer.code) == (status, code), answer
    assert isinstance(answer.document.get("message"), str)
    assert_still_serving(polly)


@pytest.mark.parametrize(
    "member",
    [
        {"Engine": []},
        {"VoiceId": [1]},
        {"SampleRate": {}},
        {"SpeechMarkTypes": [[]]},
        {"SpeechMarkTypes": "word"},
        {"Text": 5},
        {"LexiconNames": [None]},
        {"OutputS3KeyPrefix": True},
    ],
    ids=repr,
)
def test_wrong_json_types_are_a_serialization_exception(
    polly: LocalPolly, member: dict[str, Any]
) -> None:
    answer = exchange(polly, start_body(polly, {**START, **member}))
    check(answer, 400, "SerializationException", polly)


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"Text": ' * 50_000, b"{not json", b"\xff\xfe"],
    ids=["nested 100,000 deep", "unclosed objects", "not json", "not utf-8"],
)
def test_bodies_that_do_not_parse(polly: LocalPolly, body: bytes) -> None:
    line, headers = signed(polly, "POST", PATH, body)
    answer = exchange(polly, raw(line, {**headers, "Content-Length": str(len(body))}, body))
    check(answer, 400, "SerializationException", polly)


@pytest.mark.parametrize("document", [[], "text", 5, None], ids=repr)
def test_a_body_that_is_not_an_object(polly: LocalPolly, document: object) -> None:
    answer = exchange(polly, start_body(polly, document))
    check(answer, 400, "SerializationException", polly)


@pytest.mark.parametrize(
    ("framing", "status", "code"),
    [
        ({"Content-Length": "abc"}, 400, "BadRequestException"),
        ({"Content-Length": "-1"}, 400, "BadRequestException"),
        ({"Content-Length": "+5"}, 400, "BadRequestException"),
        ({"Content-Length": "5, 5"}, 400, "BadRequestException"),
        ({"Content-Length": str(2**31)}, 413, "RequestEntityTooLargeException"),
        ({"Content-Length": str(10**12)}, 413, "RequestEntityTooLargeException"),
        ({"Content-Length": "9" * 5000}, 413, "RequestEntityTooLargeException"),
        ({"Content-Length": str(MAX_BODY_BYTES + 1)}, 413, "RequestEntityTooLargeException"),
        ({"Transfer-Encoding": "chunked"}, 411, "LengthRequiredException"),
        ({"Transfer-Encoding": "gzip, chunked"}, 411, "LengthRequiredException"),
        ({"Transfer-Encoding": "chunked", "Content-Length": "2"}, 400, "BadRequestException"),
    ],
    ids=[
        "abc",
        "-1",
        "+5",
        "a list",
        "2**31",
        "10**12",
        "5000 digits",
        "over the cap",
        "chunked",
        "gzip, chunked",
        "both framings",
    ],
)
def test_bad_framing(polly: LocalPolly, framing: dict[str, str], status: int, code: str) -> None:
    line, headers = signed(polly, "POST", PATH, b"{}")
    answer = exchange(polly, raw(line, {**headers, **framing}))
    assert answer.closed
    check(answer, status, code, polly)


def test_conflicting_content_lengths(polly: LocalPolly) -> None:
    line, headers = signed(polly, "POST", PATH, b"{}")
    data = raw(line, headers).replace(
        b"\r\n\r\n", b"\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n"
    )
    answer = exchange(polly, data + b"{}x")
    check(answer, 400, "BadRequestException", polly)


def test_a_body_cut_short(polly: LocalPolly) -> None:
    line, headers = signed(polly, "POST", PATH, b"{}")
    answer = exchange(
        polly, raw(line, {**headers, "Content-Length": "100"}, b"{}"), close_write=True
    )
    check(answer, 400, "BadRequestException", polly)


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, "RequestURITooLongException"),
        (
            b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
            431,
            "RequestHeaderFieldsTooLargeException",
        ),
        (
            b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n",
            431,
            "RequestHeaderFieldsTooLargeException",
        ),
        (b"GARBAGE\r\n\r\n", 400, "BadRequestException"),
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400, "BadRequestException"),
        (b"GET / HTTP/x.y\r\n\r\n", 400, "BadRequestException"),
        (b"GET / HTTP/2.0\r\n\r\n", 505, "HTTPVersionNotSupportedException"),
        (b"GET /\r\n\r\n", 400, "BadRequestException"),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400, "BadRequestException"),
    ],
    ids=[
        "request line",
        "header line",
        "101 headers",
        "no version",
        "four words",
        "bad version",
        "HTTP/2",
        "HTTP/0.9",
        "TLS hello",
    ],
)
def test_malformed_requests_get_json_not_html(
    polly: LocalPolly, data: bytes, status: int, code: str
) -> None:
    answer = exchange(polly, data)
    assert answer.closed
    check(answer, status, code, polly)


def test_unsigned_unknown_method_and_path(polly: LocalPolly) -> None:
    answer = exchange(polly, b"DELETE /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
    check(answer, 403, "MissingAuthenticationTokenException", polly)
    line, headers = signed(polly, "DELETE", "/nowhere")
    check(exchange(polly, raw(line, headers)), 404, "UnknownOperationException", polly)


def test_headers_that_never_end_get_a_408(polly: LocalPolly) -> None:
    # header_timeout is 1 s: the partial request is answered, not held.
    answer = exchange(polly, b"GET /v1/synthesisTasks HTTP/1.1\r\nHost: x\r\n")
    assert answer.closed
    check(answer, 408, "RequestTimeoutException", polly)


def test_a_body_that_never_comes_gets_a_408(polly: LocalPolly) -> None:
    line, headers = signed(polly, "POST", PATH, b"{}")
    answer = exchange(polly, raw(line, {**headers, "Content-Length": "2"}, b"{"))
    check(answer, 408, "RequestTimeoutException", polly)


def test_an_idle_connection_is_closed_after_the_header_timeout(polly: LocalPolly) -> None:
    with socket.create_connection(("127.0.0.1", polly.port), timeout=BOUND_SECONDS) as sock:
        assert sock.recv(1) == b""  # closed, nothing sent: no request, no answer owed
    assert_still_serving(polly)


# -- auth ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["eu-west-1", "nowhere-1"])
def test_a_scope_naming_another_region_is_rejected(polly: LocalPolly, region: str) -> None:
    line, headers = signed(polly, region=region)
    answer = exchange(polly, raw(line, headers))
    check(answer, 403, "InvalidSignatureException", polly)
    assert region in answer.document["message"]


def test_a_scope_naming_another_service_is_rejected(polly: LocalPolly) -> None:
    line, headers = signed(polly)
    headers["Authorization"] = headers["Authorization"].replace("/polly/", "/s3/")
    check(exchange(polly, raw(line, headers)), 403, "InvalidSignatureException", polly)


def test_a_session_token_must_be_signed() -> None:
    credentials: dict[str, str | Credential] = {"ASIATEMP": Credential("temp", "tok-1")}
    with LocalPolly(credentials=credentials, lifetime=60) as polly:
        line, headers = signed(polly, token="tok-1")
        assert "x-amz-security-token" in headers["Authorization"]
        assert exchange(polly, raw(line, headers)).status == 200
        line, headers = signed(polly)  # signed without it, then added
        answer = exchange(polly, raw(line, {**headers, "X-Amz-Security-Token": "tok-1"}))
        assert (answer.status, answer.code) == (403, "InvalidSignatureException")
        assert "x-amz-security-token" in answer.document["message"]
        line, headers = signed(polly)  # the key needs its token
        answer = exchange(polly, raw(line, headers))
        assert (answer.status, answer.code) == (403, "UnrecognizedClientException")


def test_a_token_sent_to_a_key_without_one_is_rejected(polly: LocalPolly) -> None:
    line, headers = signed(polly, token="stray")
    check(exchange(polly, raw(line, headers)), 403, "UnrecognizedClientException", polly)


def test_repeated_query_keys_are_rejected_in_either_order(polly: LocalPolly) -> None:
    polly.seed(3)
    _, headers = signed(polly, target=f"{PATH}?MaxResults=1&MaxResults=2")
    # SigV4 sorts the pairs, so the reordered request carries a valid signature: it must not
    # be given another meaning, so neither order is served.
    for order in ("MaxResults=1&MaxResults=2", "MaxResults=2&MaxResults=1"):
        answer = exchange(polly, raw(f"GET {PATH}?{order} HTTP/1.1", headers))
        assert "MaxResults" in answer.document["message"]
        check(answer, 400, "ValidationException", polly)


def test_a_query_altered_after_signing_is_rejected(polly: LocalPolly) -> None:
    _, headers = signed(polly, target=f"{PATH}?MaxResults=1")
    answer = exchange(polly, raw(f"GET {PATH}?MaxResults=2 HTTP/1.1", headers))
    check(answer, 403, "InvalidSignatureException", polly)


def test_a_request_that_finds_a_bug_gets_polly_s_500(
    polly: LocalPolly, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(query: object) -> bytes:
        raise RuntimeError("a bug")

    monkeypatch.setattr(polly.service, "list", broken)
    line, headers = signed(polly)
    answer = exchange(polly, raw(line, headers))
    assert (answer.status, answer.code) == (500, "ServiceFailureException")
    assert "a bug" not in answer.document["message"]
    monkeypatch.undo()
    assert_still_serving(polly)


def test_a_body_past_the_cap_is_refused_before_100_continue(polly: LocalPolly) -> None:
    line, headers = signed(polly, "POST", PATH, b"{}")
    framing = {"Expect": "100-continue", "Content-Length": str(MAX_BODY_BYTES + 1)}
    with socket.create_connection(("127.0.0.1", polly.port), timeout=BOUND_SECONDS) as sock:
        sock.sendall(raw(line, {**headers, **framing}))
        answer = read_answer(sock)
    check(answer, 413, "RequestEntityTooLargeException", polly)


def test_a_body_sent_after_100_continue(polly: LocalPolly) -> None:
    body = json.dumps(START).encode()
    line, headers = signed(polly, "POST", PATH, body)
    framing = {"Expect": "100-continue", "Content-Length": str(len(body))}
    with socket.create_connection(("127.0.0.1", polly.port), timeout=BOUND_SECONDS) as sock:
        sock.sendall(raw(line, {**headers, **framing}))
        interim = b"HTTP/1.1 100 Continue\r\n\r\n"
        head = b""
        while len(head) < len(interim) and (chunk := sock.recv(len(interim) - len(head))):
            head += chunk
        assert head == interim
        sock.sendall(body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        assert response.status == 200
        assert json.loads(response.read())["SynthesisTask"]["TaskStatus"] == "scheduled"
