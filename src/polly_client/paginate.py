"""``client.get_paginator("list_speech_synthesis_tasks")``: botocore's paginator behaviour (the
same truncation, resume tokens and full results) over typed pages, fetched lazily."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from polly_client.models import ListSpeechSynthesisTasksResponse
from polly_client.operations import LIST_SPEECH_SYNTHESIS_TASKS
from polly_client.steps import Call

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from polly_client.models import ListSpeechSynthesisTasksRequest

__all__ = [
    "AsyncListSpeechSynthesisTasksPaginator",
    "AsyncPageIterator",
    "ListSpeechSynthesisTasksPaginator",
    "PageIterator",
]

_PAGING = LIST_SPEECH_SYNTHESIS_TASKS.paging
assert _PAGING is not None
_INPUT_TOKEN = _PAGING.input_token
_LIMIT_KEY = _PAGING.limit_key
_RESULT_KEY = _PAGING.result_key
_TRUNCATE = "boto_truncate_amount"

ListCall = Callable[..., ListSpeechSynthesisTasksResponse]


class ListSpeechSynthesisTasksPaginator:
    def __init__(self, method: ListCall) -> None:
        self._method = method
        self._iterator: type[PageIterator] = PageIterator

    def paginate(
        self,
        *,
        PaginationConfig: Mapping[str, Any] | None = None,  # noqa: N803  (boto3's name)
        **kwargs: Unpack[ListSpeechSynthesisTasksRequest],
    ) -> PageIterator:
        """Pages of ``list_speech_synthesis_tasks(**kwargs)``; ``PaginationConfig`` takes
        ``MaxItems``, ``PageSize`` and ``StartingToken`` as in boto3."""
        config = PaginationConfig or {}
        max_items = config.get("MaxItems")
        page_size = config.get("PageSize")
        return self._iterator(
            self._method,
            dict(kwargs),
            max_items=None if max_items is None else int(max_items),
            page_size=None if page_size is None else int(page_size),
            starting_token=config.get("StartingToken"),
        )


class PageIterator:
    """Iterating gives typed pages; each also reads as boto3's page dict."""

    def __init__(
        self,
        method: ListCall,
        params: dict[str, Any],
        *,
        max_items: int | None,
        page_size: int | None,
        starting_token: str | None,
    ) -> None:
        import jmespath

        self._method = method
        self._params = params
        self._max_items = max_items
        self._page_size = page_size
        self._starting_token = starting_token
        self._resume_token: str | None = None
        self.result_keys = [jmespath.compile(_RESULT_KEY)]

    @property
    def resume_token(self) -> str | None:
        """Where a later ``StartingToken`` resumes, set when ``MaxItems`` stopped the listing."""
        return self._resume_token

    def __iter__(self) -> Iterator[ListSpeechSynthesisTasksResponse]:
        walk = self._walk()
        fetched: ListSpeechSynthesisTasksResponse | None = None
        while True:
            try:
                item = walk.send(fetched)
            except StopIteration:
                return
            fetched = self._method(**item.params) if type(item) is Call else None
            if type(item) is not Call:
                yield item  # type: ignore[misc]

    def _walk(
        self,
    ) -> Generator[Call | ListSpeechSynthesisTasksResponse, Any, None]:
        """botocore's walk over the pages, as a generator that yields a ``Call`` for each page
        it needs (resumed with the page) and each page to hand out: the sync and async
        iterators drive the same walk."""
        params = dict(self._params)
        token: str | None = None
        skip = 0
        if self._starting_token is not None:
            token, skip = _parse_starting_token(self._starting_token)
            _set_token(params, token)
        if self._page_size is not None:
            params[_LIMIT_KEY] = self._page_size
        total = 0
        previous: str | None = None
        first = True
        while True:
            page = yield Call(LIST_SPEECH_SYNTHESIS_TASKS.method_name, dict(params))
            skipped = skip if first else 0
            if skipped:
                page = page.sliced(skipped, None)
            first = False
            count = _count(page)
            if self._max_items is not None and total + count > self._max_items:
                keep = self._max_items - total
                self._resume_token = _encode({_INPUT_TOKEN: token, _TRUNCATE: keep + skipped})
                yield page.sliced(0, keep)
                return
            yield page
            total += count
            next_token = page.next_token
            if next_token is None:
                return
            if self._max_items is not None and total == self._max_items:
                self._resume_token = _encode({_INPUT_TOKEN: next_token})
                return
            if previous is not None and previous == next_token:
                from botocore.exceptions import PaginationError

                raise PaginationError(
                    message=f"The same next token was received twice: {{'NextToken': "
                    f"{next_token!r}}}"
                )
            _set_token(params, next_token)
            token = previous = next_token

    def build_full_result(self) -> dict[str, Any]:
        """What boto3's ``build_full_result`` returns: every task as boto3 dicts, and
        ``NextToken`` (the resume token) when ``MaxItems`` cut the listing short."""
        result: dict[str, Any] = {}
        for page in self:
            _add_page(result, page)
        return self._with_resume_token(result)

    def _with_resume_token(self, result: dict[str, Any]) -> dict[str, Any]:
        if self._resume_token is not None:
            result["NextToken"] = self._resume_token
        return result

    def search(self, expression: str) -> Iterator[Any]:
        """Apply a JMESPath expression to each page's boto3 dict, flattening list results."""
        import jmespath

        compiled = jmespath.compile(expression)
        for page in self:
            found = compiled.search(dict(page))
            if isinstance(found, list):
                yield from found
            else:
                yield found


