"""Polly's synthesis-task operations over a TaskStore: input checked as the service checks it,
answers shaped as botocore's model describes them. No HTTP here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

from polly_client.local.store import NewTask, TaskStore, new_task_id
from polly_client.models import (
    Engine,
    LanguageCode,
    OutputFormat,
    SpeechMarkType,
    TextType,
    VoiceId,
)

__all__ = ["PollyService", "ServiceError"]

_STATUSES = ("scheduled", "inProgress", "completed", "failed")
_EXTENSIONS = {
    "json": "marks",
    "mp3": "mp3",
    "ogg_vorbis": "ogg",
    "ogg_opus": "ogg",
    "pcm": "pcm",
    "mulaw": "ulaw",
    "alaw": "alaw",
}
_SAMPLE_RATES = {
    "mp3": {"8000", "16000", "22050", "24000", "44100", "48000"},
    "ogg_vorbis": {"8000", "16000", "22050", "24000", "44100", "48000"},
    "ogg_opus": {"48000"},
    "pcm": {"8000", "16000"},
    "mulaw": {"8000"},
    "alaw": {"8000"},
    "json": set(),
}
_TASK_ID = re.compile(r"^[a-zA-Z0-9_-]{1,100}$")
_BUCKET = re.compile(r"^[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]$")
_MAX_CHARACTERS = 200_000


class ServiceError(Exception):
    def __init__(self, code: str, status: int, message: str, **members: Any) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message
        self.members = members


def _validation(message: str, field: str | None = None) -> ServiceError:
    extra: dict[str, Any] = {"reason": "fieldValidationFailed" if field else "other"}
    if field:
        extra["fields"] = [{"name": field, "message": message}]
    return ServiceError("ValidationException", 400, message, **extra)


class PollyService:
    def __init__(self, store: TaskStore, region: str) -> None:
        self.store = store
        self.region = region
        # Tokens are signed with a secret of this server's: a token from another server, or
        # edited, does not verify.
        self._token_key = secrets.token_bytes(32)

    def start(self, document: object) -> dict[str, Any]:
        task = self.new_task(document)
        return {"SynthesisTask": self.store.add(task)}

    def new_task(self, document: object) -> NewTask:
        if not isinstance(document, dict):
            raise ServiceError("SerializationException", 400, "Start expects a JSON object")
        required = ("OutputFormat", "OutputS3BucketName", "Text", "VoiceId")
        missing = [name for name in required if name not in document]
        if missing:
            raise _validation(f"Missing required field: {missing[0]}", missing[0])
        fields = _checked_fields(document)
        task_id = new_task_id()
        prefix = str(document.get("OutputS3KeyPrefix", ""))
        bucket = fields["OutputS3BucketName"]
        fields["OutputUri"] = (
            f"https://s3.{self.region}.amazonaws.com/{bucket}/{prefix}{task_id}."
            f"{_EXTENSIONS[fields['OutputFormat']]}"
        )
        fields["TaskId"] = task_id
        del fields["OutputS3BucketName"], fields["Text"]
        failure = None
        if bucket.startswith("no-such-"):
            failure = (
                f"Error occurred while trying to upload file to S3. Please verify that the "
                f"bucket exists in this region. (Bucket: {bucket})"
            )
        return NewTask(
            fields=fields,
            characters=_billable(document["Text"], document.get("TextType")),
            failure=failure,
        )

    def get(self, task_id: str) -> dict[str, Any]:
        if not _TASK_ID.match(task_id):
            raise ServiceError("InvalidTaskIdException", 400, f"Invalid TaskId: {task_id}")
        task = self.store.get(task_id)
        if task is None:
            raise ServiceError(
                "SynthesisTaskNotFoundException", 400, f"Task with id {task_id} not found"
            )
        return {"SynthesisTask": task}

    def list(self, query: Mapping[str, str]) -> bytes:
        """The encoded page: the listing is every benchmark's hot path, so the stored tasks'
        JSON is joined as it is instead of being decoded and encoded again."""
        unknown = set(query) - {"MaxResults", "NextToken", "Status"}
        if unknown:
            raise _validation(f"Unknown query parameter: {sorted(unknown)[0]}")
        limit = _max_results(query.get("MaxResults"))
        status = query.get("Status")
        if status is not None and status not in _STATUSES:
            raise _validation(
                f"1 validation error detected: Value '{status}' at 'status' failed to satisfy "
                f"constraint: Member must satisfy enum value set: [{', '.join(_STATUSES)}]",
                "Status",
            )
        after = None if "NextToken" not in query else self._read_token(query["NextToken"], status)
        rows = self.store.page(status, after, limit + 1)
        body = '{"SynthesisTasks": [' + ", ".join(task for task, _ in rows[:limit]) + "]"
        if len(rows) > limit:
            body += f', "NextToken": {json.dumps(self._make_token(rows[limit - 1][1], status))}'
        return (body + "}").encode()

    def _make_token(self, position: tuple[float, str], status: str | None) -> str:
        payload = json.dumps([position[0], position[1], status], separators=(",", ":")).encode()
        mac = hmac.new(self._token_key, payload, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac + payload).decode()

    def _read_token(self, token: str, status: str | None) -> tuple[float, str]:
        invalid = ServiceError("InvalidNextTokenException", 400, "Invalid pagination token.")
        try:
            raw = base64.urlsafe_b64decode(token.encode())
        except (ValueError, TypeError):
            raise invalid from None
        mac, payload = raw[:16], raw[16:]
        expected = hmac.new(self._token_key, payload, hashlib.sha256).digest()[:16]
        if len(raw) <= 16 or not hmac.compare_digest(mac, expected):
            raise invalid
        created, task_id, bound_status = json.loads(payload)
        if bound_status != status:  # a token is only good for the query that made it
            raise invalid
        return float(created), str(task_id)


def _max_results(raw: str | None) -> int:
    if raw is None:
        return 100
    try:
        value = int(raw)
    except ValueError:
        raise ServiceError(
            "SerializationException", 400, f"STRING_VALUE can not be converted to an Integer: {raw}"
        ) from None
    if not 1 <= value <= 100:
        raise _validation(
            f"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy "
            "constraint: Member must have value "
            + ("greater than or equal to 1" if value < 1 else "less than or equal to 100"),
            "MaxResults",
        )
    return value


def _checked_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    enums: dict[str, type] = {
        "Engine": Engine,
        "LanguageCode": LanguageCode,
        "OutputFormat": OutputFormat,
        "TextType": TextType,
        "VoiceId": VoiceId,
    }
    fields: dict[str, Any] = {"Engine": "standard", "TextType": "text"}
    for name, kind in enums.items():
        if name in document:
            value = document[name]
            if value not in {member.value for member in kind}:  # type: ignore[attr-defined]
                raise _validation(f"Invalid value for {name}: {value!r}", name)
            fields[name] = value
    text = document["Text"]
    if not isinstance(text, str) or not text.strip():
        raise _validation("Text must be a non-empty string", "Text")
    if len(text) > _MAX_CHARACTERS:
        raise ServiceError(
            "TextLengthExceededException",
            400,
            f"Maximum text length is {_MAX_CHARACTERS} characters",
        )
    fields["Text"] = text
    bucket = document["OutputS3BucketName"]
    if not isinstance(bucket, str) or not _BUCKET.match(bucket):
        raise ServiceError("InvalidS3BucketException", 400, f"Invalid bucket name: {bucket!r}")
    fields["OutputS3BucketName"] = bucket
    _check_sample_rate(document, fields)
    _check_marks(document, fields)
    _copy_optional(document, fields)
    return fields


def _check_sample_rate(document: Mapping[str, Any], fields: dict[str, Any]) -> None:
    output = fields["OutputFormat"]
    rate = document.get("SampleRate")
    if rate is None:
        return
    if rate not in _SAMPLE_RATES[output]:
        raise ServiceError(
            "InvalidSampleRateException", 400, f"Sample rate {rate} is not supported for {output}"
        )
    fields["SampleRate"] = rate


def _check_marks(document: Mapping[str, Any], fields: dict[str, Any]) -> None:
    marks = document.get("SpeechMarkTypes")
    if marks is None:
        if fields["OutputFormat"] == "json":
            raise _validation("SpeechMarkTypes are required for json output", "SpeechMarkTypes")
        return
    known = {member.value for member in SpeechMarkType}
    if not isinstance(marks, list) or not marks or any(mark not in known for mark in marks):
        raise _validation(f"Invalid SpeechMarkTypes: {marks!r}", "SpeechMarkTypes")
    if fields["OutputFormat"] != "json":
        raise ServiceError(
            "MarksNotSupportedForFormatException",
            400,
            "Speech marks are only available for the json output format",
        )
    if "ssml" in marks and fields["TextType"] != "ssml":
        raise ServiceError(
            "SsmlMarksNotSupportedForTextTypeException", 400, "SSML speech marks need TextType ssml"
        )
    fields["SpeechMarkTypes"] = marks


def _copy_optional(document: Mapping[str, Any], fields: dict[str, Any]) -> None:
    lexicons = document.get("LexiconNames")
    if lexicons is not None:
        if not isinstance(lexicons, list) or len(lexicons) > 5:
            raise _validation("LexiconNames holds at most 5 names", "LexiconNames")
        fields["LexiconNames"] = lexicons
    topic = document.get("SnsTopicArn")
    if topic is not None:
        if not isinstance(topic, str) or not topic.startswith("arn:aws"):
            raise ServiceError("InvalidSnsTopicArnException", 400, f"Invalid SNS topic: {topic}")
        fields["SnsTopicArn"] = topic


def _billable(text: str, text_type: object) -> int:
    # SSML tags are not billed.
    return len(re.sub(r"<[^>]+>", "", text)) if text_type == "ssml" else len(text)
