from __future__ import annotations

import boto3
from botocore.config import Config

from polly_client import PollyClient
from tests.support import ReplayServer, Reply, client_kwargs, outcome


def test_boto3_and_polly_client_agree_on_one_page(replay: ReplayServer) -> None:
    replay.reply = Reply(body=b'{"SynthesisTasks": [{"TaskId": "t1", "CreationTime": 1.5e9}]}')
    kwargs = client_kwargs(replay.url)
    config = Config(retries={"total_max_attempts": 1})
    ours = PollyClient(config=config, **kwargs)
    theirs = boto3.client("polly", config=config, **kwargs)
    assert outcome(ours.list_speech_synthesis_tasks) == outcome(theirs.list_speech_synthesis_tasks)
