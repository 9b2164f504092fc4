"""AsyncPollyClient against aiobotocore over the same bytes: results, errors and requests for
the listing and the task workflow (start, get, paginate; the synthesis-task waiter is this
client's own, which no botocore model has, so there is nothing of aiobotocore's to compare it
with).

aiobotocore pins its own botocore, so these run in a venv of their own (scripts/test-all's
third run, where ``POLLY_TEST_AIOBOTOCORE=1`` makes a missing aiobotocore an error); elsewhere
they are skipped."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from botocore.config import Config

from polly_client import AsyncPollyClient
from tests.support import ReplayServer, Reply, client_kwargs
from tests.test_differential import FULL_TASK

_SESSION = "aiobotocore.session"
aio_session: Any = (
    importlib.import_module(_SESSION)
    if os.environ.get("POLLY_TEST_AIOBOTOCORE")
    else pytest.importorskip(_SESSION, reason="aiobotocore runs in scripts/test-all's third venv")
)

NO_RETRIES = Config(retries={"max_attempts": 0})
START = {"OutputFormat": "mp3", "OutputS3BucketName": "b", "Text": "hi", "VoiceId": "Joanna"}
ERROR = Reply(400, b'{"message": "no"}', (("x-amzn-ErrorType", "ServiceFailureException"),))
CASES = [
    ("list_speech_synthesis_tasks", {"MaxResults": 5}, {"SynthesisTasks": [FULL_TASK]}),
    ("start_speech_synthesis_task", START, {"SynthesisTask": FULL_TASK}),
    ("get_speech_synthesis_task", {"TaskId": "t-1"}, {"SynthesisTask": FULL_TASK}),
]

Scenario = Callable[[Any], Awaitable[Any]]


async def _outcome(scenario: Scenario, client: Any) -> tuple[str, Any]:
    try:
        result = await scenario(client)
    except Exception as exc:  # the class and its details are what is compared
        return type(exc).__name__, (getattr(exc, "response", None), str(exc))
    return "ok", result


def _both(replay: ReplayServer, scenario: Scenario, **config: Any) -> tuple[Any, Any]:
    kwargs = client_kwargs(replay.url, aws_session_token="token")
    config = {"config": NO_RETRIES, **config}

    async def run() -> tuple[Any, Any]:
        async with AsyncPollyClient(**config, **kwargs) as ours:
            mine = await _outcome(scenario, ours)
        session = aio_session.get_session()
        async with session.create_client("polly", **config, **kwargs) as theirs:
            expected = await _outcome(scenario, theirs)
        return mine, expected

    return asyncio.run(run())


def _same_requests(replay: ReplayServer) -> None:
    half = len(replay.requests) // 2
    assert half and len(replay.requests) == 2 * half
    for sent, expected in zip(replay.requests[:half], replay.requests[half:], strict=True):
        assert (sent.method, sent.path, sent.body) == (
            expected.method,
            expected.path,
            expected.body,
        )
        signed = [
            r.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]
            for r in (sent, expected)
        ]
        assert signed[0] == signed[1]


@pytest.mark.parametrize(("method", "params", "document"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("error", [False, True], ids=["success", "error"])
def test_results_errors_and_requests_are_aiobotocores(
    replay: ReplayServer, method: str, params: dict[str, Any], document: Any, error: bool
) -> None:
    replay.reply = ERROR if error else Reply(body=json.dumps(document).encode())

    async def call(client: Any) -> Any:
        return await getattr(client, method)(**params)

    mine, expected = _both(replay, call)
    assert mine == expected
    assert mine[0] == ("ServiceFailureException" if error else "ok")
    _same_requests(replay)


def test_pages_and_resume_tokens_are_aiobotocores(replay: ReplayServer) -> None:
    from tests.support import paged_tasks

    replay.reply = paged_tasks(23)

    async def walk(client: Any) -> Any:
        paginator = client.get_paginator("list_speech_synthesis_tasks")
        pages = paginator.paginate(PaginationConfig={"PageSize": 5, "MaxItems": 12})
        seen = [
            {key: value for key, value in page.items() if key != "ResponseMetadata"}
            async for page in pages
        ]
        return seen, pages.resume_token

    mine, expected = _both(replay, walk)
    assert mine == expected and len(mine[1][0]) == 3
    _same_requests(replay)
