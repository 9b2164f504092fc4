"""Polly's speech, voice and synthesis-task operations over a TaskStore: input checked as the
service checks it, answers shaped as botocore's model describes them. No HTTP here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any
from xml.parsers import expat

from polly_client.local.speech import CONTENT_TYPES, audio, speech_marks
from polly_client.local.store import NewTask, TaskStore, new_task_id
from polly_client.local.voices import describe
from polly_client.models import (
    Engine,
    LanguageCode,
    OutputFormat,
    SpeechMarkType,
    TextType,
    VoiceId,
)

__all__ = ["PollyService", "ServiceError", "constraint_error"]

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
    "mp3": {"8000", "16000", "22050", "24000"},
    "ogg_vorbis": {"8000", "16000", "22050", "24000"},
    "ogg_opus": {"48000"},
    "pcm": {"8000", "16000"},
    "mulaw": {"8000"},
    "alaw": {"8000"},
    "json": set(),
}
_TASK_ID = re.compile(r"^[a-zA-Z0-9_-]{1,100}$")
_BUCKET = re.compile(r"^[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]$")


class ServiceError(Exception):
    def __init__(self, code: str, status: int, message: str, **members: Any) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message
        self.members = members


def _invalid_token() -> ServiceError:
    return ServiceError("InvalidNextTokenException", 400, "Invalid pagination token.")


# The service does not document DescribeVoices' page size; pages of 50 make clients follow
# NextToken against the endpoint.
_VOICE_PAGE = 50


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
        self._check_lexicons_exist(list(task.fields.get("LexiconNames") or []))
        return {"SynthesisTask": self.store.add(task)}

    def new_task(self, document: object) -> NewTask:
        if not isinstance(document, dict):
            raise ServiceError("SerializationException", 400, "Start expects a JSON object")
        fields = _checked_fields(document)
        task_id = new_task_id()
        prefix = document.get("OutputS3KeyPrefix") or ""
        bucket = fields["OutputS3BucketName"]
        fields["OutputUri"] = (
            f"https://s3.{self.region}.amazonaws.com/{bucket}/{prefix}{task_id}."
            f"{_EXTENSIONS[fields['OutputFormat']]}"
        )
        fields["TaskId"] = task_id
        del fields["OutputS3BucketName"]
        failure = None
        if bucket.startswith("no-such-"):
            failure = (
                f"Error occurred while trying to upload file to S3. Please verify that the "
                f"bucket exists in this region. (Bucket: {bucket})"
            )
        return NewTask(
            fields=fields,
            characters=_billable(fields.pop("Text"), fields["TextType"]),
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
        return self.make_token([position[0], position[1], status])

    def _read_token(self, token: str, status: str | None) -> tuple[float, str]:
        created, task_id, bound_status = self.read_token(token, 3)
        if bound_status != status:  # a token is only good for the query that made it
            raise _invalid_token()
        return float(created), str(task_id)

    def make_token(self, position: Sequence[Any]) -> str:
        """An opaque NextToken for ``position`` (and the filters it is bound to)."""
        payload = json.dumps(position, separators=(",", ":")).encode()
        mac = hmac.new(self._token_key, payload, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac + payload).decode()

    def read_token(self, token: str, length: int) -> Sequence[Any]:
        """The position a token of this server's holds; InvalidNextTokenException for any
        other."""
        try:
            raw = base64.urlsafe_b64decode(token.encode())
        except (ValueError, TypeError):
            raise _invalid_token() from None
        mac, payload = raw[:16], raw[16:]
        expected = hmac.new(self._token_key, payload, hashlib.sha256).digest()[:16]
        if len(raw) <= 16 or not hmac.compare_digest(mac, expected):
            raise _invalid_token()
        position: Sequence[Any] = json.loads(payload)
        if len(position) != length:
            raise _invalid_token()
        return position

    def synthesize(self, document: object) -> tuple[bytes, str, int]:
        """SynthesizeSpeech: the audio (or speech marks), its content type and the characters
        billed."""
        if not isinstance(document, dict):
            raise ServiceError("SerializationException", 400, "SynthesizeSpeech expects an object")
        fields = _checked_speech(document, _SPEECH_REQUIRED, _SPEECH_LIMITS)
        _check_lexicon_names(document)
        self._check_lexicons_exist(document.get("LexiconNames") or [])
        billed = _billable(fields["Text"], fields["TextType"])
        output = fields["OutputFormat"]
        if output == "json":
            body = speech_marks(fields["Text"], fields["TextType"], fields["SpeechMarkTypes"])
        else:
            # Lexicon order is not part of the seed: a presigned URL's repeated LexiconNames
            # are signed as sorted pairs, so their order could change after signing.
            lexicons = sorted(document.get("LexiconNames") or [])
            body = audio({**fields, "LexiconNames": lexicons}, billed)
        return body, CONTENT_TYPES[output], billed

    def describe_voices(self, query: Mapping[str, str]) -> dict[str, Any]:
        """DescribeVoices, _VOICE_PAGE voices a page, the NextToken bound to the filters."""
        engine, language = query.get("Engine"), query.get("LanguageCode")
        for name, value in (("Engine", engine), ("LanguageCode", language)):
            allowed = [member.value for member in _ENUMS[name]]  # type: ignore[attr-defined]
            if value is not None and value not in allowed:
                raise constraint_error(
                    name, value, f"Member must satisfy enum value set: [{', '.join(allowed)}]"
                )
        include = query.get("IncludeAdditionalLanguageCodes", "false")
        if include not in {"true", "false"}:
            raise ServiceError(
                "SerializationException", 400, f"Cannot convert '{include}' to a boolean"
            )
        filters = [engine, language, include]
        start = 0
        if "NextToken" in query:
            *bound, start = self.read_token(query["NextToken"], 4)
            if bound != filters:
                raise _invalid_token()
        voices = describe(engine, language, include == "true")
        page: dict[str, Any] = {"Voices": voices[start : start + _VOICE_PAGE]}
        if start + _VOICE_PAGE < len(voices):
            page["NextToken"] = self.make_token([*filters, start + _VOICE_PAGE])
        return page

    def _check_lexicons_exist(self, names: Sequence[str]) -> None:
        for name in names:
            if self.store.get_lexicon(name) is None:
                raise ServiceError("LexiconNotFoundException", 404, f"Lexicon not found: {name}")


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


# The Start members by JSON type, as the model shapes them.
_STRING_MEMBERS = (
    "Engine",
    "LanguageCode",
    "OutputFormat",
    "OutputS3BucketName",
    "OutputS3KeyPrefix",
    "SampleRate",
    "SnsTopicArn",
    "Text",
    "TextType",
    "VoiceId",
)
_LIST_MEMBERS = {"LexiconNames": 5, "SpeechMarkTypes": 4}
_ENUMS: dict[str, type] = {
    "Engine": Engine,
    "LanguageCode": LanguageCode,
    "OutputFormat": OutputFormat,
    "TextType": TextType,
    "VoiceId": VoiceId,
}
_LEXICON_NAME = re.compile(r"^[0-9A-Za-z]{1,20}$")
# The standard engine's voices by language, from the Polly developer guide's list of standard
# voices (a list that no longer grows: new voices come for the other engines). The guide names
# Kevin among them; Justin and Matthew are in its count of 20 male voices. Aditi is bilingual.
_STANDARD_VOICES = {
    "arb": ("Zeina",),
    "cmn-CN": ("Zhiyu",),
    "cy-GB": ("Gwyneth",),
    "da-DK": ("Naja", "Mads"),
    "de-DE": ("Marlene", "Vicki", "Hans"),
    "en-AU": ("Nicole", "Russell"),
    "en-GB": ("Amy", "Emma", "Brian"),
    "en-GB-WLS": ("Geraint",),
    "en-IN": ("Aditi", "Raveena"),
    "en-US": ("Ivy", "Joanna", "Kendra", "Kimberly", "Salli", "Joey", "Justin", "Kevin", "Matthew"),
    "es-ES": ("Conchita", "Lucia", "Enrique"),
    "es-MX": ("Mia",),
    "es-US": ("Lupe", "Penelope", "Miguel"),
    "fr-CA": ("Chantal",),
    "fr-FR": ("Celine", "Lea", "Mathieu"),
    "hi-IN": ("Aditi",),
    "is-IS": ("Dora", "Karl"),
    "it-IT": ("Carla", "Bianca", "Giorgio"),
    "ja-JP": ("Mizuki", "Takumi"),
    "ko-KR": ("Seoyeon",),
    "nb-NO": ("Liv",),
    "nl-NL": ("Lotte", "Ruben"),
    "pl-PL": ("Ewa", "Maja", "Jacek", "Jan"),
    "pt-BR": ("Camila", "Vitoria", "Ricardo"),
    "pt-PT": ("Ines", "Cristiano"),
    "ro-RO": ("Carmen",),
    "ru-RU": ("Tatyana", "Maxim"),
    "sv-SE": ("Astrid",),
    "tr-TR": ("Filiz",),
}


def _languages_by_voice() -> dict[str, frozenset[str]]:
    languages: dict[str, set[str]] = {}
    for language, voices in _STANDARD_VOICES.items():
        for voice in voices:
            languages.setdefault(voice, set()).add(language)
    return {voice: frozenset(spoken) for voice, spoken in languages.items()}


_STANDARD_LANGUAGES = _languages_by_voice()
_KEY_PREFIX = re.compile(r"^[0-9a-zA-Z/!\-_.*'():;$@=+,?&]{0,800}$")
_SNS_TOPIC = re.compile(
    r"^arn:aws(-(cn|iso(-b)?|us-gov|eusc))?:sns:[a-z0-9_-]{1,50}:\d{12}:"
    r"[a-zA-Z0-9_-]{1,251}([a-zA-Z0-9_-]{0,5}|\.fifo)$"
)
_START_REQUIRED = ("OutputFormat", "OutputS3BucketName", "Text", "VoiceId")
_SPEECH_REQUIRED = ("OutputFormat", "Text", "VoiceId")
# The developer guide's limits, as (characters, of which billed): 200,000 and 100,000 for a
# task, 6,000 and 3,000 for SynthesizeSpeech.
_TASK_LIMITS = (200_000, 100_000)
_SPEECH_LIMITS = (6_000, 3_000)


def _json_type(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), "number"
    )


def _check_types(document: Mapping[str, Any]) -> None:
    """Members of the wrong JSON type are a SerializationException, as the service's JSON
    reader raises before any rule is looked at; null stands for a member left out."""
    for name in _STRING_MEMBERS:
        value = document.get(name)
        if value is not None and not isinstance(value, str):
            raise ServiceError(
                "SerializationException",
                400,
                f"Expected a string for {name}, not a JSON {_json_type(value)}",
            )
    for name in _LIST_MEMBERS:
        value = document.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ServiceError(
                "SerializationException", 400, f"Expected an array of strings for {name}"
            )


def constraint_error(member: str, value: object, rule: str) -> ServiceError:
    """A ValidationException worded as AWS words one failed constraint."""
    shown = "null" if value is None else f"'{value}'"
    return _validation(
        f"1 validation error detected: Value {shown} at '{member[0].lower()}{member[1:]}' "
        f"failed to satisfy constraint: {rule}",
        member,
    )


def _check_constraints(document: Mapping[str, Any], required: tuple[str, ...]) -> None:
    for name in required:
        if document.get(name) is None:
            raise constraint_error(name, None, "Member must not be null")
    for name, kind in _ENUMS.items():
        value = document.get(name)
        allowed = [member.value for member in kind]  # type: ignore[attr-defined]
        if value is not None and value not in allowed:
            raise constraint_error(
                name, value, f"Member must satisfy enum value set: [{', '.join(allowed)}]"
            )
    for name, most in _LIST_MEMBERS.items():
        items = document.get(name) or []
        if len(items) > most:
            raise constraint_error(
                name, items, f"Member must have length less than or equal to {most}"
            )
    known_marks = {member.value for member in SpeechMarkType}
    for mark in document.get("SpeechMarkTypes") or []:
        if mark not in known_marks:
            raise constraint_error(
                "SpeechMarkTypes",
                mark,
                f"Member must satisfy enum value set: [{', '.join(sorted(known_marks))}]",
            )
    _check_lexicon_names(document)


def _check_lexicon_names(document: Mapping[str, Any]) -> None:
    for lexicon in document.get("LexiconNames") or []:
        if not _LEXICON_NAME.match(lexicon):
            raise constraint_error(
                "LexiconNames",
                lexicon,
                "Member must satisfy regular expression pattern: [0-9A-Za-z]{1,20}",
            )


def _checked_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    fields = _checked_speech(document, _START_REQUIRED, _TASK_LIMITS)
    fields["OutputS3BucketName"] = _checked_bucket(document["OutputS3BucketName"])
    _copy_optional(document, fields)
    return fields


def _checked_speech(
    document: Mapping[str, Any], required: tuple[str, ...], limits: tuple[int, int]
) -> dict[str, Any]:
    """The members Start and SynthesizeSpeech share, checked as both check them."""
    _check_types(document)
    _check_constraints(document, required)
    fields: dict[str, Any] = {"Engine": "standard", "TextType": "text"}
    fields.update({name: document[name] for name in _ENUMS if document.get(name) is not None})
    fields["Text"] = _checked_text(document["Text"], fields["TextType"], limits)
    _check_voice(fields)
    _check_sample_rate(document, fields)
    _check_marks(document, fields)
    return fields


def _checked_text(text: str, text_type: str, limits: tuple[int, int]) -> str:
    if not text.strip():
        raise _validation("Text must be a non-empty string", "Text")
    if text_type == "ssml":
        _check_ssml(text)
    billed = _billable(text, text_type)
    most, most_billed = limits
    if len(text) > most or billed > most_billed:
        raise ServiceError(
            "TextLengthExceededException",
            400,
            f"Maximum text length has been exceeded: {most} characters, of which "
            f"{most_billed} billed (got {len(text)}, {billed} billed)",
        )
    return text


def _check_ssml(text: str) -> None:
    """Well-formed XML with one <speak> root. A DOCTYPE is refused before its declarations
    are read: SSML needs none, and entity expansion is how XML bombs work."""
    parser = expat.ParserCreate(namespace_separator=" ")
    roots: list[str] = []

    def doctype(*_: object) -> None:
        raise _invalid_ssml("a DOCTYPE is not allowed")

    def element(name: str, _attributes: object) -> None:
        roots.append(name.rpartition(" ")[2])

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        raise _invalid_ssml(str(error)) from None
    if roots[:1] != ["speak"]:
        raise _invalid_ssml("the root element must be <speak>")


def _invalid_ssml(reason: str) -> ServiceError:
    return ServiceError("InvalidSsmlException", 400, f"Invalid SSML request: {reason}")


def _checked_bucket(bucket: str) -> str:
    """S3's bucket naming rules: the model's pattern, no '..', not an IP address, none of the
    prefixes and suffixes S3 reserves."""
    if (
        not _BUCKET.match(bucket)
        or ".." in bucket
        or re.fullmatch(r"\d+\.\d+\.\d+\.\d+", bucket)
        or bucket.startswith(("xn--", "sthree-", "amzn-s3-demo-"))
        or bucket.endswith(("-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"))
    ):
        raise ServiceError("InvalidS3BucketException", 400, f"Invalid bucket name: {bucket!r}")
    return bucket


def _check_voice(fields: Mapping[str, Any]) -> None:
    """What the standard voices' list settles: the standard engine (the default) speaks with
    those voices only, and each of them in its own language(s). Which voices the other engines
    have grows with every release, so for them the endpoint accepts every modelled voice."""
    voice, language = fields["VoiceId"], fields.get("LanguageCode")
    languages = _STANDARD_LANGUAGES.get(voice)
    if fields["Engine"] == "standard" and languages is None:
        raise ServiceError(
            "EngineNotSupportedException",
            400,
            f"This voice is not compatible with the standard engine: {voice}. Choose a voice "
            "that is compatible with the engine or change the engine.",
        )
    if languages is not None and language is not None and language not in languages:
        raise ServiceError(
            "LanguageNotSupportedException",
            400,
            f"Language {language} is not supported by voice {voice}",
        )


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
    if not marks:
        if fields["OutputFormat"] == "json":
            raise _validation("SpeechMarkTypes are required for json output", "SpeechMarkTypes")
        return
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
    prefix = document.get("OutputS3KeyPrefix")
    if prefix is not None and not _KEY_PREFIX.match(prefix):
        raise ServiceError("InvalidS3KeyException", 400, f"Invalid S3 key prefix: {prefix!r}")
    lexicons = document.get("LexiconNames")
    if lexicons:
        fields["LexiconNames"] = lexicons
    topic = document.get("SnsTopicArn")
    if topic is not None:
        if not _SNS_TOPIC.match(topic):
            raise ServiceError("InvalidSnsTopicArnException", 400, f"Invalid SNS topic: {topic}")
        fields["SnsTopicArn"] = topic


def _billable(text: str, text_type: object) -> int:
    # SSML tags are not billed.
    return len(re.sub(r"<[^>]+>", "", text)) if text_type == "ssml" else len(text)
