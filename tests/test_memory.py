"""Paging holds one page at a time: peak traced memory does not grow with the listing."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

from polly_client import PollyClient
from tests.support import ReplayServer, client_kwargs, paged_tasks


def _peak_while(walk: Callable[[], int]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = walk()
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_is_bounded_by_a_page_not_the_listing(replay: ReplayServer) -> None:
    replay.reply = paged_tasks(30_000)
    replay.record = False  # the server's own log would grow with the listing
    client = PollyClient(**client_kwargs(replay.url))
    client.list_speech_synthesis_tasks(MaxResults=1)  # connection and lazy imports set up first

    def typed(limit: int) -> Callable[[], int]:
        def walk() -> int:
            count = 0
            for _task in client.iter_speech_synthesis_tasks(page_size=100):
                count += 1
                if count == limit:
                    break
            return count

        return walk

    def paginator() -> int:
        pages = client.get_paginator("list_speech_synthesis_tasks").paginate(
            PaginationConfig={"PageSize": 100}
        )
        return sum(len(page["SynthesisTasks"]) for page in pages)

    small_count, small_peak = _peak_while(typed(2_000))
    large_count, large_peak = _peak_while(typed(30_000))
    paged_count, paged_peak = _peak_while(paginator)
    assert (small_count, large_count, paged_count) == (2_000, 30_000, 30_000)
    # Holding 30,000 typed tasks would take well over 9 MB; one page is a few hundred KB.
    assert large_peak < 4 * 1024 * 1024
    assert paged_peak < 4 * 1024 * 1024
    assert large_peak < 2 * small_peak + 512 * 1024
