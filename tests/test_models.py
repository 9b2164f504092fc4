"""The typed models and their boto3 view, with no sockets."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from dateutil.tz import tzlocal

from polly_client import (
    Engine,
    ListSpeechSynthesisTasksResponse,
    OutputFormat,
    SynthesisTask,
    TaskStatus,
    VoiceId,
)
from polly_client.http import HttpResponse
from polly_client.parse import parse_list_response

BODY = {
    "NextToken": "n1",
    "SynthesisTasks": [
        {"TaskId": "a", "CreationTime": 1700000000.5, "Engine": "neural", "VoiceId": "Joanna"},
        {"TaskId": "b", "TaskStatus": "failed", "LexiconNames": ["x"]},
    ],
}


def _page(body: object = BODY) -> ListSpeechSynthesisTasksResponse:
    return parse_list_response(
        HttpResponse(200, {"x-amzn-requestid": "rid"}, json.dumps(body).encode())
    )


def test_typed_fields_and_aware_utc_time() -> None:
    page = _page()
    assert page.next_token == "n1"
    assert page.synthesis_tasks is not None
    first, second = page.synthesis_tasks
    assert first.creation_time == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc)
    assert first.engine is Engine.NEURAL and first.voice_id is VoiceId.JOANNA
    assert second.task_status is TaskStatus.FAILED and second.lexicon_names == ("x",)
    assert second.creation_time is None and second.engine is None
    assert page.response_metadata.request_id == "rid"


def test_reads_as_the_boto3_dict() -> None:
    page = _page()
    assert page["SynthesisTasks"][0]["TaskId"] == "a"
    assert page["SynthesisTasks"][0]["CreationTime"].tzinfo == tzlocal()
    assert page.get("NextToken") == "n1" and page.get("Missing") is None
    assert "NextToken" in page and "Nope" not in page
    assert list(page) == ["ResponseMetadata", "NextToken", "SynthesisTasks"]
    plain: dict[str, Any] = page
    assert dict(page) == page.to_dict() == {**plain}
    assert page.to_dict() == page
    assert "Engine" not in page["SynthesisTasks"][1]  # absent, not None
    with pytest.raises(KeyError):
        plain["Nope"]


def test_to_dict_is_a_fresh_copy_each_time() -> None:
    page = _page()
    copy = page.to_dict()
    copy["SynthesisTasks"].clear()
    assert len(page.to_dict()["SynthesisTasks"]) == 2


def test_models_are_frozen_and_slotted() -> None:
    task = SynthesisTask(task_id="x")
    with pytest.raises(AttributeError):
        task.task_id = "y"  # type: ignore[misc]
    assert not hasattr(task, "__dict__")
    assert _page() == _page()
    assert _page() != _page({"SynthesisTasks": []})


def test_unknown_enum_values_are_kept_not_fatal() -> None:
    page = _page({"SynthesisTasks": [{"Engine": "quantum", "OutputFormat": "flac"}]})
    assert page.synthesis_tasks is not None
    task = page.synthesis_tasks[0]
    assert isinstance(task.engine, Engine) and task.engine == "quantum"
    assert task.engine.value == "quantum" and str(task.engine) == "quantum"
    assert task.output_format == OutputFormat("flac")
    assert "quantum" not in [member.value for member in Engine]
    engine: str = page["SynthesisTasks"][0]["Engine"]  # a value the Literal type does not list
    assert engine == "quantum"
    assert type(engine) is str


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"SynthesisTasks": "abc"}, "SynthesisTasks: expected a list"),
        ({"SynthesisTasks": [1]}, "SynthesisTasks[0]: expected an object"),
        ({"SynthesisTasks": [{"TaskId": 5}]}, "SynthesisTasks[0].TaskId"),
        ({"SynthesisTasks": [{}, {"CreationTime": "soon"}]}, "SynthesisTasks[1].CreationTime"),
        ({"SynthesisTasks": [{"RequestCharacters": "7"}]}, "RequestCharacters"),
        ({"SynthesisTasks": [{"LexiconNames": [None]}]}, "LexiconNames"),
        ({"NextToken": 5}, "NextToken"),
        ({"SynthesisTasks": [{"CreationTime": 1e300}]}, "out of range"),
    ],
)
def test_wrong_types_name_the_place(body: object, where: str) -> None:
    from polly_client import ResponseParserError

    with pytest.raises(ResponseParserError, match=where.replace("[", r"\[")):
        _page(body)


def test_response_parser_error_is_one_class_and_botocores() -> None:
    # It loads on first use (see polly_client.parser_error), by either name.
    import botocore.parsers

    import polly_client
    import polly_client.errors
    from polly_client.parser_error import ResponseParserError

    assert polly_client.ResponseParserError is polly_client.errors.ResponseParserError
    assert polly_client.ResponseParserError is ResponseParserError
    assert issubclass(ResponseParserError, botocore.parsers.ResponseParserError)
    assert "ResponseParserError" in dir(polly_client)
    assert "ResponseParserError" in dir(polly_client.errors)
    with pytest.raises(AttributeError, match="'polly_client' has no attribute 'Nothing'"):
        polly_client.Nothing  # type: ignore[attr-defined]  # noqa: B018


def test_iso_timestamps_are_read_and_naive_ones_are_utc() -> None:
    page = _page(
        {
            "SynthesisTasks": [
                {"CreationTime": "2024-01-02T03:04:05Z"},
                {"CreationTime": "2024-01-02T03:04:05"},
                {"CreationTime": "1700000000"},
            ]
        }
    )
    assert page.synthesis_tasks is not None
    times = [task.creation_time for task in page.synthesis_tasks]
    assert times[0] == times[1] == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert times[2] == datetime.fromtimestamp(1700000000, timezone.utc)


# Run in a fresh interpreter per zone: the local zone is read once per process.
_LOCAL_TIME_CHECK = """
import json, sys
from datetime import datetime, timezone
from typing import Any
from botocore.utils import parse_timestamp
from polly_client import SynthesisTask
from polly_client.http import HttpResponse
from polly_client.parse import parse_list_response

