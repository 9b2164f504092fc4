"""The ``local_polly`` pytest fixture: a running local Polly endpoint for one test.

def test_my_code(local_polly):
    client = local_polly.client()  # or boto3.client("polly", **local_polly.client_kwargs())
    local_polly.start_task(
        OutputFormat="mp3", OutputS3BucketName="my-bucket", Text="hi", VoiceId="Joanna"
    )
    assert my_code(client) == ...

pytest loads this plugin in every run where polly-client is installed, so the endpoint is
imported only when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from polly_client.local import LocalPolly


@pytest.fixture
def local_polly() -> Iterator[LocalPolly]:
    from polly_client.local import LocalPolly

    with LocalPolly(lifetime=600) as polly:
        yield polly
