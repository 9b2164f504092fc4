"""The ``local_polly`` pytest fixture: a running local Polly endpoint for one test.

def test_my_code(local_polly):
    client = local_polly.client()  # or boto3.client("polly", **local_polly.client_kwargs())
    local_polly.start_task(
        OutputFormat="mp3", OutputS3BucketName="b", Text="hi", VoiceId="Joanna"
    )
    assert my_code(client) == ...
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from polly_client.local import LocalPolly


@pytest.fixture
def local_polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=600) as polly:
        yield polly
