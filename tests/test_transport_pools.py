"""The transport finds a URL's urllib3 pool once for the origin it last sent to
(``transport.PoolsByOrigin``), by overriding a private method of botocore's HTTP session. These
tests fail loudly should a botocore release stop calling it (sending would still work, as
botocore's own, only slower), and hold the memo to what urllib3 would have chosen: the right
pool for each origin, and none kept past ``close``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from polly_client.http import HttpRequest
from polly_client.transport import PoolsByOrigin, Urllib3Transport
from tests.support import ReplayServer, Reply, serving


@pytest.fixture
def other() -> Iterator[ReplayServer]:
    yield from serving(Reply(body=b'{"from": "other"}'))


def _get(transport: Urllib3Transport, url: str) -> bytes:
    return transport.send(HttpRequest("GET", url, {})).body


def _memo(transport: Urllib3Transport) -> PoolsByOrigin:
    session: Any = transport._session
    memos = list(getattr(session, "pools_by_manager", {}).values())
    assert memos, (
        "botocore's URLLib3Session.send no longer calls _get_connection_manager: the pool memo "
        "is unused (sending is botocore's own); find where the pool is chosen now"
    )
    memo: PoolsByOrigin = memos[0]
    return memo


def _counting(monkeypatch: pytest.MonkeyPatch, memo: PoolsByOrigin) -> list[str]:
    """The URLs urllib3's manager is asked about from now on."""
    lookups: list[str] = []
    look_up = memo.manager.connection_from_url

    def counted(url: str, pool_kwargs: Any = None) -> Any:
        lookups.append(url)
        return look_up(url, pool_kwargs=pool_kwargs)

    monkeypatch.setattr(memo.manager, "connection_from_url", counted)
    return lookups


def test_a_urls_pool_is_looked_up_once_while_the_origin_stays(
    replay: ReplayServer, other: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = Urllib3Transport()
    _get(transport, f"{replay.url}/v1/synthesisTasks")
    lookups = _counting(monkeypatch, _memo(transport))
    for query in ("", "?MaxResults=1", "?NextToken=a%2Fb"):
        assert _get(transport, f"{replay.url}/v1/synthesisTasks{query}") == Reply().body
    assert lookups == []  # whatever the path and query
    for _ in range(2):
        assert _get(transport, f"{other.url}/v1/voices") == b'{"from": "other"}'
        assert _get(transport, f"{replay.url}/v1/voices") == Reply().body
    # Another origin each time: urllib3's choice each time, the right server each time.
    assert len(lookups) == 4
    assert len(replay.requests) == 6
    transport.close()


def test_a_closed_pool_is_looked_up_afresh(replay: ReplayServer) -> None:
    transport = Urllib3Transport()
    url = f"{replay.url}/v1/synthesisTasks"
    _get(transport, url)
    memo = _memo(transport)
    assert memo.last is not None
    first = memo.last[1]
    transport.close()  # urllib3's manager forgets its pools: the next request gets a new one
    assert _get(transport, url) == Reply().body
    second = _memo(transport).last
    assert second is not None and second[1] is not first
    transport.close()


def test_a_url_without_a_path_is_looked_up_as_urllib3_does(replay: ReplayServer) -> None:
    transport = Urllib3Transport()
    assert _get(transport, replay.url) == Reply().body
    assert _memo(transport).last is None
    transport.close()
