"""Paginators: botocore's paginator behaviour (the same truncation, resume tokens and full
results) over typed pages of ``list_speech_synthesis_tasks``, sync and async, and over boto3's
dict pages of the model's other paginated operations, async (the sync client uses botocore's
own paginator for those)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from polly_client.models import ListSpeechSynthesisTasksResponse
from polly_client.operations import LIST_SPEECH_SYNTHESIS_TASKS, Paging

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from polly_client.models import ListSpeechSynthesisTasksRequest

__all__ = [
    "AsyncListSpeechSynthesisTasksPaginator",
    "AsyncModelPageIterator",
    "AsyncPageIterator",
    "AsyncPaginator",
    "ListSpeechSynthesisTasksPaginator",
    "PageIterator",
]

assert LIST_SPEECH_SYNTHESIS_TASKS.paging is not None
_LISTING: Paging = LIST_SPEECH_SYNTHESIS_TASKS.paging
_TRUNCATE = "boto_truncate_amount"


class _Fetch(NamedTuple):
    """The walk needs the page for these parameters (and is resumed with it)."""

    params: dict[str, Any]


_Page = TypeVar("_Page", ListSpeechSynthesisTasksResponse, dict[str, Any])
ListCall = Callable[..., ListSpeechSynthesisTasksResponse]


class ListSpeechSynthesisTasksPaginator:
    def __init__(self, method: ListCall) -> None:
        self._method = method

    def paginate(
        self,
        *,
        PaginationConfig: Mapping[str, Any] | None = None,  # noqa: N803  (boto3's name)
        **kwargs: Unpack[ListSpeechSynthesisTasksRequest],
    ) -> PageIterator:
        """Pages of ``list_speech_synthesis_tasks(**kwargs)``; ``PaginationConfig`` takes
        ``MaxItems``, ``PageSize`` and ``StartingToken`` as in boto3."""
        return PageIterator(self._method, _LISTING, dict(kwargs), PaginationConfig)


class _Walk(Generic[_Page]):
    """botocore's walk over the pages of one operation, shared by every page iterator here:
    ``_walk`` is a generator that yields a ``_Fetch`` for each page it needs (resumed with the
    page) and each page to hand out, so the sync and async iterators drive the same walk."""

    def __init__(
        self,
        method: Callable[..., Any],
        paging: Paging,
        params: dict[str, Any],
        config: Mapping[str, Any] | None,
    ) -> None:
        import jmespath

        self._method = method
        self._paging = paging
        self._params = params
        config = config or {}
        max_items = config.get("MaxItems")
        self._max_items = None if max_items is None else int(max_items)
        self._page_size = _page_size(paging, config.get("PageSize"))
        self._starting_token: str | None = config.get("StartingToken")
        self._resume_token: str | None = None
        self.result_keys = [jmespath.compile(paging.result_key)]

    @property
    def resume_token(self) -> str | None:
        """Where a later ``StartingToken`` resumes, set when ``MaxItems`` stopped the listing."""
        return self._resume_token

    def _walk(self) -> Generator[_Fetch | _Page, Any, None]:
        paging = self._paging
        params = dict(self._params)
        # The token the page being read was asked with, as botocore keeps it: a starting
        # token's every member (each also a parameter, so one the operation lacks fails its
        # validation), then the service's token.
        token: dict[str, Any] = {paging.input_token: None}
        skip = 0
        if self._starting_token is not None:
            token, skip = _parse_starting_token(paging, self._starting_token)
            for name, value in token.items():
                _set_param(params, name, value)
        if self._page_size is not None and paging.limit_key is not None:
            params[paging.limit_key] = self._page_size
        total = 0
        previous: str | None = None
        first = True
        while True:
            page = yield _Fetch(dict(params))
            skipped = skip if first else 0
            if first and self._starting_token is not None:
                page = _cut(paging, page, skipped, None)
            first = False
            count = _count(paging, page)
            if self._max_items is not None and total + count > self._max_items:
                keep = self._max_items - total
                self._resume_token = _encode(paging, {**token, _TRUNCATE: keep + skipped})
                yield _cut(paging, page, 0, keep)
                return
            yield page
            total += count
            next_token = _next_token(paging, page)
            if next_token is None:
                return
            if self._max_items is not None and total == self._max_items:
                self._resume_token = _encode(paging, {paging.input_token: next_token})
                return
            if previous is not None and previous == next_token:
                from botocore.exceptions import PaginationError

                raise PaginationError(
                    message=f"The same next token was received twice: "
                    f"{ {paging.input_token: next_token}!r}"
                )
            _set_token(paging, params, next_token)
            previous = next_token
            token = {paging.input_token: next_token}

    def _full_result(self, result: dict[str, Any]) -> dict[str, Any]:
        if self._resume_token is not None:
            result["NextToken"] = self._resume_token
        return result

    def _add_page(self, result: dict[str, Any], page: _Page) -> None:
        key = self._paging.result_key
        if isinstance(page, ListSpeechSynthesisTasksResponse):
            present = page.synthesis_tasks is not None
        else:
            present = page.get(key) is not None
        if present:
            result.setdefault(key, []).extend(page[key])


class _SyncPages(_Walk[_Page]):
    def __iter__(self) -> Iterator[_Page]:
        walk = self._walk()
        fetched: _Page | None = None
        while True:
            try:
                item = walk.send(fetched)
            except StopIteration:
                return
            if isinstance(item, _Fetch):
                fetched = self._method(**item.params)
            else:
                fetched = None
                yield item

    def build_full_result(self) -> dict[str, Any]:
        """What boto3's ``build_full_result`` returns: every item as boto3 dicts, and
        ``NextToken`` (the resume token) when ``MaxItems`` cut the listing short."""
        result: dict[str, Any] = {}
        for page in self:
            self._add_page(result, page)
        return self._full_result(result)

    def search(self, expression: str) -> Iterator[Any]:
        """Apply a JMESPath expression to each page's boto3 dict, flattening list results."""
        search = _searcher(expression)
        for page in self:
            yield from search(page)

    def result_key_iters(self) -> list[Any]:
        """botocore's: for each result key, an iterable of its items across every page."""
        from botocore.paginate import ResultKeyIterator

        pages: Any = self  # botocore's class takes any iterable of page dicts
        return [ResultKeyIterator(pages, key) for key in self.result_keys]

    @property
    def non_aggregate_part(self) -> dict[str, Any]:
        """botocore's: the members of the pages outside their results, which Polly's paginators
        have none of (tests/test_model_drift.py holds each to the model's one result key)."""
        return {}


