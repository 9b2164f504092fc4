"""``ResponseParserError``, apart from the other errors because it subclasses botocore's and a
call that succeeds should not import ``botocore.parsers``: it loads when first raised or first
named (``polly_client.ResponseParserError`` resolves it on access)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import botocore.parsers

if TYPE_CHECKING:
    from polly_client.http import HttpResponse

__all__ = ["ResponseParserError"]


class ResponseParserError(botocore.parsers.ResponseParserError):
    """A success response whose body is not what the model describes.

    The raw response is kept on ``.http_response`` so nothing the service sent is lost.
    """

    def __init__(self, message: str, http_response: HttpResponse) -> None:
        super().__init__(message)
        self.http_response = http_response
