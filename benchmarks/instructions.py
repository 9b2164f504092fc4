"""The listing's own cost in instructions, for comparing two trees on a noisy machine.

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python benchmarks/instructions.py 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python benchmarks/instructions.py 20
    ... benchmarks/instructions.py --floor 20

Each run imports polly_client, builds a client over a transport that answers with one recorded
100-task page (no socket), makes one call (the cold part), then ``N`` more, each read through
boto3's dict view; (instructions at N) - (instructions at 0), divided by N, is the cost of one
call, and the run at 0 is the cold start's. Put the other tree first on PYTHONPATH to measure
it with the same interpreter, and byte-compile both trees first (``python -m compileall``):
where PYTHONDONTWRITEBYTECODE is set, a module without bytecode is compiled on every run.

``--floor`` does instead what benchmarks/run.py's floor does of a call without its socket:
sign the request with botocore's SigV4Auth and ``json.loads`` the same page; the two per-call
figures' ratio is the client's own work against the least any client must do, whatever the
machine is doing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _page() -> bytes:
    tasks = [
        {
            "TaskId": f"task-{index:06d}",
            "TaskStatus": "completed",
            "CreationTime": 1_700_000_000 + index + 0.25,
            "Engine": "neural",
            "VoiceId": "Joanna",
            "OutputFormat": "mp3",
            "RequestCharacters": index,
        }
        for index in range(100)
    ]
    return json.dumps({"SynthesisTasks": tasks, "NextToken": "next"}).encode()


def floor(calls: int) -> None:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.run import Keys  # what benchmarks/run.py's floor signs with

    body = _page()
    keys = Keys("AKIDEXAMPLE", "secret", None)
    for _ in range(calls + 1):
        request = AWSRequest(
            "GET", "https://polly.us-east-1.amazonaws.com/v1/synthesisTasks?MaxResults=100"
        )
        SigV4Auth(keys, "polly", "us-east-1").add_auth(request)  # type: ignore[arg-type]
        dict(request.headers.items())
        assert len(json.loads(body)["SynthesisTasks"]) == 100


def main(calls: int) -> None:
    from polly_client import PollyClient
    from polly_client.http import HttpResponse

    body = _page()
    headers = {"x-amzn-requestid": "r", "content-type": "application/json"}
    response = HttpResponse(200, {**headers, "content-length": str(len(body))}, body)

    class Recorded:
        def send(self, request: object) -> HttpResponse:
            return response

        def close(self) -> None:
            pass

    client = PollyClient(
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        transport=Recorded(),
    )
    client.list_speech_synthesis_tasks(MaxResults=100)
    for _ in range(calls):
        page = client.list_speech_synthesis_tasks(MaxResults=100)
        assert len(page["SynthesisTasks"]) == 100


if __name__ == "__main__":
    if sys.argv[1] == "--floor":
        floor(int(sys.argv[2]))
    else:
        main(int(sys.argv[1]))
