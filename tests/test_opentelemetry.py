"""OpenTelemetry: PollyClientInstrumentor's span for a call is the botocore instrumentor's span
for boto3's identical call against the same local endpoint (name, kind, attributes, status,
recorded exception), one span per call."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from polly_client import PollyClient
from polly_client.local import Fault, LocalPolly
from tests.support import ReplayServer, Reply, client_kwargs

pytest.importorskip("opentelemetry.sdk", reason="opentelemetry-sdk is not installed")
pytest.importorskip(
    "opentelemetry.instrumentation.botocore",
    reason="opentelemetry-instrumentation-botocore is not installed",
)
from opentelemetry.instrumentation.botocore import BotocoreInstrumentor as _Untyped
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)

from polly_client.opentelemetry import PollyClientInstrumentor

BotocoreInstrumentor: Any = _Untyped  # the botocore instrumentor has no annotations

START = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "Text": "hi",
    "VoiceId": "Joanna",
}


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    """Both instrumentors, on one provider of our own (the global one can be set only once)."""
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    PollyClientInstrumentor().instrument(tracer_provider=provider)
    BotocoreInstrumentor().instrument(tracer_provider=provider)
    try:
        yield spans
    finally:
        BotocoreInstrumentor().uninstrument()
        PollyClientInstrumentor().uninstrument()


@pytest.fixture
def polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=120) as server:
        server.seed(3)
        yield server


def _view(span: ReadableSpan) -> dict[str, Any]:
    """What the two instrumentors should agree on; the request id is each call's own."""
    attributes = dict(span.attributes or {})
    request_id = attributes.pop("aws.request_id", None)
    return {
        "name": span.name,
        "kind": span.kind,
        "attributes": attributes,
        "has request id": request_id is not None,
        "status": (span.status.status_code, span.status.description),
        # The error classes are boto3's by name; ours live in polly_client.errors.
        "events": [
            (event.name, str(dict(event.attributes or {}).get("exception.type")).split(".")[-1])
            for event in span.events
        ],
        "schema": span.instrumentation_scope and span.instrumentation_scope.schema_url,
    }


def _spans_of_both(
    exporter: InMemorySpanExporter,
    kwargs: dict[str, Any],
    call: Callable[[Any], Any],
    before: Callable[[], None] = lambda: None,
) -> list[dict[str, Any]]:
    views = []
    for client in (PollyClient(**kwargs), boto3.client("polly", **kwargs)):
        exporter.clear()
        before()
        with contextlib.suppress(Exception):
            call(client)
        spans = exporter.get_finished_spans()
        assert len(spans) == 1, [span.name for span in spans]
        views.append(_view(spans[0]))
    assert views[0] == views[1]
    return views


@pytest.mark.parametrize(
    ("call", "status"),
    [
        (lambda client: client.list_speech_synthesis_tasks(MaxResults=2), 200),
        (lambda client: client.start_speech_synthesis_task(**START), 200),
        (lambda client: client.get_speech_synthesis_task(TaskId="no-such-task"), 400),
        (lambda client: client.list_lexicons(), 200),
    ],
    ids=["list", "start", "service error", "model operation"],
)
def test_a_span_per_call_as_the_botocore_instrumentor_makes_it(
    exporter: InMemorySpanExporter, polly: LocalPolly, call: Callable[[Any], Any], status: int
) -> None:
    ours = _spans_of_both(exporter, polly.client_kwargs(), call)[0]
    host, port = polly.url.removeprefix("http://").split(":")
    assert ours["attributes"]["rpc.system"] == "aws-api"
    assert ours["attributes"]["rpc.service"] == "Polly"
    assert ours["name"] == f"Polly.{ours['attributes']['rpc.method']}"
    assert ours["attributes"]["cloud.region"] == polly.region
    assert (ours["attributes"]["server.address"], ours["attributes"]["server.port"]) == (
        host,
        int(port),
    )
    assert ours["attributes"]["http.status_code"] == status
    assert ours["has request id"]
    if status >= 400:
        assert ours["status"][0].name == "ERROR" and "An error occurred" in ours["status"][1]
        assert ours["events"] == [("exception", ours["events"][0][1])]
    else:
        assert ours["status"][0].name == "UNSET" and ours["events"] == []


