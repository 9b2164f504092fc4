"""Proxies as botocore resolves them: ``Config(proxies=...)`` first, then HTTP(S)_PROXY / NO_PROXY
from the environment, for every way a client is built; ``proxies_config`` as botocore applies it.
boto3 and PollyClient go through a real forward proxy written here, which records what it saw."""

from __future__ import annotations

import logging
import select
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPSConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

from polly_client import PollyClient
from tests.support import ReplayServer, client_kwargs, outcome

# Servers stop by themselves even if a test forgets them; a tunnel ends when idle this long.
_MAX_LIFETIME_SECONDS = 60.0
_IDLE_SECONDS = 10.0
_BODY = b'{"SynthesisTasks": []}'

# What urllib reads for proxies, in either case (it ignores HTTP_PROXY under a CGI
# REQUEST_METHOD).
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "REQUEST_METHOD")


@pytest.fixture(autouse=True)
def _no_ambient_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the machine, and no boto3 default session from another test (boto3.client
    makes one; monkeypatch puts back what was there)."""
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


@dataclass(frozen=True)
class Seen:
    method: str
    target: str
    proxy_authorization: str | None


def _start(httpd: ThreadingHTTPServer) -> Callable[[], None]:
    """Serve on a daemon thread until the returned stop is called, or the lifetime ends."""
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    timer = threading.Timer(_MAX_LIFETIME_SECONDS, httpd.shutdown)
    timer.daemon = True
    thread.start()
    timer.start()

    def stop() -> None:
        timer.cancel()
        httpd.shutdown()
        httpd.server_close()

    return stop


class ForwardProxy:
    """An HTTP proxy on 127.0.0.1: a request for an absolute URL is forwarded (over TLS for
    https:// ones, with ``upstream`` trusted), CONNECT opens a tunnel. ``tls`` makes it an
    https:// proxy."""

    def __init__(
        self, tls: ssl.SSLContext | None = None, upstream: ssl.SSLContext | None = None
    ) -> None:
        self.seen: list[Seen] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = _IDLE_SECONDS

            def _record(self) -> None:
                auth = self.headers.get("Proxy-Authorization")
                proxy.seen.append(Seen(self.command, self.path, auth))

            def do_GET(self) -> None:
                self._record()
                target = urlsplit(self.path)
                host, port = target.hostname or "", target.port
                connection = (
                    HTTPSConnection(host, port, timeout=_IDLE_SECONDS, context=upstream)
                    if target.scheme == "https"
                    else HTTPConnection(host, port, timeout=_IDLE_SECONDS)
                )
                headers = {
                    name: value
                    for name, value in self.headers.items()
                    if not name.lower().startswith("proxy-")
                }
                path = target.path + (f"?{target.query}" if target.query else "")
                connection.request(self.command, path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                connection.close()
                self.send_response_only(response.status)
                for name, value in response.getheaders():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_CONNECT(self) -> None:
                self._record()
                host, port = self.path.rsplit(":", 1)
                with socket.create_connection((host, int(port)), timeout=_IDLE_SECONDS) as far:
                    self.send_response_only(200, "Connection established")
                    self.end_headers()
                    self.wfile.flush()
                    _tunnel(self.connection, far)
                self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._scheme = "http" if tls is None else "https"
        self.stop = _start(self._httpd)

    @property
    def url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self._httpd.server_address[1]}"


def _tunnel(near: socket.socket, far: socket.socket) -> None:
    """Copy bytes both ways until either side closes or both stay idle."""
    while True:
        readable, _, _ = select.select([near, far], [], [], _IDLE_SECONDS)
        if not readable:
            return
        for side in readable:
            data = side.recv(65536)
            if not data:
                return
            (far if side is near else near).sendall(data)


class TlsEndpoint:
    """An https:// stand-in for Polly on 127.0.0.1 that answers every GET with an empty page."""

    def __init__(self, tls: ssl.SSLContext) -> None:
        self.paths: list[str] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = _IDLE_SECONDS

            def do_GET(self) -> None:
                endpoint.paths.append(self.path)
                self.send_response_only(200)
                self.send_header("x-amzn-RequestId", "req-1")
                self.send_header("Content-Length", str(len(_BODY)))
                self.end_headers()
                self.wfile.write(_BODY)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.stop = _start(self._httpd)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._httpd.server_address[1]}"


