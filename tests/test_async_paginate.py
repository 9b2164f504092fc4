"""The async client's paginators against botocore's own ``Paginator``: the same calls, pages,
resume tokens, full results and errors for any sequence of pages and any ``PaginationConfig``,
for every paginator of the installed model; and over HTTP against the local endpoint."""

from __future__ import annotations

import asyncio
import copy
import os
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import OperationNotPageableError
from botocore.paginate import TokenEncoder
from hypothesis import given, settings
from hypothesis import strategies as st

from polly_client import AsyncPollyClient
from polly_client.local import LocalPolly
from polly_client.model_operations import model_paginator, paginator_config
from polly_client.operations import Paging
from polly_client.paginate import AsyncPaginator
from tests.support import drive, each

PAGINATED = ["describe_voices", "list_lexicons", "list_speech_synthesis_tasks"]


def _paging(method_name: str) -> Paging:
    config = paginator_config(method_name)
    assert config is not None
    return Paging.from_config(config)


def test_every_paginator_of_the_model_is_one_the_async_client_pages() -> None:
    from botocore.session import get_session

    model = get_session().get_paginator_model("polly")
    names = sorted(model._paginator_config)  # type: ignore[attr-defined]
    assert names  # an empty model would make this test vacuous
    from polly_client.model_operations import api_mapping

    by_operation = {name: method for method, name in api_mapping().items()}
    for name in names:
        _paging(by_operation[name])  # raises for a shape the async walk cannot follow
    assert sorted(by_operation[name] for name in names) == PAGINATED


def test_paginator_settings_beyond_one_token_are_refused() -> None:
    base = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Voices"}
    assert Paging.from_config(base) == Paging("NextToken", "NextToken", None, "Voices")
    for bad in (
        {**base, "more_results": "IsTruncated"},
        {**base, "result_key": ["Voices", "Other"]},
        {**base, "limit_key": 5},
        {"input_token": "NextToken", "result_key": "Voices"},
    ):
        with pytest.raises(ValueError, match="one-token"):
            Paging.from_config(bad)