def test_each_attempt_carries_the_spans_context_in_the_xray_header(
    exporter: InMemorySpanExporter, replay: ReplayServer
) -> None:
    replay.reply = Reply(500, b'{"__type": "ServiceFailureException"}')
    config = Config(retries={"total_max_attempts": 2, "mode": "standard"})
    for client in (
        PollyClient(config=config, **client_kwargs(replay.url)),
        boto3.client("polly", config=config, **client_kwargs(replay.url)),
    ):
        exporter.clear()
        with contextlib.suppress(Exception):
            client.list_speech_synthesis_tasks()
        (span,) = exporter.get_finished_spans()
        assert span.context is not None
        trace_id = f"{span.context.trace_id:032x}"
        header = (
            f"Root=1-{trace_id[:8]}-{trace_id[8:]};Parent={span.context.span_id:016x};Sampled=1"
        )
        attempts = replay.requests[-2:]
        assert [sent.headers.get("X-Amzn-Trace-Id") for sent in attempts] == [header, header]
        # Added after signing, unsigned, in both.
        assert all("x-amzn-trace-id" not in sent.headers["Authorization"] for sent in attempts)
    assert len(replay.requests) == 4


def test_retries_are_counted(exporter: InMemorySpanExporter, polly: LocalPolly) -> None:
    def throttle_once() -> None:
        polly.inject(Fault.throttling(), times=1, operation="ListSpeechSynthesisTasks")

    ours = _spans_of_both(
        exporter, polly.client_kwargs(), lambda c: c.list_speech_synthesis_tasks(), throttle_once
    )[0]
    assert ours["attributes"]["retry_attempts"] == 1


def test_a_connection_failure_is_recorded(exporter: InMemorySpanExporter) -> None:
    kwargs = {
        "region_name": "us-east-1",
        "endpoint_url": "http://127.0.0.1:9",
        "aws_access_key_id": "a",
        "aws_secret_access_key": "b",
        "config": Config(retries={"max_attempts": 0}),
    }
    ours = _spans_of_both(exporter, kwargs, lambda c: c.list_speech_synthesis_tasks())[0]
    assert ours["status"][0].name == "ERROR" and "Could not connect" in ours["status"][1]
    assert ours["events"] == [("exception", "EndpointConnectionError")]


def test_uninstrumented_calls_make_no_spans_and_run_the_plain_method(polly: LocalPolly) -> None:
    plain = PollyClient._call
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    instrumentor = PollyClientInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    assert PollyClient._call is not plain
    instrumentor.uninstrument()
    assert PollyClient._call is plain
    polly.client().list_speech_synthesis_tasks()
    assert spans.get_finished_spans() == ()


def test_opentelemetry_instrument_finds_and_runs_the_instrumentor() -> None:
    found = [
        entry.load()
        for entry in entry_points(group="opentelemetry_instrumentor")
        if entry.name == "polly_client"
    ]
    assert found == [PollyClientInstrumentor]
    command = Path(sys.executable).parent / "opentelemetry-instrument"
    if not command.exists():
        pytest.skip("opentelemetry-instrument is not installed beside this Python")
    script = (
        "from polly_client.opentelemetry import PollyClientInstrumentor;"
        "print(PollyClientInstrumentor().is_instrumented_by_opentelemetry)"
    )
    out = subprocess.run(
        [str(command), sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"},
    )
    assert out.stdout.strip() == "True"


def test_polly_client_alone_imports_no_opentelemetry() -> None:
    script = """
import sys
from polly_client import PollyClient
PollyClient(region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
print(sorted(name for name in sys.modules if name.startswith("opentelemetry")))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "call",
    [
        lambda client: client.list_speech_synthesis_tasks(MaxResults=2),
        lambda client: client.get_speech_synthesis_task(TaskId="no-such-task"),
        lambda client: client.describe_voices(),
    ],
    ids=["list", "service error", "model operation"],
)
def test_the_async_client_makes_the_sync_clients_span(
    exporter: InMemorySpanExporter, polly: LocalPolly, call: Callable[[Any], Any]
) -> None:
    import asyncio

    from polly_client import AsyncPollyClient

    views = []
    exporter.clear()
    with contextlib.suppress(Exception):
        call(PollyClient(**polly.client_kwargs()))
    views.append(_view(exporter.get_finished_spans()[0]))

    async def ours() -> None:
        async with AsyncPollyClient(**polly.client_kwargs()) as client:
            with contextlib.suppress(Exception):
                await call(client)

    exporter.clear()
    asyncio.run(ours())
    spans = exporter.get_finished_spans()
    assert len(spans) == 1, [span.name for span in spans]
    views.append(_view(spans[0]))
    assert views[0] == views[1]
