"""The response is boto3's dict: every idiom boto3 code uses on a result gives boto3's outcome
(values, exceptions, JSON text) over the same served bytes, and mutations of the dict leave the
typed view as the service sent it."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from polly_client import ListSpeechSynthesisTasksResponse, PollyClient, SynthesisTaskResponse
from tests.support import ReplayServer, Reply, client_kwargs
from tests.test_differential import FULL_TASK

PAGE = {
    "NextToken": "next",
    "SynthesisTasks": [
        # Keys in another order than the model's, as a service may send them.
        dict(reversed(FULL_TASK.items())),
        {"TaskId": "b", "CreationTime": 1700000000, "Engine": None, "Future": 1},
        {"TaskId": "c", "CreationTime": "2024-01-02T03:04:05Z", "SpeechMarkTypes": ["word"]},
    ],
}


@pytest.fixture
def clients(replay: ReplayServer) -> Iterator[tuple[PollyClient, Any]]:
    replay.reply = Reply(body=json.dumps(PAGE).encode())
    config = Config(retries={"max_attempts": 0})
    kwargs = client_kwargs(replay.url)
    yield PollyClient(config=config, **kwargs), boto3.client("polly", config=config, **kwargs)


def _both(clients: tuple[PollyClient, Any], idiom: Callable[[Any], Any]) -> Any:
    results = []
    for client in clients:
        response = client.list_speech_synthesis_tasks()
        try:
            results.append(("ok", idiom(response)))
        except Exception as exc:  # the type and words are what is compared
            results.append((type(exc).__name__, str(exc)))
    assert results[0] == results[1]
    return results[0]


def _mutated(response: dict[str, Any]) -> dict[str, Any]:
    response.pop("ResponseMetadata")
    del response["NextToken"]
    response["Extra"] = 1
    response["SynthesisTasks"][0]["TaskId"] = "changed"
    response["SynthesisTasks"].append({"TaskId": "mine"})
    response.setdefault("More", []).append(2)
    return response


def _unhashable(response: dict[str, Any]) -> bool:
    # The words name the class ("unhashable type: 'ListSpeechSynthesisTasksResponse'").
    with pytest.raises(TypeError, match="unhashable type"):
        hash(response)
    return True


IDIOMS: dict[str, Callable[[Any], Any]] = {
    "isinstance dict": lambda r: isinstance(r, dict),
    "json.dumps default=str": lambda r: json.dumps(r, default=str),
    "json.dumps without default": json.dumps,
    "json.dumps sorted and indented": lambda r: json.dumps(
        r, default=str, indent=2, sort_keys=True
    ),
    "repr": repr,
    "keys in order": lambda r: (list(r), [list(task) for task in r["SynthesisTasks"]]),
    "pop": lambda r: (r.pop("NextToken"), r.pop("Nope", None), r),
    "pop missing": lambda r: r.pop("Nope"),
    "del": lambda r: (r.__delitem__("ResponseMetadata"), r),
    "item assignment": lambda r: (r.__setitem__("NextToken", "x"), r),
    "or": lambda r: (r | {"NextToken": None}, type(r | {}).__name__),
    "ror": lambda r: {"a": 1} | r,
    "ior": lambda r: (r.__ior__({"a": 1}), r),
    "update, clear": lambda r: (r.update(a=1), r.copy(), r.clear(), r),
    "copy.copy": lambda r: (copy.copy(r), copy.copy(r)["SynthesisTasks"] is r["SynthesisTasks"]),
    "copy.deepcopy": lambda r: (
        copy.deepcopy(r),
        copy.deepcopy(r)["SynthesisTasks"] is r["SynthesisTasks"],
    ),
    "pickle": lambda r: pickle.loads(pickle.dumps(r)),
    "pickle, every protocol": lambda r: [
        pickle.loads(pickle.dumps(r, protocol)) for protocol in range(pickle.HIGHEST_PROTOCOL + 1)
    ],
    "mutations": lambda r: json.dumps(_mutated(r), default=str),
    "dict(), **": lambda r: (dict(r), {**r}),
    "unhashable": _unhashable,
    "equality": lambda r: (r == dict(r), r != {}, r == copy.deepcopy(r)),
}


@pytest.mark.parametrize("idiom", IDIOMS.values(), ids=IDIOMS.keys())
def test_idioms_give_boto3s_outcome(clients: tuple[PollyClient, Any], idiom: Any) -> None:
    _both(clients, idiom)


def test_mutating_the_dict_leaves_the_typed_view_as_sent(clients: tuple[PollyClient, Any]) -> None:
    ours, _ = clients
    response = ours.list_speech_synthesis_tasks()
    sent = response.to_dict()
    _mutated(response)
    assert response.next_token == "next"
    assert response.synthesis_tasks is not None
    assert [task.task_id for task in response.synthesis_tasks] == [FULL_TASK["TaskId"], "b", "c"]
    assert response.response_metadata.request_id == "req-1"
    assert response.to_dict() == sent
    assert response != sent


def test_copies_and_pickles_keep_both_views(clients: tuple[PollyClient, Any]) -> None:
    ours, _ = clients
    response = ours.list_speech_synthesis_tasks()
    response["Extra"] = 1
    for again in (
        copy.copy(response),
        copy.deepcopy(response),
        pickle.loads(pickle.dumps(response)),
    ):
        assert type(again) is ListSpeechSynthesisTasksResponse
        assert again == response
        assert again.synthesis_tasks == response.synthesis_tasks
        assert again.next_token == "next"
        assert again.response_metadata == response.response_metadata


def test_the_typed_attributes_are_read_only(clients: tuple[PollyClient, Any]) -> None:
    ours, _ = clients
    response = ours.list_speech_synthesis_tasks()
    with pytest.raises(AttributeError):
        response.next_token = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        response.extra = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("idiom", IDIOMS.values(), ids=IDIOMS.keys())
def test_task_responses_too(replay: ReplayServer, idiom: Any) -> None:
    body = {"SynthesisTask": dict(reversed(FULL_TASK.items()))}
    replay.reply = Reply(body=json.dumps(body).encode())
    kwargs = client_kwargs(replay.url)
    results = []
    for client in (PollyClient(**kwargs), boto3.client("polly", **kwargs)):
        response = client.get_speech_synthesis_task(TaskId="t")
        response["SynthesisTasks"] = [response["SynthesisTask"]]  # so the page idioms apply
        response["NextToken"] = "n"
        try:
            results.append(("ok", idiom(response)))
        except Exception as exc:
            results.append((type(exc).__name__, str(exc)))
    assert results[0] == results[1]
    ours = PollyClient(**kwargs).get_speech_synthesis_task(TaskId="t")
    assert isinstance(ours, SynthesisTaskResponse)
    ours["SynthesisTask"]["TaskId"] = "changed"
    assert ours.synthesis_task is not None
    assert ours.synthesis_task.task_id == FULL_TASK["TaskId"]


def test_paginator_pages_are_boto3s_dicts(replay: ReplayServer) -> None:
    replay.reply = Reply(body=json.dumps({"SynthesisTasks": PAGE["SynthesisTasks"]}).encode())
    kwargs = client_kwargs(replay.url)
    texts = []
    for client in (PollyClient(**kwargs), boto3.client("polly", **kwargs)):
        paginator = client.get_paginator("list_speech_synthesis_tasks")
        pages = list(paginator.paginate(PaginationConfig={"MaxItems": 2}))
        assert all(isinstance(page, dict) for page in pages)
        texts.append(json.dumps(pages, default=str))
    assert texts[0] == texts[1]
