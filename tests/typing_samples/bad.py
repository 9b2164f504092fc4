"""Deliberate mistakes that mypy --strict must report, each on the line its comment marks with
the error code expected (checked by tests/test_typing.py)."""

from __future__ import annotations

from polly_client import PollyClient


def mistakes(client: PollyClient) -> list[object]:
    page = client.list_speech_synthesis_tasks(Status="complete")  # expect: arg-type
    client.list_speech_synthesis_tasks(MaxResult=5)  # expect: call-arg
    task_id = page["SynthesisTasks"][0]["TaskID"]  # expect: typeddict-item
    token: int = page["NextToken"]  # expect: assignment
    status = page.to_dict()["SynthesisTask"]  # expect: typeddict-item
    got = client.get_speech_synthesis_task(TaskId="x")
    created = got["SynthesisTask"]["CreationTim"]  # expect: typeddict-item
    client.start_speech_synthesis_task(
        OutputFormat="mp4",  # expect: arg-type
        OutputS3BucketName="my-bucket",
        Text="Hello",
        VoiceId="Joana",  # expect: arg-type
    )
    client.start_speech_synthesis_task(  # expect: call-arg
        OutputFormat="mp3", Text="Hello", VoiceId="Joanna"
    )
    return [task_id, token, status, created]