def _self_signed(folder: Path) -> Path:
    """A self-signed certificate for 127.0.0.1, key and certificate in one PEM file."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    both = folder / "both.pem"
    both.write_bytes(key.read_bytes() + cert.read_bytes())
    return both


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def other_certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _self_signed(tmp_path_factory.mktemp("other-tls"))


def _server_tls(certificate: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate)
    return context


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    running = ForwardProxy()
    yield running
    running.stop()


@pytest.fixture
def dead_proxy() -> str:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


KEYS = {k: v for k, v in client_kwargs("").items() if k != "endpoint_url"}
NO_RETRIES: dict[str, Any] = {"retries": {"max_attempts": 0}}


def _pair(how: str, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> tuple[Any, Any]:
    """PollyClient and boto3's client, built the same way with the same arguments."""
    if how == "explicit keys":
        both = {**KEYS, **kwargs}
        return PollyClient(**both), boto3.client("polly", **both)
    if how == "credential chain":
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEYS["aws_access_key_id"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", KEYS["aws_secret_access_key"])
        monkeypatch.setenv("AWS_DEFAULT_REGION", KEYS["region_name"])
        return PollyClient(**kwargs), boto3.client("polly", **kwargs)
    session = boto3.Session(
        aws_access_key_id=KEYS["aws_access_key_id"],
        aws_secret_access_key=KEYS["aws_secret_access_key"],
        region_name=KEYS["region_name"],
    )
    return PollyClient.from_session(session, **kwargs), session.client("polly", **kwargs)


PATHS = ["explicit keys", "credential chain", "from_session"]


def _each(clients: tuple[Any, Any], before: Callable[[], None] = lambda: None) -> list[Any]:
    """Each client's outcome, ``before`` run ahead of each."""
    outcomes = []
    for client in clients:
        before()
        outcomes.append(outcome(client.list_speech_synthesis_tasks))
    return outcomes


@pytest.mark.parametrize("how", PATHS)
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy"])
def test_a_dead_proxy_in_the_environment_fails_both(
    how: str, variable: str, dead_proxy: str, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, dead_proxy)
    ours, theirs = _each(
        _pair(how, monkeypatch, endpoint_url=replay.url, config=Config(**NO_RETRIES))
    )
    assert ours == theirs
    assert ours[0] == "ProxyConnectionError"
    assert replay.requests == []


@pytest.mark.parametrize("how", PATHS)
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy"])
def test_an_environment_proxy_forwards_both(
    how: str,
    variable: str,
    proxy: ForwardProxy,
    replay: ReplayServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    clients = _pair(how, monkeypatch, endpoint_url=replay.url, config=Config(**NO_RETRIES))
    ours, theirs = _each(clients)
    assert ours == theirs
    assert ours[0] == "ok"
    target = f"{replay.url}/v1/synthesisTasks"
    assert proxy.seen == [Seen("GET", target, None)] * 2
    assert len(replay.requests) == 2


@pytest.mark.parametrize("variable", ["NO_PROXY", "no_proxy"])
@pytest.mark.parametrize("covering", ["127.0.0.1", "localhost,127.0.0.1", "*"])
def test_no_proxy_covering_the_endpoint_goes_direct(
    variable: str,
    covering: str,
    dead_proxy: str,
    replay: ReplayServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    monkeypatch.setenv(variable, covering)
    clients = _pair("explicit keys", monkeypatch, endpoint_url=replay.url)
    ours, theirs = _each(clients)
    assert ours == theirs
    assert ours[0] == "ok"
    assert len(replay.requests) == 2


def test_no_proxy_naming_another_host_still_proxies(
    proxy: ForwardProxy, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "example.com")
    ours, theirs = _each(_pair("explicit keys", monkeypatch, endpoint_url=replay.url))
    assert ours == theirs
    assert [seen.method for seen in proxy.seen] == ["GET", "GET"]


@pytest.mark.parametrize("how", PATHS)
def test_config_proxies_come_before_the_environment(
    how: str,
    proxy: ForwardProxy,
    dead_proxy: str,
    replay: ReplayServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    user = proxy.url.replace("http://", "http://user:p%40ss@")
    config = Config(proxies={"http": user}, **NO_RETRIES)
    ours, theirs = _each(_pair(how, monkeypatch, endpoint_url=replay.url, config=config))
    assert ours == theirs
    assert ours[0] == "ok"
    # Both send the proxy's credentials, decoded as botocore decodes them.
    assert proxy.seen == [Seen("GET", f"{replay.url}/v1/synthesisTasks", "Basic dXNlcjpwQHNz")] * 2


def test_an_empty_config_proxies_means_none(
    dead_proxy: str, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    config = Config(proxies={}, **NO_RETRIES)
    ours, theirs = _each(
        _pair("explicit keys", monkeypatch, endpoint_url=replay.url, config=config)
    )
    assert ours == theirs
    assert ours[0] == "ok"


def test_the_session_default_config_proxies_apply(
    proxy: ForwardProxy, dead_proxy: str, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    session = boto3.Session(**KEYS)
    session._session.set_default_client_config(Config(proxies={"http": proxy.url}))
    clients = (
        PollyClient.from_session(session, endpoint_url=replay.url),
        session.client("polly", endpoint_url=replay.url),
    )
    ours, theirs = _each(clients)
    assert ours == theirs
    assert ours[0] == "ok"
    assert len(proxy.seen) == 2


@pytest.mark.parametrize("how", PATHS)
def test_https_goes_through_a_connect_tunnel(
    how: str, proxy: ForwardProxy, certificate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = TlsEndpoint(_server_tls(certificate))
    try:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        clients = _pair(how, monkeypatch, endpoint_url=endpoint.url, verify=str(certificate))
        ours, theirs = _each(clients)
    finally:
        endpoint.stop()
    assert ours == theirs
    assert ours[0] == "ok"
    assert proxy.seen == [Seen("CONNECT", endpoint.url.removeprefix("https://"), None)] * 2
    assert endpoint.paths == ["/v1/synthesisTasks"] * 2


def test_a_dead_https_proxy_fails_both(dead_proxy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("https_proxy", dead_proxy)
    clients = _pair(
        "explicit keys",
        monkeypatch,
        endpoint_url="https://127.0.0.1:9",
        config=Config(**NO_RETRIES),
    )
    ours, theirs = _each(clients)
    assert ours == theirs
    assert ours[0] == "ProxyConnectionError"


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
@pytest.mark.parametrize("trusted", [True, False], ids=["its CA bundle", "another CA bundle"])
def test_tls_to_the_proxy_checked_with_the_proxy_ca_bundle(
    trusted: bool,
    certificate: Path,
    other_certificate: Path,
    replay: ReplayServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tls_proxy = ForwardProxy(tls=_server_tls(certificate))
    bundle = certificate if trusted else other_certificate
    config = Config(
        proxies={"http": tls_proxy.url},
        proxies_config={"proxy_ca_bundle": str(bundle)},
        **NO_RETRIES,
    )
    try:
        ours, theirs = _each(
            _pair("explicit keys", monkeypatch, endpoint_url=replay.url, config=config)
        )
    finally:
        tls_proxy.stop()
    # The newest urllib3 refuses a proxy the bundle does not vouch for; 2.2.1 (the oldest
    # declared) connects unverified. Either way, both clients alike.
    assert ours == theirs
    if trusted:
        assert ours[0] == "ok"
        assert [seen.target for seen in tls_proxy.seen] == [f"{replay.url}/v1/synthesisTasks"] * 2


# botocore hands urllib3 a context for the proxy's TLS that urllib3 2.x deprecates for this mode.
@pytest.mark.filterwarnings("ignore:Passing ssl_context:FutureWarning")
def test_https_forwarded_by_an_https_proxy(
    certificate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``proxy_use_forwarding_for_https``: the https:// URL is sent to the proxy, over TLS,
    instead of a tunnel."""
    trust = ssl.create_default_context(cafile=str(certificate))
    tls_proxy = ForwardProxy(tls=_server_tls(certificate), upstream=trust)
    endpoint = TlsEndpoint(_server_tls(certificate))
    config = Config(
        proxies={"https": tls_proxy.url},
        proxies_config={
            "proxy_ca_bundle": str(certificate),
            "proxy_use_forwarding_for_https": True,
        },
        **NO_RETRIES,
    )
    try:
        clients = _pair(
            "explicit keys",
            monkeypatch,
            endpoint_url=endpoint.url,
            config=config,
            verify=str(certificate),
        )
        ours, theirs = _each(clients)
    finally:
        tls_proxy.stop()
        endpoint.stop()
    assert ours == theirs
    assert ours[0] == "ok"
    assert tls_proxy.seen == [Seen("GET", f"{endpoint.url}/v1/synthesisTasks", None)] * 2


def test_proxy_credentials_stay_out_of_errors_and_logs(
    dead_proxy: str,
    replay: ReplayServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with_password = dead_proxy.replace("http://", "http://user:proxy-password@")
    config = Config(proxies={"http": with_password}, **NO_RETRIES)
    mine, boto = _pair("explicit keys", monkeypatch, endpoint_url=replay.url, config=config)
    caplog.set_level(logging.DEBUG)  # every logger, while only PollyClient calls
    ours = outcome(mine.list_speech_synthesis_tasks)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert ours == outcome(boto.list_speech_synthesis_tasks)
    assert ours[0] == "ProxyConnectionError"
    assert "proxy-password" not in str(ours) + logged
