"""SynthesizeSpeech's answer, made up: audio bytes of a plausible length for the format and the
text, and speech marks as Polly writes them. The same request always gives the same bytes."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["CONTENT_TYPES", "audio", "speech_marks"]

# The model's documentation of SynthesizeSpeech's ContentType, format by format.
CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "ogg_vorbis": "audio/ogg",
    "ogg_opus": "audio/ogg",
    "pcm": "audio/pcm",
    "mulaw": "audio/mulaw",
    "alaw": "audio/alaw",
    "json": "application/x-json-stream",
}
# Speech runs at about 15 characters a second.
CHARACTERS_PER_SECOND = 15.0
# Bytes a second of speech: compressed formats at 128 kbit/s, pcm 16-bit mono at the sample
# rate, mu-law and A-law one byte a sample at 8 kHz.
_COMPRESSED_BYTES_PER_SECOND = 16_000
_DEFAULT_PCM_RATE = 16_000
# Enough of each format's opening for a file sniffer to recognise it.
_HEADERS = {
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xf3\x64\xc4",
    "ogg_vorbis": b"OggS\x00\x02" + bytes(20) + b"\x01\x1e\x01vorbis",
    "ogg_opus": b"OggS\x00\x02" + bytes(20) + b"\x01\x13OpusHead",
}


def audio(fields: Mapping[str, Any], billed: int) -> bytes:
    """``billed`` characters spoken in ``fields["OutputFormat"]``: the format's header, then
    bytes drawn from a generator seeded by the request."""
    output = fields["OutputFormat"]
    seconds = max(billed, 1) / CHARACTERS_PER_SECOND
    if output == "pcm":
        size = int(seconds * int(fields.get("SampleRate") or _DEFAULT_PCM_RATE)) * 2
    elif output in {"mulaw", "alaw"}:
        size = int(seconds * 8000)
    else:
        size = int(seconds * _COMPRESSED_BYTES_PER_SECOND)
    header = _HEADERS.get(output, b"")
    rng = random.Random(_seed(fields))
    return header + rng.randbytes(max(0, size - len(header)))


def _seed(fields: Mapping[str, Any]) -> bytes:
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).digest()


_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_SENTENCE = re.compile(r"[^.!?]*[^.!?\s][^.!?]*[.!?]*")
_MARK = re.compile(r"<mark\s+name\s*=\s*(['\"])(.*?)\1\s*/>")
_TAG = re.compile(r"<[^>]*>")
# One viseme for each word, from its first letter (Polly's viseme set names).
_VISEMES = {**dict.fromkeys("pbm", "p"), **dict.fromkeys("fv", "f"), "t": "t", "d": "t"}


def speech_marks(text: str, text_type: str, kinds: list[str]) -> bytes:
    """Polly's marks for ``text``: JSON lines, ordered by time, with ``start`` and ``end`` the
    byte offsets in the UTF-8 text and ``time`` the milliseconds into the speech."""
    # Tags are blanked to spaces of the same length, so offsets still point into the input.
    spoken = _TAG.sub(lambda tag: " " * len(tag[0]), text) if text_type == "ssml" else text
    marks: list[tuple[int, int, dict[str, Any]]] = []
    if "sentence" in kinds:
        marks += _spans(text, spoken, _SENTENCE, "sentence", 0)
    if "word" in kinds:
        marks += _spans(text, spoken, _WORD, "word", 1)
    if "viseme" in kinds:
        marks += [
            (start, 2, {"time": mark["time"], "type": "viseme", "value": _viseme(mark["value"])})
            for start, _, mark in _spans(text, spoken, _WORD, "word", 2)
        ]
    if "ssml" in kinds:
        for found in _MARK.finditer(text):
            mark = _mark(text, found.start(), found.end(), "ssml", found[2])
            marks.append((mark["start"], 3, mark))
    marks.sort(key=lambda mark: (mark[0], mark[1]))
    lines = (json.dumps(mark, ensure_ascii=False, separators=(",", ":")) for *_, mark in marks)
    return "".join(line + "\n" for line in lines).encode()


def _spans(
    text: str, spoken: str, pattern: re.Pattern[str], kind: str, order: int
) -> list[tuple[int, int, dict[str, Any]]]:
    spans = []
    for found in pattern.finditer(spoken):
        begin = found.start() + len(found[0]) - len(found[0].lstrip())
        finish = found.start() + len(found[0].rstrip())
        mark = _mark(text, begin, finish, kind, " ".join(spoken[begin:finish].split()))
        spans.append((mark["start"], order, mark))
    return spans


def _mark(text: str, begin: int, finish: int, kind: str, value: str) -> dict[str, Any]:
    """A mark for ``text[begin:finish]``; its time counts the characters spoken before it."""
    spoken_before = len(_TAG.sub("", text[:begin]))
    return {
        "time": int(spoken_before * 1000 / CHARACTERS_PER_SECOND),
        "type": kind,
        "start": len(text[:begin].encode()),
        "end": len(text[:finish].encode()),
        "value": value,
    }


def _viseme(word: str) -> str:
    return _VISEMES.get(word[:1].lower(), "a")