class _AsyncPages(_Walk[_Page]):
    async def _pages(self) -> AsyncIterator[_Page]:
        walk = self._walk()
        fetched: _Page | None = None
        while True:
            try:
                item = walk.send(fetched)
            except StopIteration:
                return
            if isinstance(item, _Fetch):
                fetched = await self._method(**item.params)
            else:
                fetched = None
                yield item

    def __aiter__(self) -> AsyncIterator[_Page]:
        return self._pages()

    async def build_full_result(self) -> dict[str, Any]:
        """``build_full_result``, awaited."""
        result: dict[str, Any] = {}
        async for page in self:
            self._add_page(result, page)
        return self._full_result(result)

    async def search(self, expression: str) -> AsyncIterator[Any]:
        """``search``, as ``async for``."""
        search = _searcher(expression)
        async for page in self:
            for found in search(page):
                yield found


class PageIterator(_SyncPages[ListSpeechSynthesisTasksResponse]):
    """Iterating gives typed pages; each also reads as boto3's page dict."""


class AsyncPageIterator(_AsyncPages[ListSpeechSynthesisTasksResponse]):
    """The same walk as ``PageIterator``, each page awaited: ``async for page in pages``."""


class AsyncModelPageIterator(_AsyncPages[dict[str, Any]]):
    """Pages of a model-driven operation (``describe_voices``, ``list_lexicons``): boto3's page
    dicts, each awaited."""


AsyncListCall = Callable[..., Awaitable[ListSpeechSynthesisTasksResponse]]


class AsyncListSpeechSynthesisTasksPaginator:
    """``AsyncPollyClient``'s paginator: ``async for page in paginator.paginate(...)``."""

    def __init__(self, method: AsyncListCall) -> None:
        self._method = method

    def paginate(
        self,
        *,
        PaginationConfig: Mapping[str, Any] | None = None,  # noqa: N803  (boto3's name)
        **kwargs: Unpack[ListSpeechSynthesisTasksRequest],
    ) -> AsyncPageIterator:
        """``ListSpeechSynthesisTasksPaginator.paginate``, for ``async for``."""
        return AsyncPageIterator(self._method, _LISTING, dict(kwargs), PaginationConfig)


