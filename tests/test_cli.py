"""The CLI as a user runs it: a subprocess, its exit code, stdout and stderr."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from polly_client.local import Credential, LocalPolly, ManualClock


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polly_client", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=120) as server:
        server.seed(23)
        yield server


def _credentials(polly: LocalPolly) -> dict[str, str]:
    return {"AWS_ACCESS_KEY_ID": polly.access_key, "AWS_SECRET_ACCESS_KEY": polly.secret_key}


def _list(polly: LocalPolly, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(
        "list", "--endpoint-url", polly.url, "--region", "us-east-1", *args, env=_credentials(polly)
    )


def test_demo_starts_waits_lists_and_summarises() -> None:
    done = _run("demo")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    first = lines.index("Starting three tasks, then waiting for each:") + 1
    waited = lines[first : first + 3]
    for line in waited[:2]:  # each completed task's audio, at the key Polly names after it
        task_id = line.split(":")[0].strip()
        assert line.endswith(f"s3://my-bucket/{task_id}.mp3")
    assert [("completed" in line, "failed" in line) for line in waited] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    assert any(line.startswith("TaskId") for line in lines)
    summary = [line.split(":")[0].strip() for line in lines if line.endswith(" characters")]
    assert summary == ["scheduled", "inProgress", "completed", "failed"]
    assert (
        sum(int(line.split(":")[1].split()[0]) for line in lines if line.endswith(" characters"))
        == 40 + 3
    )


def _task_command(polly: LocalPolly, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(
        *args, "--endpoint-url", polly.url, "--region", "us-east-1", env=_credentials(polly)
    )


def test_start_get_and_wait_print_boto3s_task() -> None:
    import boto3

    # The endpoint's clock moves only by hand: the task stays scheduled between the two gets
    # (on a busy machine a subprocess's start can outlast the endpoint's queueing second).
    clock = ManualClock()
    with LocalPolly(lifetime=120, clock=clock) as polly:
        _start_get_and_wait(polly, clock, boto3.client("polly", **polly.client_kwargs()))


def _start_get_and_wait(polly: LocalPolly, clock: ManualClock, theirs_client: Any) -> None:
    started = _task_command(
        polly,
        "start",
        "--text",
        "hello",
        "--voice-id",
        "Joanna",
        "--output-s3-bucket-name",
        "my-bucket",
        "--speech-mark-types",
        "word",
        "sentence",
        "--output-format",
        "json",
        "--output",
        "json",
    )
    assert started.returncode == 0, started.stderr
    task = json.loads(started.stdout)["SynthesisTask"]
    assert (task["TaskStatus"], task["SpeechMarkTypes"]) == ("scheduled", ["word", "sentence"])
    got = _task_command(polly, "get", task["TaskId"], "--output", "json")
    theirs = theirs_client.get_speech_synthesis_task(TaskId=task["TaskId"])["SynthesisTask"]
    printed = json.loads(got.stdout)["SynthesisTask"]
    assert printed == {**theirs, "CreationTime": theirs["CreationTime"].isoformat()}
    clock.advance(60)
    waited = _task_command(polly, "wait", task["TaskId"], "--poll", "0.2", "--output", "text")
    assert waited.returncode == 0, waited.stderr
    assert waited.stdout.split("\t")[:2] == [task["TaskId"], "completed"]


def test_waiting_for_a_failed_task_exits_non_zero_with_its_reason(polly: LocalPolly) -> None:
    done = _task_command(
        polly,
        "start",
        "--text",
        "x",
        "--voice-id",
        "Joanna",
        "--output-s3-bucket-name",
        "no-such-bucket",
        "--wait",
        "--poll",
        "0.2",
    )
    assert done.returncode == 255
    assert "failed: Error occurred while trying to upload file to S3" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_waiting_gives_up_at_the_timeout(polly: LocalPolly) -> None:
    task = polly.start_task(
        OutputFormat="mp3", OutputS3BucketName="my-bucket", Text="word " * 20_000, VoiceId="Joanna"
    )
    done = _task_command(polly, "wait", task["TaskId"], "--timeout", "0.5", "--poll", "0.2")
    assert done.returncode == 255
    assert "after 0.5 s" in done.stderr


def test_a_missing_task_is_a_service_error(polly: LocalPolly) -> None:
    done = _task_command(polly, "get", "no-such-task")
    assert done.returncode == 254
    assert "SynthesisTaskNotFoundException" in done.stderr


def test_json_output_is_boto3s_full_result(polly: LocalPolly) -> None:
    import boto3

    done = _list(polly, "--output", "json", "--page-size", "5", "--max-items", "12")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    expected = (
        boto3.client("polly", **polly.client_kwargs())
        .get_paginator("list_speech_synthesis_tasks")
        .paginate(PaginationConfig={"PageSize": 5, "MaxItems": 12})
        .build_full_result()
    )
    assert printed["NextToken"] == expected["NextToken"]
    assert [t["TaskId"] for t in printed["SynthesisTasks"]] == [
        t["TaskId"] for t in expected["SynthesisTasks"]
    ]
    assert printed["SynthesisTasks"][0]["CreationTime"] == (
        expected["SynthesisTasks"][0]["CreationTime"].isoformat()
    )
    rest = _list(polly, "--output", "json", "--starting-token", printed["NextToken"])
    assert len(json.loads(rest.stdout)["SynthesisTasks"]) == 23 - 12


def test_table_and_text_output(polly: LocalPolly) -> None:
    table = _list(polly, "--status", "completed")
    assert table.returncode == 0 and table.stdout.splitlines()[0].startswith("TaskId")
    text = _list(polly, "--output", "text", "--max-items", "4")
    rows = text.stdout.splitlines()
    assert len(rows) == 5 and rows[-1].startswith("NEXTTOKEN\t")
    assert all(len(row.split("\t")) == 7 for row in rows[:4])


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (("--starting-token", "bogus-token"), None, 254, "InvalidNextTokenException"),
        (
            (),
            {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
            255,
            "Unable to locate credentials",
        ),
    ],
    ids=["invalid token", "no credentials"],
)
def test_expected_errors_are_one_line(
    polly: LocalPolly, args: tuple[str, ...], env: dict[str, str] | None, code: int, message: str
) -> None:
    environment = {**_credentials(polly), "AWS_EC2_METADATA_DISABLED": "true", **(env or {})}
    if env is not None:
        for name in env:
            environment.pop(name)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "polly_client",
            "list",
            "--endpoint-url",
            polly.url,
            "--region",
            "us-east-1",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | environment,
    )
    assert done.returncode == code
    assert message in done.stderr and len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_no_region_and_refused_connection() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="a", AWS_SECRET_ACCESS_KEY="b", AWS_CONFIG_FILE="/nonexistent")
    no_region = subprocess.run(
        [sys.executable, "-m", "polly_client", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert no_region.returncode == 255 and "region" in no_region.stderr
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "polly_client",
            "list",
            "--region",
            "us-east-1",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 255 and "Could not connect" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1


def test_serve_runs_until_terminated(tmp_path: object) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "polly_client", "serve", "--port", "0", "--seed", "7"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = next(word for word in first.split() if word.startswith("http://127.0.0.1:"))
        keys = process.stdout.readline().split()
        env = {"AWS_ACCESS_KEY_ID": keys[4], "AWS_SECRET_ACCESS_KEY": keys[8]}
        done = _run(
            "list", "--endpoint-url", url, "--region", "us-east-1", "--output", "json", env=env
        )
        assert len(json.loads(done.stdout)["SynthesisTasks"]) == 7
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0


def _iso_dates(value: Any) -> Any:
    """boto3's result as the CLI's JSON output has it: timestamps as ISO 8601 strings."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


