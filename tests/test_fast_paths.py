"""Each fast path held to its slow one (hypothesis, 2,000 examples under CI).

boto3's dicts for a page's tasks are built by layout (``parse._boto3_tasks``: the previous
task's layout tried first, the JSON's keys copied, reordered or picked); the slow path reads
every task through the typed task. Pages here mix a few layouts, key orders, members the model
lacks, nulls and wrongly typed values, so that layouts change mid-page in every way. Parsing
makes typed tasks with ``models.new_task``, held to the dataclass's own ``__init__``, and reads a
page's typed tasks from their values where each is null or of its JSON type
(``parse.typed_tasks``), held to the per-field reading (``parse._task``)."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
from typing import Any

import botocore.session
from botocore.awsrequest import HeadersDict
from botocore.parsers import RestJSONParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polly_client.models import TASK_KEYS, SynthesisTask, new_task
from polly_client.parse import (
    _VOICES,
    _boto3_tasks,
    _Malformed,
    _task,
    _typed_boto3_task,
    typed_tasks,
)

EXAMPLES = 2_000 if os.environ.get("CI") else 200
SHAPE: Any = (
    botocore.session.get_session()
    .get_service_model("polly")
    .operation_model("ListSpeechSynthesisTasks")
    .output_shape
)

# Hashable, and equal to themselves after a pickle (new_task's test compares hashes and copies).
steady = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
scalars = steady | st.floats()
# What JSON holds, nested too (NaN and the infinities included: json.loads accepts them).
anything = (
    scalars
    | st.lists(scalars, max_size=3)
    | st.dictionaries(st.text(max_size=3), scalars, max_size=2)
)
strings = st.sampled_from(["neural", "completed", "Joanna", "mp3", "en-US"]) | st.text(max_size=8)
valid: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(TASK_KEYS, strings),
    "CreationTime": st.floats(0, 4_000_000_000, allow_nan=False),
    "RequestCharacters": st.integers(0, 10**9),
    "LexiconNames": st.lists(st.text(max_size=4), max_size=3),
    "SpeechMarkTypes": st.lists(st.sampled_from(["word", "viseme"]), max_size=2),
    "SomethingNew": anything,
}
names = st.sampled_from(list(valid))


@st.composite
def pages(draw: st.DrawFn) -> list[Any]:
    layouts = draw(st.lists(st.lists(names, unique=True, max_size=8), min_size=1, max_size=3))
    tasks: list[Any] = []
    for _ in range(draw(st.integers(0, 12))):
        keys = draw(st.sampled_from(layouts))
        if draw(st.integers(0, 3)) == 0:
            keys = draw(st.permutations(keys))
        task = {}
        for key in keys:
            # Mostly well typed; now and then anything JSON holds (a null, a number for a
            # string, a string for a time), which the typed task reads or refuses.
            wrong = draw(st.integers(0, 9)) == 0
            task[key] = draw(anything if wrong else valid[key])
        tasks.append(task if draw(st.integers(0, 30)) else draw(anything))
    return tasks


def _slow(raw_tasks: list[Any]) -> list[dict[str, Any]]:
    return [_typed_boto3_task(raw, index) for index, raw in enumerate(raw_tasks)]


def _outcome(build: Any, raw_tasks: list[Any]) -> Any:
    try:
        return build(raw_tasks)
    except _Malformed as exc:
        return ("malformed", str(exc))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_tasks=pages())
def test_page_builder_gives_the_slow_paths_dicts(raw_tasks: list[Any]) -> None:
    # Each path gets its own decoded copy: both must leave the JSON as it was.
    fast = _outcome(_boto3_tasks, json.loads(json.dumps(raw_tasks)))
    slow = _outcome(_slow, json.loads(json.dumps(raw_tasks)))
    assert fast == slow
    assert json.dumps(fast, default=repr) == json.dumps(slow, default=repr)  # order and zones


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_tasks=pages())
def test_page_builder_gives_botocores_dicts_where_botocore_reads_the_page(
    raw_tasks: list[Any],
) -> None:
    body = json.dumps({"SynthesisTasks": raw_tasks}).encode()
    try:
        ours = _boto3_tasks(json.loads(body))
    except _Malformed:
        return  # refused at the call (the module's documented difference from boto3)
    theirs = RestJSONParser().parse(
        {"status_code": 200, "headers": HeadersDict({}), "body": body}, SHAPE
    )["SynthesisTasks"]
    assert ours == theirs
    assert json.dumps(ours, default=repr) == json.dumps(theirs, default=repr)


def _slow_typed(raw_tasks: list[Any]) -> tuple[SynthesisTask, ...]:
    return tuple(_task(raw, index) for index, raw in enumerate(raw_tasks))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_tasks=pages())
def test_typed_tasks_are_the_per_field_readings(raw_tasks: list[Any]) -> None:
    fast = _outcome(typed_tasks, raw_tasks)
    slow = _outcome(_slow_typed, raw_tasks)
    assert fast == slow
    assert repr(fast) == repr(slow)  # the enums' unknown values and the times' zones too


def test_typed_tasks_leave_to_the_per_field_reading_what_it_refuses() -> None:
    # Each well typed but for what the type pattern cannot see: a list item, a time the
    # platform cannot place; and a bool, which is no int. Every one is refused by both paths.
    for task in (
        {"TaskId": "t", "LexiconNames": ["a", 1]},
        {"TaskId": "t", "SpeechMarkTypes": ["word", None]},
        {"TaskId": "t", "CreationTime": 1e20},
        {"TaskId": "t", "CreationTime": float("nan")},
        {"TaskId": "t", "RequestCharacters": True},
    ):
        _refused_alike([{"TaskId": "first"}, task])


def _refused_alike(raw_tasks: list[Any]) -> None:
    """Both paths refuse the page's second task, naming it alike."""
    fast = _outcome(typed_tasks, raw_tasks)
    assert fast[0] == "malformed" and "SynthesisTasks[1]." in fast[1]
    assert fast == _outcome(_slow_typed, raw_tasks)