class _Service:
    """Answers each call with the next scripted page (the last one again once they run out),
    recording the parameters; a fresh copy each time, since botocore edits pages in place."""

    def __init__(self, script: list[dict[str, Any]]) -> None:
        self.script = script
        self.calls: list[dict[str, Any]] = []

    def sync(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        return copy.deepcopy(self.script[min(len(self.calls), len(self.script)) - 1])

    async def aio(self, **params: Any) -> dict[str, Any]:
        return self.sync(**params)


_TOKENS = st.sampled_from(["t1", "t2", "t3", "", "None", None])


def _pages(result_key: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    items = st.lists(st.integers(0, 99).map(lambda n: {"Name": f"n{n}"}), max_size=6)
    page = st.builds(
        lambda found, token, missing: {
            **({} if missing else {result_key: found}),
            **({} if token is None else {"NextToken": token}),
            "ResponseMetadata": {"HTTPStatusCode": 200},
        },
        items,
        _TOKENS,
        st.integers(0, 4).map(lambda n: n == 0),  # now and then a page without the key
    )
    return st.lists(page, min_size=1, max_size=5)


def _starting_tokens() -> st.SearchStrategy[str | None]:
    encoded = st.builds(
        lambda token, skip: TokenEncoder().encode(
            {"NextToken": token, **({} if skip is None else {"boto_truncate_amount": skip})}
        ),
        _TOKENS,
        st.none() | st.integers(0, 7),
    )
    raw = st.sampled_from(["t2", "t2___3", "t2___x", "a___b___c", "None"])
    return st.none() | encoded | raw


def _outcome(run: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "ok", run()
    except Exception as exc:  # the two must fail alike, whatever the failure
        return type(exc).__name__, str(exc)


@settings(max_examples=1_000 if os.environ.get("CI") else 150, deadline=None)
@given(
    data=st.data(),
    method_name=st.sampled_from(PAGINATED),
    max_items=st.none() | st.integers(0, 12),
    page_size=st.none() | st.integers(1, 9),
    starting_token=_starting_tokens(),
)
def test_pages_resume_tokens_and_errors_are_botocores(
    *,
    data: st.DataObject,
    method_name: str,
    max_items: int | None,
    page_size: int | None,
    starting_token: str | None,
) -> None:
    paging = _paging(method_name)
    script = data.draw(_pages(paging.result_key))
    config = {
        key: value
        for key, value in (
            ("MaxItems", max_items),
            ("PageSize", page_size),
            ("StartingToken", starting_token),
        )
        if value is not None
    }
    theirs, ours = _Service(script), _Service(script)

    def botocores() -> tuple[list[Any], Any, dict[str, Any]]:
        pages = model_paginator(theirs.sync, method_name).paginate(
            PaginationConfig=dict(config), Filter="x"
        )
        listed = [copy.deepcopy(page) for page in pages]
        full = model_paginator(theirs.sync, method_name).paginate(PaginationConfig=dict(config))
        return listed, pages.resume_token, full.build_full_result()

    def async_clients() -> tuple[list[Any], Any, dict[str, Any]]:
        paginator = AsyncPaginator(ours.aio, paging)
        pages = paginator.paginate(PaginationConfig=dict(config), Filter="x")
        listed = [copy.deepcopy(page) for page in each(pages.__aiter__())]
        full = paginator.paginate(PaginationConfig=dict(config))
        return listed, pages.resume_token, drive(full.build_full_result())

    assert _outcome(async_clients) == _outcome(botocores)
    assert ours.calls == theirs.calls


def test_search_flattens_as_botocores() -> None:
    script: list[dict[str, Any]] = [
        {"Voices": [{"Id": "a"}, {"Id": "b"}], "NextToken": "t1"},
        {"Voices": [{"Id": "c"}]},
    ]
    theirs, ours = _Service(script), _Service(script)
    expected = list(
        model_paginator(theirs.sync, "describe_voices").paginate().search("Voices[].Id")
    )
    pages = AsyncPaginator(ours.aio, _paging("describe_voices")).paginate()
    assert list(each(pages.search("Voices[].Id"))) == expected == ["a", "b", "c"]
    assert ours.calls == theirs.calls


def test_every_paginator_pages_over_http_as_the_sync_clients_pages() -> None:
    async def pages(client: AsyncPollyClient, name: str, **config: Any) -> list[Any]:
        paginator = client.get_paginator(name)
        return [dict(page) async for page in paginator.paginate(PaginationConfig=config)]

    with LocalPolly() as polly:
        polly.seed(150)
        sync = polly.client()
        for n in range(12):  # two pages of ten
            sync.put_lexicon(Name=f"lexicon{n:02d}", Content=_LEXICON)

        async def run() -> None:
            async with AsyncPollyClient(**polly.client_kwargs()) as client:
                assert client.can_paginate("describe_voices")
                assert client.can_paginate("list_lexicons")
                assert not client.can_paginate("synthesize_speech")
                with pytest.raises(OperationNotPageableError):
                    client.get_paginator("synthesize_speech")
                for name in ("describe_voices", "list_lexicons"):
                    ours = await pages(client, name, MaxItems=11)
                    expected = list(
                        sync.get_paginator(name).paginate(PaginationConfig={"MaxItems": 11})
                    )
                    assert [_body(p) for p in ours] == [_body(p) for p in expected]
                    full = await client.get_paginator(name).paginate().build_full_result()
                    assert full == sync.get_paginator(name).paginate().build_full_result()
                listing = client.get_paginator("list_speech_synthesis_tasks")
                found = [i async for i in listing.paginate().search("SynthesisTasks[].TaskId")]
                walk = sync.get_paginator("list_speech_synthesis_tasks").paginate()
                assert found == list(walk.search("SynthesisTasks[].TaskId"))
                assert len(found) == 150

        asyncio.run(run())


def _body(page: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in page.items() if key != "ResponseMetadata"}


_LEXICON = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
    alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
</lexicon>"""
