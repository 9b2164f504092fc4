"""The paginator against boto3's, page by page, over the same served bytes."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import OperationNotPageableError, PaginationError
from botocore.paginate import TokenEncoder

from polly_client import PollyClient
from tests.support import ReplayServer, Reply, client_kwargs, paged_tasks


def _both(server: ReplayServer) -> tuple[PollyClient, Any]:
    kwargs = client_kwargs(server.url)
    return PollyClient(**kwargs), boto3.client(
        "polly", config=Config(retries={"max_attempts": 0}), **kwargs
    )


def _pages(client: Any, **paginate: Any) -> tuple[list[dict[str, Any]], str | None]:
    iterator = client.get_paginator("list_speech_synthesis_tasks").paginate(**paginate)
    pages = [_comparable(page) for page in iterator]
    return pages, iterator.resume_token


def _comparable(page: Any) -> dict[str, Any]:
    as_dict = dict(page)
    as_dict.pop("ResponseMetadata")  # headers carry per-request lengths; compared elsewhere
    return as_dict


CONFIGS = [
    {},
    {"PageSize": 7},
    {"PageSize": 7, "MaxItems": 10},
    {"PageSize": 5, "MaxItems": 10},
    {"MaxItems": 0},
    {"PageSize": 3, "MaxItems": 100},
    {"PageSize": "4", "MaxItems": "9"},
]


@pytest.mark.parametrize("config", CONFIGS, ids=repr)
@pytest.mark.parametrize("status", [None, "completed"])
def test_pages_and_resume_tokens_equal_boto3(
    replay: ReplayServer, config: dict[str, Any], status: str | None
) -> None:
    replay.reply = paged_tasks(23)
    ours, theirs = _both(replay)
    extra = {} if status is None else {"Status": status}
    assert _pages(ours, PaginationConfig=config, **extra) == _pages(
        theirs, PaginationConfig=config, **extra
    )


def test_resume_tokens_are_interchangeable_with_boto3(replay: ReplayServer) -> None:
    replay.reply = paged_tasks(23)
    ours, theirs = _both(replay)
    first = {"PageSize": 7, "MaxItems": 10}
    _, their_token = _pages(theirs, PaginationConfig=first)
    _, our_token = _pages(ours, PaginationConfig=first)
    assert our_token == their_token and our_token is not None
    rest_ours = _pages(ours, PaginationConfig={"PageSize": 7, "StartingToken": their_token})
    rest_theirs = _pages(theirs, PaginationConfig={"PageSize": 7, "StartingToken": our_token})
    assert rest_ours == rest_theirs
    resumed_ids = [t["TaskId"] for page in rest_ours[0] for t in page["SynthesisTasks"]]
    assert resumed_ids[0] == "task-000010" and len(resumed_ids) == 13


@pytest.mark.parametrize("token", ["tok-7", "tok-7___2", "None", "a___b___c"])
@pytest.mark.parametrize("max_items", [None, 0, 3])
def test_raw_and_old_style_starting_tokens_read_as_boto3_reads_them(
    replay: ReplayServer, token: str, max_items: int | None
) -> None:
    replay.reply = paged_tasks(12)
    ours, theirs = _both(replay)
    config: dict[str, Any] = {"StartingToken": token}
    if max_items is not None:
        config["MaxItems"] = max_items  # the resume token carries the starting one on
    results: list[object] = []
    for client in (ours, theirs):
        try:
            results.append(_pages(client, PaginationConfig=config))
        except Exception as exc:
            results.append((type(exc).__name__, str(exc)))
    assert results[0] == results[1]


@pytest.mark.parametrize(
    "members",
    [
        {},
        {"NextToken": None},
        {"NextToken": "tok-7", "boto_truncate_amount": 2},
        {"NextToken": "tok-7", "Status": "failed"},
        {"MaxResults": 3},
        {"NextToken": "tok-7", "MaxResults": 3, "boto_truncate_amount": 1},
        {"Other": "x"},
        {"NextToken": 5},
    ],
    ids=repr,
)
def test_every_member_of_a_resume_token_is_a_parameter_as_in_boto3(
    replay: ReplayServer, members: dict[str, Any]
) -> None:
    replay.reply = paged_tasks(12)
    ours, theirs = _both(replay)
    config = {"StartingToken": TokenEncoder().encode(members), "MaxItems": 4}
    results: list[object] = []
    for client in (ours, theirs):
        replay.requests.clear()
        try:
            results.append(_pages(client, PaginationConfig=config))
        except Exception as exc:
            results.append((type(exc).__name__, str(exc)))
        results.append([request.path for request in replay.requests])
    assert results[:2] == results[2:]


def test_full_result_and_search_equal_boto3(replay: ReplayServer) -> None:
    replay.reply = paged_tasks(23)
    ours, theirs = _both(replay)
    for config in ({"PageSize": 6}, {"PageSize": 6, "MaxItems": 14}):
        mine = ours.get_paginator("list_speech_synthesis_tasks").paginate(PaginationConfig=config)
        boto = theirs.get_paginator("list_speech_synthesis_tasks").paginate(PaginationConfig=config)
        assert mine.build_full_result() == boto.build_full_result()
    expression = "SynthesisTasks[?TaskStatus=='failed'].TaskId"
    assert list(
        ours.get_paginator("list_speech_synthesis_tasks").paginate().search(expression)
    ) == list(theirs.get_paginator("list_speech_synthesis_tasks").paginate().search(expression))


def test_invalid_pagination_config_raises_what_boto3_raises(replay: ReplayServer) -> None:
    ours, theirs = _both(replay)
    for config in ({"MaxItems": "x"}, {"PageSize": "y"}, {"PageSize": 0}):
        raised = []
        for client in (ours, theirs):
            with pytest.raises(Exception) as info:
                list(
                    client.get_paginator("list_speech_synthesis_tasks").paginate(
                        PaginationConfig=config
                    )
                )
            raised.append((type(info.value), str(info.value)))
        assert raised[0] == raised[1], config


def test_a_repeated_next_token_stops_like_boto3(replay: ReplayServer) -> None:
    replay.reply = Reply(body=b'{"SynthesisTasks": [], "NextToken": "same"}')
    ours, theirs = _both(replay)
    messages = []
    for client in (ours, theirs):
        with pytest.raises(PaginationError) as info:
            list(client.get_paginator("list_speech_synthesis_tasks").paginate())
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_an_empty_next_token_ends_the_listing_like_boto3(replay: ReplayServer) -> None:
    replay.reply = Reply(body=b'{"SynthesisTasks": [], "NextToken": ""}')
    ours, theirs = _both(replay)
    assert _pages(ours) == _pages(theirs) == ([{"SynthesisTasks": [], "NextToken": ""}], None)
    assert len(replay.requests) == 2


def test_the_token_is_read_from_the_page_as_after_call_handlers_left_it(
    replay: ReplayServer,
) -> None:
    replay.reply = paged_tasks(30)

    def drop_the_token(parsed: dict[str, Any], **kwargs: Any) -> None:
        parsed.pop("NextToken", None)

    walks = []
    for client in _both(replay):
        client.meta.events.register("after-call.polly.ListSpeechSynthesisTasks", drop_the_token)
        walks.append(_pages(client, PaginationConfig={"PageSize": 10}))
    assert walks[0] == walks[1]
    assert len(walks[0][0]) == 1


def test_pages_are_typed_and_fetched_lazily(replay: ReplayServer) -> None:
    replay.reply = paged_tasks(30)
    ours, _ = _both(replay)
    pages = iter(
        ours.get_paginator("list_speech_synthesis_tasks").paginate(
            PaginationConfig={"PageSize": 10}
        )
    )
    first = next(pages)
    assert len(replay.requests) == 1
    assert first.synthesis_tasks is not None and first.synthesis_tasks[0].task_id == "task-000000"
    assert ours.can_paginate("list_speech_synthesis_tasks")
    assert not ours.can_paginate("synthesize_speech")
    with pytest.raises(OperationNotPageableError):
        ours.get_paginator("synthesize_speech")


def test_typed_iterator_walks_every_task_once(replay: ReplayServer) -> None:
    replay.reply = paged_tasks(25)
    ours, _ = _both(replay)
    ids = [task.task_id for task in ours.iter_speech_synthesis_tasks(page_size=10)]
    assert ids == [f"task-{i:06d}" for i in range(25)]
    assert len(replay.requests) == 3
    failed = list(ours.iter_speech_synthesis_tasks(status="failed"))
    assert [t.task_id for t in failed] == [f"task-{i:06d}" for i in range(1, 25, 2)]


def test_typed_iterator_gives_the_paginators_typed_tasks(replay: ReplayServer) -> None:
    """It reads its pages typed only (nobody sees them as dicts); with ``client.meta`` read,
    through the full call, whose handlers see boto3's dict."""
    replay.reply = paged_tasks(23)
    ours, _ = _both(replay)
    paginator = ours.get_paginator("list_speech_synthesis_tasks")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 7}, Status="failed"))
    expected = [task for page in pages for task in page.synthesis_tasks or ()]
    assert len(expected) == 11
    assert list(ours.iter_speech_synthesis_tasks(status="failed", page_size=7)) == expected
    seen: list[int] = []

    def count(parsed: dict[str, Any], **_: Any) -> None:
        seen.append(len(parsed["SynthesisTasks"]))

    ours.meta.events.register("after-call.polly.ListSpeechSynthesisTasks", count)
    assert list(ours.iter_speech_synthesis_tasks(status="failed", page_size=7)) == expected
    assert seen == [7, 4]


def test_result_key_iters_and_the_non_aggregate_part_are_botocores(replay: ReplayServer) -> None:
    replay.reply = paged_tasks(12)
    seen = []
    for client in _both(replay):
        pages = client.get_paginator("list_speech_synthesis_tasks").paginate(
            PaginationConfig={"PageSize": 5, "MaxItems": 8}
        )
        (tasks,) = pages.result_key_iters()
        seen.append(([task["TaskId"] for task in tasks], pages.non_aggregate_part))
    assert seen[0] == seen[1]
    assert len(seen[0][0]) == 8


@pytest.mark.parametrize(
    "name", ["nope", "ListSpeechSynthesisTasks", "synthesize_speech", "describe_voices"]
)
def test_can_paginate_and_get_paginator_answer_as_boto3_does(
    name: str, replay: ReplayServer
) -> None:
    answers = []
    for client in _both(replay):
        answer: list[object] = []
        for ask in (client.can_paginate, client.get_paginator):
            try:
                found = ask(name)
            except Exception as exc:
                answer.append((type(exc).__name__, str(exc)))
            else:
                answer.append(found if isinstance(found, bool) else "a paginator")
        answers.append(answer)
    assert answers[0] == answers[1]
