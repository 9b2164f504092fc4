"""Code that mypy --strict accepts (checked by tests/test_typing.py): boto3-style reads of the
response typed as mypy-boto3-polly types them, and its TypedDicts taking a ``to_dict()``."""

from __future__ import annotations

import json

from mypy_boto3_polly.literals import TaskStatusType
from mypy_boto3_polly.type_defs import (
    GetSpeechSynthesisTaskOutputTypeDef,
    ListSpeechSynthesisTasksOutputTypeDef,
    SynthesisTaskTypeDef,
)

from polly_client import (
    ListSpeechSynthesisTasksResponse,
    PollyClient,
    SynthesisTaskResponse,
    TaskStatus,
)


def listing(client: PollyClient) -> list[str]:
    page: ListSpeechSynthesisTasksResponse = client.list_speech_synthesis_tasks(
        MaxResults=10, Status="completed"
    )
    client.list_speech_synthesis_tasks(Status=TaskStatus.FAILED)
    first: SynthesisTaskTypeDef = page["SynthesisTasks"][0]
    status: TaskStatusType | None = first.get("TaskStatus")
    token: str = page["NextToken"]
    as_boto3: ListSpeechSynthesisTasksOutputTypeDef = page.to_dict()
    plain: dict[str, object] = dict(page)
    json.dumps(page, default=str)
    page.pop("ResponseMetadata", None)
    ids = [task["TaskId"] for task in page["SynthesisTasks"] if "TaskId" in task]
    return [*ids, token, str(status), str(as_boto3), str(plain)]


def starting(client: PollyClient) -> str:
    started: SynthesisTaskResponse = client.start_speech_synthesis_task(
        OutputFormat="mp3",
        OutputS3BucketName="my-bucket",
        Text="Hello",
        VoiceId="Joanna",
        Engine="neural",
        SpeechMarkTypes=["word"],
    )
    got = client.get_speech_synthesis_task(TaskId=started["SynthesisTask"].get("TaskId", ""))
    as_boto3: GetSpeechSynthesisTaskOutputTypeDef = got.to_dict()
    task = got.synthesis_task
    return f"{as_boto3['SynthesisTask'].get('OutputUri')} {task and task.task_status}"