out = []
for epoch in json.loads(sys.argv[1]):
    ours = SynthesisTask(creation_time=datetime.fromtimestamp(epoch, timezone.utc))
    body = json.dumps({"SynthesisTasks": [{"CreationTime": epoch}]}).encode()
    page = parse_list_response(HttpResponse(200, {}, body))
    # From the typed task, and as a call's dict has it (from the decoded JSON).
    for mine in (ours.to_dict()["CreationTime"], page["SynthesisTasks"][0]["CreationTime"]):
        theirs = parse_timestamp(epoch)
        out.append([epoch, repr(mine), repr(theirs), mine.isoformat(), theirs.isoformat(),
                    mine.fold, theirs.fold, str(mine.utcoffset()), str(theirs.utcoffset())])
print(json.dumps(out))
"""

# Around the 2024 transitions of each zone (the fall-back hour is ambiguous), and far dates.
_INSTANTS = {
    "UTC": [0.0, 1700000000.5, 4102444800.25],
    "Asia/Kolkata": [0.0, 1700000000.5, 1710054000.0],
    "America/New_York": [1710054000.0 + delta for delta in (-1.0, 0.0, 1800.0, 3600.0, 7200.0)]
    + [1730613600.0 + delta for delta in (-3600.5, -1.0, 0.0, 1800.0, 3600.0, 7200.0)],
    "Australia/Lord_Howe": [1712415600.0 + delta for delta in (-1800.0, -1.0, 0.0, 900.0, 1800.0)],
}


@pytest.mark.parametrize("zone", sorted(_INSTANTS))
def test_boto3_view_times_match_botocore_in_every_kind_of_zone(zone: str) -> None:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _LOCAL_TIME_CHECK, json.dumps(_INSTANTS[zone])],
        env={**os.environ, "TZ": zone},
        capture_output=True,
        text=True,
        check=True,
    )
    for epoch, mine, theirs, mine_iso, theirs_iso, *folds_offsets in json.loads(done.stdout):
        assert (mine, mine_iso) == (theirs, theirs_iso), epoch
        assert folds_offsets[0::2] == folds_offsets[1::2], epoch