class AsyncPaginator:
    """aiobotocore's paginator for a model-driven operation, by botocore's rules for the
    model's one-token paginators."""

    def __init__(self, method: Callable[..., Awaitable[dict[str, Any]]], paging: Paging) -> None:
        self._method = method
        self._paging = paging

    def paginate(
        self,
        *,
        PaginationConfig: Mapping[str, Any] | None = None,  # noqa: N803  (boto3's name)
        **kwargs: Any,
    ) -> AsyncModelPageIterator:
        """Pages of the operation, as botocore's ``paginate(**kwargs)`` pages it."""
        return AsyncModelPageIterator(self._method, self._paging, kwargs, PaginationConfig)


def _page_size(paging: Paging, page_size: Any) -> int | None:
    if page_size is None:
        return None
    if paging.limit_key is None:
        from botocore.exceptions import PaginationError

        raise PaginationError(
            message="PageSize parameter is not supported for the pagination interface for "
            "this operation."
        )
    return int(page_size)


def _count(paging: Paging, page: ListSpeechSynthesisTasksResponse | dict[str, Any]) -> int:
    """The page's items as botocore counts them, in its dict as handlers left it (which builds
    no typed tasks); a typed page read typed only (the typed iterator's) has none there."""
    items = page.get(paging.result_key)
    if items is not None:
        return len(items)
    if isinstance(page, ListSpeechSynthesisTasksResponse):
        return len(page.synthesis_tasks or ())
    return 0


def _cut(paging: Paging, page: _Page, start: int, stop: int | None) -> _Page:
    """The page with only its items ``[start:stop]``, as botocore's paginator cuts a page for
    ``MaxItems`` and ``StartingToken`` (a dict page whose items are not a list is left with
    None, as botocore leaves it)."""
    if isinstance(page, ListSpeechSynthesisTasksResponse):
        return page.sliced(start, stop)
    items = page.get(paging.result_key)
    cut = dict(page)
    cut[paging.result_key] = items[start:stop] if isinstance(items, (list, str)) else None
    return cut


def _next_token(paging: Paging, page: ListSpeechSynthesisTasksResponse | dict[str, Any]) -> Any:
    """The page's token for the next, or None at the end: botocore reads an empty token as
    the end too. Read from the page's dict, as handlers left it (an ``after-call`` handler
    that drops it ends the listing, as in boto3), which a typed-only page holds too."""
    return page.get(paging.output_token) or None


def _searcher(expression: str) -> Callable[[Mapping[str, Any]], Iterator[Any]]:
    import jmespath

    compiled = jmespath.compile(expression)

    def search(page: Mapping[str, Any]) -> Iterator[Any]:
        found = compiled.search(dict(page))
        if isinstance(found, list):
            yield from found
        else:
            yield found

    return search


def _set_token(paging: Paging, params: dict[str, Any], token: str | None) -> None:
    _set_param(params, paging.input_token, token)


def _set_param(params: dict[str, Any], name: str, token: Any) -> None:
    # botocore sends no token at all for a None (or "None") token.
    if token is None or token == "None":
        params.pop(name, None)
    else:
        params[name] = token


def _encode(paging: Paging, token: dict[str, Any]) -> str:
    """The resume token, checked as botocore's paginator checks it: the input token and the
    skip count, nothing else (a starting token with other members cannot be resumed)."""
    from botocore.paginate import TokenEncoder

    if set(token) - {_TRUNCATE} != {paging.input_token}:
        raise ValueError(f"Bad starting token: {token}")
    encoded: str = TokenEncoder().encode(token)
    return encoded


def _parse_starting_token(paging: Paging, starting_token: str) -> tuple[dict[str, Any], int]:
    """botocore's reading: its base64 JSON resume token (every member but the skip count a
    parameter), else a service token with an optional ``___N`` skip count (the old format,
    and a raw NextToken passed as is), where ``None`` stands for no token."""
    from botocore.paginate import TokenDecoder

    try:
        decoded = TokenDecoder().decode(starting_token)
        skip = decoded.pop(_TRUNCATE, 0) if _TRUNCATE in decoded else 0
        return decoded, skip
    except (ValueError, TypeError, AttributeError):
        pass
    parts = starting_token.split("___")
    skip = 0
    if len(parts) == 2:
        try:
            skip = int(parts.pop())
        except ValueError:
            parts = [starting_token]
    if len(parts) > 1:
        raise ValueError(f"Bad starting token: {starting_token}")
    return {paging.input_token: None if parts[0] == "None" else parts[0]}, skip
