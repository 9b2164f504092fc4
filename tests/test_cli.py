"""The CLI as a user runs it: a subprocess, its exit code, stdout and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from polly_client.local import LocalPolly


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


def test_demo_lists_and_summarises() -> None:
    done = _run("demo")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert any(line.startswith("TaskId") for line in lines)
    summary = [line.split(":")[0].strip() for line in lines if line.endswith(" characters")]
    assert summary == ["scheduled", "inProgress", "completed", "failed"]
    assert (
        sum(int(line.split(":")[1].split()[0]) for line in lines if line.endswith(" characters"))
        == 40
    )


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