@pytest.mark.parametrize(
    "expression",
    [
        "SynthesisTasks[].TaskId",
        "SynthesisTasks[?VoiceId=='Joanna'] | length(@)",
        "SynthesisTasks[0].{id: TaskId, created: CreationTime}",
        "SynthesisTasks[-1].[TaskId, CreationTime, VoiceId, Engine]",
        "NoSuchKey",
    ],
)
def test_query_selects_from_the_json_output_as_the_aws_cli_does(
    polly: LocalPolly, expression: str
) -> None:
    import boto3
    import jmespath

    done = _list(polly, "--query", expression)  # json, the AWS CLI's default, with --query
    assert done.returncode == 0, done.stderr
    full = (
        boto3.client("polly", **polly.client_kwargs())
        .get_paginator("list_speech_synthesis_tasks")
        .paginate()
        .build_full_result()
    )
    full.pop("ResponseMetadata", None)
    expected = jmespath.search(expression, _iso_dates(full))
    # A query that selects nothing prints nothing, as the AWS CLI's does.
    assert done.stdout == ("" if expected is None else json.dumps(expected, indent=4) + "\n")


def test_query_with_text_output_and_on_one_task(polly: LocalPolly) -> None:
    import boto3

    theirs = boto3.client("polly", **polly.client_kwargs())
    tasks = theirs.list_speech_synthesis_tasks(MaxResults=2)["SynthesisTasks"]
    rows = _list(
        polly, "--query", "SynthesisTasks[0:2].[TaskId, TaskStatus]", "--output", "text"
    ).stdout
    assert rows.splitlines() == [f"{t['TaskId']}\t{t['TaskStatus']}" for t in tasks]
    got = _task_command(
        polly, "get", tasks[0]["TaskId"], "--query", "SynthesisTask.[TaskId, Engine]"
    )
    assert json.loads(got.stdout) == [tasks[0]["TaskId"], tasks[0]["Engine"]]


