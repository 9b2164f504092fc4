"""Polly's lexicon operations (PutLexicon, GetLexicon, ListLexicons, DeleteLexicon) over the
endpoint's store, with the developer guide's rules for PLS documents and its limits."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from xml.parsers import expat

from polly_client.local.service import PollyService, ServiceError, constraint_error
from polly_client.local.store import TaskStore
from polly_client.models import LanguageCode

__all__ = ["Lexicons"]

_PLS_NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"
_ALPHABETS = ("ipa", "x-sampa")
_NAME = re.compile(r"^[0-9A-Za-z]{1,20}$")
# The developer guide's limits: 100 lexicons a region, 4,000 characters a lexicon, 100 a
# phoneme or alias.
_MOST_LEXICONS = 100
_MOST_CHARACTERS = 4000
_MOST_LEXEME_CHARACTERS = 100
_PAGE = 10
_ACCOUNT = "123456789012"


class Lexicons:
    def __init__(self, store: TaskStore, service: PollyService, clock: Callable[[], float]) -> None:
        self._store = store
        self._service = service
        self._clock = clock

    def put(self, name: str, document: object) -> dict[str, Any]:
        _check_name(name)
        if not isinstance(document, dict):
            raise ServiceError("SerializationException", 400, "PutLexicon expects a JSON object")
        content = document.get("Content")
        if content is None:
            raise constraint_error("Content", None, "Member must not be null")
        if not isinstance(content, str):
            raise ServiceError("SerializationException", 400, "Expected a string for Content")
        attributes = {
            **_pls_attributes(content),
            "LastModified": self._clock(),
            "LexiconArn": f"arn:aws:polly:{self._service.region}:{_ACCOUNT}:lexicon/{name}",
            "Size": len(content),
        }
        if not self._store.put_lexicon(name, content, attributes, _MOST_LEXICONS):
            raise ServiceError(
                "MaxLexiconsNumberExceededException",
                400,
                f"The maximum number of lexicons ({_MOST_LEXICONS}) would be exceeded",
            )
        return {}

    def get(self, name: str) -> dict[str, Any]:
        content, attributes = self._found(name)
        return {"Lexicon": {"Content": content, "Name": name}, "LexiconAttributes": attributes}

    def delete(self, name: str) -> dict[str, Any]:
        self._found(name)
        self._store.delete_lexicon(name)
        return {}

    def list(self, query: Mapping[str, str]) -> dict[str, Any]:
        after = None
        if "NextToken" in query:
            (after,) = self._service.read_token(query["NextToken"], 1)
        rows = self._store.lexicons(None if after is None else str(after), _PAGE + 1)
        page: dict[str, Any] = {
            "Lexicons": [{"Name": name, "Attributes": attrs} for name, attrs in rows[:_PAGE]]
        }
        if len(rows) > _PAGE:
            page["NextToken"] = self._service.make_token([rows[_PAGE - 1][0]])
        return page

    def _found(self, name: str) -> tuple[str, dict[str, Any]]:
        stored = self._store.get_lexicon(name)
        if stored is None:
            raise ServiceError("LexiconNotFoundException", 404, f"Lexicon not found: {name}")
        return stored


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise constraint_error(
            "Name", name, "Member must satisfy regular expression pattern: [0-9A-Za-z]{1,20}"
        )


def _pls_attributes(content: str) -> dict[str, Any]:
    """Alphabet, LanguageCode and LexemesCount of a PLS document, or the service's error for
    it. A DOCTYPE is refused before its declarations are read, as for SSML."""
    if len(content) > _MOST_CHARACTERS:
        raise ServiceError(
            "LexiconSizeExceededException",
            400,
            f"Lexicon content is {len(content)} characters; at most {_MOST_CHARACTERS} allowed",
        )
    reader = _PlsReader()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = reader.doctype
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        raise _invalid(str(error)) from None
    if reader.root is None:
        raise _invalid("the root element must be a PLS <lexicon>")
    return {**reader.root, "LexemesCount": reader.lexemes}


class _PlsReader:
    """expat's callbacks over a PLS document: the root's attributes, lexemes counted and the
    length of each phoneme and alias checked."""

    def __init__(self) -> None:
        self.root: dict[str, Any] | None = None
        self.lexemes = 0
        self._depth = 0
        self._replacement: list[str] | None = None

    def doctype(self, *_: object) -> None:
        raise _invalid("a DOCTYPE is not allowed")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self._depth += 1
        if self._depth == 1:
            self.root = _root(name, attributes)
        elif name == f"{_PLS_NAMESPACE} lexeme":
            self.lexemes += 1
        elif name in {f"{_PLS_NAMESPACE} phoneme", f"{_PLS_NAMESPACE} alias"}:
            self._replacement = []

    def text(self, data: str) -> None:
        if self._replacement is not None:
            self._replacement.append(data)

    def end(self, name: str) -> None:
        self._depth -= 1
        if self._replacement is not None:
            replacement = "".join(self._replacement).strip()
            self._replacement = None
            if len(replacement) > _MOST_LEXEME_CHARACTERS:
                raise ServiceError(
                    "MaxLexemeLengthExceededException",
                    400,
                    f"A lexeme's {name.rpartition(' ')[2]} is longer than "
                    f"{_MOST_LEXEME_CHARACTERS} characters",
                )


def _root(name: str, attributes: Mapping[str, str]) -> dict[str, Any]:
    if name != f"{_PLS_NAMESPACE} lexicon" or attributes.get("version") != "1.0":
        raise _invalid(f'the root element must be <lexicon version="1.0" xmlns="{_PLS_NAMESPACE}">')
    alphabet = attributes.get("alphabet")
    if alphabet not in _ALPHABETS:
        raise ServiceError(
            "UnsupportedPlsAlphabetException",
            400,
            f"Alphabet {alphabet!r} is not supported: use one of {', '.join(_ALPHABETS)}",
        )
    language = attributes.get(_XML_LANG)
    if language is None:
        raise _invalid("the lexicon has no xml:lang")
    if language not in {member.value for member in LanguageCode}:
        raise ServiceError(
            "UnsupportedPlsLanguageException", 400, f"Language {language} is not supported"
        )
    return {"Alphabet": alphabet, "LanguageCode": language}


def _invalid(reason: str) -> ServiceError:
    return ServiceError("InvalidLexiconException", 400, f"Invalid lexicon: {reason}")
