"""The points of a call where botocore emits events (``Events``), and ``NO_EVENTS``, which
every call of a client nobody hooks into gets: it passes everything through, so such a client
never loads ``client.meta``'s module (polly_client.meta), botocore's emitter or its service
model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from polly_client.http import HttpRequest, HttpResponse
from polly_client.signing import sign

if TYPE_CHECKING:
    from datetime import datetime

    from polly_client.retries import CallHooks
    from polly_client.signing import SigningKeys

__all__ = ["NO_EVENTS", "Events"]


class Events(Protocol):
    """The points of a call where botocore emits events, in the order a call reaches them."""

    @property
    def retry_hooks(self) -> CallHooks | None:
        """Where the call asks botocore's retry handlers (and the user's) after each attempt:
        None for the retry strategy's own."""

    def params(self, params: dict[str, Any]) -> dict[str, Any]: ...

    def before_call(
        self, request: HttpRequest
    ) -> tuple[HttpRequest, tuple[HttpResponse, dict[str, Any]] | None]: ...

    def signed(
        self, request: HttpRequest, keys: SigningKeys | None, region: str, now: datetime
    ) -> HttpRequest: ...

    def unsigned(self, request: HttpRequest, region: str) -> HttpRequest: ...

    def choose_signer(self, region: str, *, signed: bool, presign: bool = False) -> bool:
        """choose-signer's answer: whether to sign (``signed``: whether the client would)."""

    def before_send(self, request: HttpRequest) -> tuple[HttpRequest, HttpResponse | None]: ...

    def after_call(self, url: str, response: HttpResponse, parsed: Any) -> None: ...

    def after_call_error(self, exception: BaseException) -> None: ...


class _NoEvents:
    """Nobody listens: every point passes its input through."""

    retry_hooks = None

    def params(self, params: dict[str, Any]) -> dict[str, Any]:
        return params

    def before_call(self, request: HttpRequest) -> tuple[HttpRequest, None]:
        return request, None

    def signed(
        self, request: HttpRequest, keys: SigningKeys | None, region: str, now: datetime
    ) -> HttpRequest:
        return sign(request, keys, region, now)

    def unsigned(self, request: HttpRequest, region: str) -> HttpRequest:
        return request

    def choose_signer(self, region: str, *, signed: bool, presign: bool = False) -> bool:
        return signed

    def before_send(self, request: HttpRequest) -> tuple[HttpRequest, None]:
        return request, None

    def after_call(self, url: str, response: HttpResponse, parsed: Any) -> None:
        pass

    def after_call_error(self, exception: BaseException) -> None:
        pass


NO_EVENTS: Events = _NoEvents()