def test_no_paginate_prints_one_page_and_the_services_token(polly: LocalPolly) -> None:
    import boto3

    theirs = boto3.client("polly", **polly.client_kwargs())
    first = theirs.list_speech_synthesis_tasks(MaxResults=5)
    done = _list(polly, "--no-paginate", "--page-size", "5", "--output", "json")
    assert done.returncode == 0, done.stderr
    page = json.loads(done.stdout)
    assert [t["TaskId"] for t in page["SynthesisTasks"]] == [
        t["TaskId"] for t in first["SynthesisTasks"]
    ]
    assert "NextToken" in page and "NextToken" in first
    second = theirs.list_speech_synthesis_tasks(MaxResults=5, NextToken=first["NextToken"])
    rest = _list(
        polly,
        "--no-paginate",
        "--page-size",
        "5",
        "--starting-token",
        page["NextToken"],
        "--output",
        "json",
    )
    assert rest.returncode == 0, rest.stderr
    assert [t["TaskId"] for t in json.loads(rest.stdout)["SynthesisTasks"]] == [
        t["TaskId"] for t in second["SynthesisTasks"]
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--no-paginate", "--max-items", "3"), "--max-items needs pagination"),
        (("--query", "SynthesisTasks", "--output", "table"), "--query prints json or text"),
    ],
)
def test_options_that_do_not_go_together(
    polly: LocalPolly, args: tuple[str, ...], message: str
) -> None:
    done = _list(polly, *args)
    assert done.returncode == 2 and message in done.stderr and done.stdout == ""


def test_version_names_polly_client_and_botocore() -> None:
    import botocore

    from polly_client._version import __version__

    done = _run("--version")
    assert done.returncode == 0
    words = done.stdout.split()
    assert words[0] == f"polly-client/{__version__}"
    assert words[-1] == f"botocore/{botocore.__version__}"
    assert words[1] == f"Python/{platform.python_version()}"


def test_debug_logs_requests_on_stderr_with_secrets_redacted() -> None:
    secret, token = "cli-debug-secret-value", "cli-debug-session-token-value"
    with LocalPolly(credentials={"AKIDCLIDEBUG": Credential(secret, token)}, lifetime=60) as polly:
        polly.seed(3)
        env = {
            "AWS_ACCESS_KEY_ID": "AKIDCLIDEBUG",
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_SESSION_TOKEN": token,
        }
        args = ("--endpoint-url", polly.url, "--region", "us-east-1", "--debug")
        done = _run("list", *args, env=env)
        failed = _run("get", "no-such-task", *args, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("TaskId")  # the output is unchanged
    assert " - polly_client.pipeline - DEBUG - Sending http request: GET " in done.stderr
    assert " - urllib3.connectionpool - DEBUG - " in done.stderr
    assert "<redacted>" in done.stderr
    for log in (done.stderr, failed.stderr):
        assert secret not in log and token not in log
        assert re.search(r"Signature=[0-9a-f]{64}", log) is None
    # An error: its traceback in the log, then the usual one line last.
    assert failed.returncode == 254 and "Traceback" in failed.stderr
    assert failed.stderr.splitlines()[-1].startswith("polly-client: error: ")
