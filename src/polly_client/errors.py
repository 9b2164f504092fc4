"""Polly's errors as boto3 raises them: one ``ClientError`` subclass per error shape of the
installed botocore's Polly model, raised for that shape's code; a code the model lacks raises
plain ``ClientError``.

The classes the typed listing documents are defined here, so that they are typed and importable
without the model. Every other class is built from the model when first asked for (by name, or by
an error response) and cached, so a call that succeeds never loads the model.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import botocore.exceptions
from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from botocore.model import StructureShape

    from polly_client.http import HttpResponse
    from polly_client.parser_error import ResponseParserError

__all__ = [
    "ClientError",
    "ClientExceptions",
    "InvalidNextTokenException",
    "ResponseParserError",
    "ServiceFailureException",
    "error_class",
    "error_names",
    "exception_named",
    "modelled_members",
]


class InvalidNextTokenException(ClientError):
    """The NextToken is invalid (expired, from another query, or garbage)."""


class ServiceFailureException(ClientError):
    """An unknown condition on the service's side."""


_lock = threading.Lock()
# Name -> class for every class made so far, so that each name has exactly one class in the
# process: ``polly_client.X``, ``client.exceptions.X`` and the raised error's type agree.
_by_name: dict[str, type[ClientError]] = {
    cls.__name__: cls for cls in (InvalidNextTokenException, ServiceFailureException)
}
_by_code: Mapping[str, type[ClientError]] | None = None


def _classes_by_code() -> Mapping[str, type[ClientError]]:
    """Each error shape's code -> its class, as botocore's exception factory maps them."""
    global _by_code
    if _by_code is None:
        from polly_client.model import service_model

        shapes: list[StructureShape] = service_model().error_shapes  # type: ignore[assignment]
        with _lock:
            if _by_code is None:
                _by_code = {str(shape.error_code): _class(shape.name) for shape in shapes}
    return _by_code


def _class(name: str) -> type[ClientError]:
    cls = _by_name.get(name)
    if cls is None:
        cls = type(name, (ClientError,), {"__module__": __name__, "__qualname__": name})
        _by_name[name] = cls
    return cls


def error_class(code: object) -> type[ClientError]:
    """The class raised for an error code: its shape's, or plain ``ClientError``."""
    if not isinstance(code, str):
        return ClientError
    return _classes_by_code().get(code, ClientError)


def exception_named(name: str) -> type[ClientError]:
    """The class of the model's error shape ``name``; AttributeError for any other name."""
    if name.startswith("_"):
        # Python's own probes (__path__ on every from-import, __deepcopy__, ...) never name an
        # error shape, and must not load the model.
        raise AttributeError(name)
    cls = _by_name.get(name)
    if cls is None:
        _classes_by_code()
        cls = _by_name.get(name)
    if cls is None:
        raise AttributeError(name)
    return cls


def error_names() -> list[str]:
    """The names of the installed model's error shapes."""
    return sorted(cls.__name__ for cls in _classes_by_code().values())


def modelled_members(code: object, response: HttpResponse) -> dict[str, Any]:
    """The members of the code's error shape that boto3 adds to ``ClientError.response``, read
    by botocore's own rest-json parser, as botocore's endpoint does in a second pass."""
    if not isinstance(code, str) or code not in _classes_by_code():
        return {}
    from botocore.parsers import RestJSONParser

    from polly_client.model import service_model

    model: Any = service_model()  # botocore-stubs type the code as an int
    shape = model.shape_for_error_code(code)
    raw = {"status_code": response.status_code, "headers": response.headers, "body": response.body}
    try:
        members: dict[str, Any] = RestJSONParser().parse(raw, shape)
    except (AttributeError, TypeError, ValueError):
        return {}  # botocore crashes on wrongly typed members; the error still reaches the caller
    return members


def lazy_attribute(namespace: dict[str, Any], name: str) -> object:
    """A module ``__getattr__``: ``ResponseParserError`` (see polly_client.parser_error) and the
    model's error classes, made on first use, then kept in the module's namespace."""
    if name == "ResponseParserError":
        from polly_client.parser_error import ResponseParserError

        value: object = ResponseParserError
    else:
        try:
            value = exception_named(name)
        except AttributeError:
            raise AttributeError(
                f"module {namespace['__name__']!r} has no attribute {name!r}"
            ) from None
    namespace[name] = value
    return value


def module_dir(namespace: dict[str, Any], public: list[str]) -> list[str]:
    return sorted({*namespace, *public, *error_names()})


# Hidden from type checkers, which would otherwise accept any name as an attribute of the module.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        return lazy_attribute(globals(), name)

    def __dir__() -> list[str]:
        return module_dir(globals(), __all__)


class ClientExceptions:
    """``client.exceptions``, as boto3's: ``ClientError``, each error shape's class by name, and
    ``from_code``."""

    ClientError = ClientError

    def __getattr__(self, name: str) -> type[botocore.exceptions.ClientError]:
        try:
            return exception_named(name)
        except AttributeError:
            raise AttributeError(f"'ClientExceptions' object has no attribute {name!r}") from None

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *error_names()})

    @staticmethod
    def from_code(error_code: str) -> type[botocore.exceptions.ClientError]:
        return error_class(error_code)