class _SaysItIsEveryType(type):
    def __eq__(cls, other: object) -> bool:
        return True

    __hash__ = type.__hash__


class _Impostor(metaclass=_SaysItIsEveryType):
    pass


def test_a_value_whose_type_claims_to_be_a_json_type_is_refused_by_name() -> None:
    raw_tasks = [{"Engine": "neural"}, {"Engine": _Impostor()}, {"CreationTime": _Impostor()}]
    for index in (1, 2):
        _refused_alike([raw_tasks[0], raw_tasks[index]])


def test_reading_an_unknown_value_leaves_the_enum_table_as_it_was() -> None:
    known = len(_VOICES)
    (task,) = typed_tasks([{"VoiceId": "Zed", "TaskId": "t"}])
    assert task.voice_id == "Zed" and task.voice_id._value_ == "Zed"
    assert len(_VOICES) == known


def test_a_page_builder_result_shares_no_list_with_the_json() -> None:
    raw_tasks = [{"TaskId": "a", "LexiconNames": ["x"]}, {"LexiconNames": ["y"], "TaskId": "b"}]
    built = _boto3_tasks(raw_tasks)
    for task in built:
        task["LexiconNames"].append("changed")
    assert [task["LexiconNames"] for task in raw_tasks] == [["x"], ["y"]]
    assert [list(task) for task in built] == [["TaskId", "LexiconNames"]] * 2


field_values = st.tuples(*(steady for _ in dataclasses.fields(SynthesisTask)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(fields=field_values)
def test_new_task_is_the_task_init_makes(fields: tuple[Any, ...]) -> None:
    made, built = new_task(fields), SynthesisTask(*fields)
    assert type(made) is SynthesisTask
    assert repr(made) == repr(built)
    assert made == built and hash(made) == hash(built)
    assert pickle.loads(pickle.dumps(made)) == built
    assert [getattr(made, field.name) for field in dataclasses.fields(SynthesisTask)] == list(
        fields
    )