AsyncListCall = Callable[..., Awaitable[ListSpeechSynthesisTasksResponse]]


class AsyncListSpeechSynthesisTasksPaginator(ListSpeechSynthesisTasksPaginator):
    """``AsyncPollyClient``'s paginator: ``async for page in paginator.paginate(...)``."""

    def __init__(self, method: AsyncListCall) -> None:
        super().__init__(method)  # type: ignore[arg-type]  # awaited by AsyncPageIterator
        self._iterator = AsyncPageIterator

    def paginate(
        self,
        *,
        PaginationConfig: Mapping[str, Any] | None = None,  # noqa: N803  (boto3's name)
        **kwargs: Unpack[ListSpeechSynthesisTasksRequest],
    ) -> AsyncPageIterator:
        pages = super().paginate(PaginationConfig=PaginationConfig, **kwargs)
        assert isinstance(pages, AsyncPageIterator)
        return pages


class AsyncPageIterator(PageIterator):
    """The same walk as ``PageIterator``, each page awaited."""

    def __iter__(self) -> Iterator[ListSpeechSynthesisTasksResponse]:
        raise TypeError("pages of AsyncPollyClient come with 'async for'")

    async def _pages(self) -> AsyncIterator[ListSpeechSynthesisTasksResponse]:
        walk = self._walk()
        fetched: ListSpeechSynthesisTasksResponse | None = None
        while True:
            try:
                item = walk.send(fetched)
            except StopIteration:
                return
            if type(item) is Call:
                fetched = await self._method(**item.params)  # type: ignore[misc]
            else:
                fetched = None
                yield item  # type: ignore[misc]

    def __aiter__(self) -> AsyncIterator[ListSpeechSynthesisTasksResponse]:
        return self._pages()

    async def build_full_result(self) -> dict[str, Any]:  # type: ignore[override]
        result: dict[str, Any] = {}
        async for page in self:
            _add_page(result, page)
        return self._with_resume_token(result)


def _add_page(result: dict[str, Any], page: ListSpeechSynthesisTasksResponse) -> None:
    if page.synthesis_tasks is not None:
        result.setdefault(_RESULT_KEY, []).extend(page[_RESULT_KEY])


def _count(page: ListSpeechSynthesisTasksResponse) -> int:
    """The page's tasks as botocore counts them, in its dict as handlers left it (which builds
    no typed tasks); a page read typed only (the typed iterator's) has none there."""
    tasks = page.get(_RESULT_KEY)
    return len(tasks) if tasks is not None else len(page.synthesis_tasks or ())


def _set_token(params: dict[str, Any], token: str | None) -> None:
    # botocore sends no NextToken at all for a None (or "None") token.
    if token is None or token == "None":
        params.pop(_INPUT_TOKEN, None)
    else:
        params[_INPUT_TOKEN] = token


def _encode(token: dict[str, Any]) -> str:
    from botocore.paginate import TokenEncoder

    encoded: str = TokenEncoder().encode(token)
    return encoded


def _parse_starting_token(starting_token: str) -> tuple[str | None, int]:
    """botocore's reading: its base64 JSON resume token, else a service token with an
    optional ``___N`` skip count (the old format, and a raw NextToken passed as is)."""
    from botocore.paginate import TokenDecoder

    try:
        decoded = TokenDecoder().decode(starting_token)
        skip = decoded.pop(_TRUNCATE, 0) if _TRUNCATE in decoded else 0
        return decoded.get(_INPUT_TOKEN), skip
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
    return parts[0], skip
