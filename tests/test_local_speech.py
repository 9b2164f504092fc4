"""The local endpoint's speech, voice and lexicon operations: boto3 and PollyClient against it
give equal results and errors, and presigned URLs fetched with plain urllib are served."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from polly_client import PollyClient
from polly_client.local import Credential, LocalPolly, ManualClock
from polly_client.local.service import _STANDARD_LANGUAGES
from polly_client.local.voices import VOICES
from tests.support import outcome

NO_RETRIES = Config(retries={"max_attempts": 0})
UNCHECKED = Config(retries={"max_attempts": 0}, parameter_validation=False)
PLS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" '
    'alphabet="{alphabet}" xml:lang="{language}">'
    "<lexeme><grapheme>W3C</grapheme><alias>{alias}</alias></lexeme>"
    "<lexeme><grapheme>tomato</grapheme><phoneme>t@meIt@U</phoneme></lexeme>"
    "</lexicon>"
)
SPEECH: dict[str, Any] = {
    "Text": "Hello there, this is a test.",
    "VoiceId": "Joanna",
    "OutputFormat": "mp3",
}
START: dict[str, Any] = {**SPEECH, "OutputS3BucketName": "my-bucket"}


def _pls(alphabet: str = "ipa", language: str = "en-US", alias: str = "World Wide Web") -> str:
    return PLS.format(alphabet=alphabet, language=language, alias=alias)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def polly(clock: ManualClock) -> Iterator[LocalPolly]:
    with LocalPolly(clock=clock, lifetime=120) as server:
        yield server


def _clients(polly: LocalPolly, config: Config = NO_RETRIES) -> tuple[PollyClient, Any]:
    kwargs = polly.client_kwargs()
    return PollyClient(config=config, **kwargs), boto3.client("polly", config=config, **kwargs)


def _comparable(result: tuple[str, Any]) -> tuple[str, Any]:
    """An outcome without what differs between any two calls (request id, date), streams read."""
    kind, value = result
    if kind == "ok":
        value = {
            key: item.read() if hasattr(item, "read") else item
            for key, item in value.items()
            if key != "ResponseMetadata"
        }
    else:
        response, text = value
        response = {**response, "ResponseMetadata": response["ResponseMetadata"]["HTTPStatusCode"]}
        value = (response, text)
    return kind, value


def _both(polly: LocalPolly, method: str, config: Config = NO_RETRIES, **params: Any) -> Any:
    mine, boto = (
        _comparable(outcome(getattr(client, method), **params))
        for client in _clients(polly, config)
    )
    assert mine == boto
    kind, value = mine
    # Errors by their code: an older botocore's model lacks some shapes (plain ClientError).
    return (kind if kind == "ok" else value[0]["Error"]["Code"]), value


@pytest.mark.parametrize(
    "params",
    [
        SPEECH,
        {**SPEECH, "OutputFormat": "pcm", "SampleRate": "8000"},
        {**SPEECH, "OutputFormat": "ogg_vorbis", "Engine": "neural", "LanguageCode": "en-US"},
        {**SPEECH, "OutputFormat": "json", "SpeechMarkTypes": ["sentence", "word", "viseme"]},
        {
            "Text": "<speak>Hi <mark name='here'/>there.</speak>",
            "TextType": "ssml",
            "VoiceId": "Amy",
            "OutputFormat": "json",
            "SpeechMarkTypes": ["ssml", "word"],
        },
    ],
)
def test_synthesize_speech_answers_both_clients_alike(
    polly: LocalPolly, params: dict[str, Any]
) -> None:
    kind, result = _both(polly, "synthesize_speech", **params)
    assert kind == "ok"
    again = polly.client().synthesize_speech(**params)["AudioStream"].read()
    assert result["AudioStream"] == again  # deterministic
    text = params["Text"]
    billed = len(re.sub(r"<[^>]+>", "", text)) if params.get("TextType") == "ssml" else len(text)
    assert result["RequestCharacters"] == billed  # SSML tags are not billed


def test_audio_has_the_formats_header_type_and_a_plausible_length(polly: LocalPolly) -> None:
    client = polly.client()
    text = "x" * 150  # ten seconds at 15 characters a second
    answers = {
        output: client.synthesize_speech(**{**SPEECH, "Text": text, "OutputFormat": output})
        for output in ("mp3", "ogg_opus", "pcm")
    }
    mp3, opus, pcm = (answers[name]["AudioStream"].read() for name in ("mp3", "ogg_opus", "pcm"))
    assert answers["mp3"]["ContentType"] == "audio/mpeg" and mp3.startswith(b"ID3")
    assert len(mp3) == 160_000
    assert answers["ogg_opus"]["ContentType"] == "audio/ogg" and opus.startswith(b"OggS")
    assert answers["pcm"]["ContentType"] == "audio/pcm"
    assert len(pcm) == 10 * 16_000 * 2  # 16-bit samples at the default 16 kHz
    other = client.synthesize_speech(**{**SPEECH, "Text": text[:-1] + "y"})["AudioStream"].read()
    assert other != mp3 and abs(len(other) - len(mp3)) < 200


def test_speech_marks_are_json_lines_with_byte_offsets(polly: LocalPolly) -> None:
    text = "Naïve cats sleep. Dogs bark!"
    answer = polly.client().synthesize_speech(
        Text=text, VoiceId="Joanna", OutputFormat="json", SpeechMarkTypes=["word", "sentence"]
    )
    assert answer["ContentType"] == "application/x-json-stream"
    marks = [json.loads(line) for line in answer["AudioStream"].read().splitlines()]
    encoded = text.encode()
    words = [m for m in marks if m["type"] == "word"]
    assert [m["value"] for m in words] == ["Naïve", "cats", "sleep", "Dogs", "bark"]
    for mark in marks:
        assert encoded[mark["start"] : mark["end"]].decode() == mark["value"]
    assert [m["value"] for m in marks if m["type"] == "sentence"] == [
        "Naïve cats sleep.",
        "Dogs bark!",
    ]
    times = [m["time"] for m in marks]
    assert times == sorted(times) and times[-1] > 0


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({**SPEECH, "Text": "x" * 3001}, "TextLengthExceededException"),
        ({**SPEECH, "LexiconNames": ["missing"]}, "LexiconNotFoundException"),
        ({**SPEECH, "SampleRate": "44100"}, "InvalidSampleRateException"),
        ({**SPEECH, "SpeechMarkTypes": ["word"]}, "MarksNotSupportedForFormatException"),
        ({**SPEECH, "TextType": "ssml"}, "InvalidSsmlException"),
        ({**SPEECH, "VoiceId": "Ruth"}, "EngineNotSupportedException"),
        ({**SPEECH, "LanguageCode": "fr-FR"}, "LanguageNotSupportedException"),
        ({**SPEECH, "VoiceId": "Nobody"}, "ValidationException"),
    ],
)
def test_synthesize_speech_errors_are_equal(
    polly: LocalPolly, params: dict[str, Any], code: str
) -> None:
    kind, _ = _both(polly, "synthesize_speech", UNCHECKED, **params)
    assert kind == code


def test_start_refuses_a_lexicon_that_does_not_exist(polly: LocalPolly) -> None:
    kind, (response, _) = _both(
        polly, "start_speech_synthesis_task", **START, LexiconNames=["missing"]
    )
    assert kind == "LexiconNotFoundException" and response["ResponseMetadata"] == 404
    polly.client().put_lexicon(Name="missing", Content=_pls())
    for client in _clients(polly):  # a new task each, with its own id
        task = client.start_speech_synthesis_task(**START, LexiconNames=["missing"])
        assert task["SynthesisTask"]["LexiconNames"] == ["missing"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"Engine": "neural"},
        {"LanguageCode": "en-GB"},
        {"LanguageCode": "hi-IN", "IncludeAdditionalLanguageCodes": True},
        {"Engine": "long-form", "LanguageCode": "en-US"},
    ],
)
def test_describe_voices_pages_alike(polly: LocalPolly, params: dict[str, Any]) -> None:
    pages = []
    for client in _clients(polly):
        full = client.get_paginator("describe_voices").paginate(**params).build_full_result()
        pages.append(full["Voices"])
    assert pages[0] == pages[1]
    voices = pages[0]
    assert len({voice["Id"] for voice in voices}) == len(voices) > 0
    if "Engine" in params:
        assert all(params["Engine"] in voice["SupportedEngines"] for voice in voices)
    if params.get("IncludeAdditionalLanguageCodes"):
        # Hindi is Aditi's and Kajal's second language: without the flag, no voice speaks it.
        assert {voice["Id"] for voice in voices} == {"Aditi", "Kajal"}
        assert _both(polly, "describe_voices", LanguageCode="hi-IN")[1]["Voices"] == []
    elif "LanguageCode" in params:
        assert {voice["LanguageCode"] for voice in voices} == {params["LanguageCode"]}
    if not params:
        assert len(voices) == len(VOICES) > 50  # more than one page
        first = _both(polly, "describe_voices")[1]
        assert "NextToken" in first and len(first["Voices"]) == 50


def test_describe_voices_errors(polly: LocalPolly) -> None:
    assert _both(polly, "describe_voices", NextToken="forged")[0] == "InvalidNextTokenException"
    token = polly.client().describe_voices()["NextToken"]
    kind, _ = _both(polly, "describe_voices", Engine="neural", NextToken=token)
    assert kind == "InvalidNextTokenException"  # a token is bound to its filters
    assert _both(polly, "describe_voices", UNCHECKED, Engine="quantum")[0] == "ValidationException"


def test_the_standard_voices_listed_are_those_the_endpoint_accepts() -> None:
    listed: dict[str, set[str]] = {}
    for voice in VOICES:
        if "standard" in voice["SupportedEngines"]:
            languages = {voice["LanguageCode"], *voice.get("AdditionalLanguageCodes", ())}
            listed[voice["Id"]] = languages
    assert listed == {voice: set(languages) for voice, languages in _STANDARD_LANGUAGES.items()}


def test_lexicons_put_get_list_delete_alike(polly: LocalPolly, clock: ManualClock) -> None:
    for index in range(12):  # more than a page of ListLexicons
        assert _both(polly, "put_lexicon", Name=f"lex{index:02d}", Content=_pls())[0] == "ok"
        clock.advance(1)
    kind, got = _both(polly, "get_lexicon", Name="lex03")
    assert kind == "ok"
    assert got["Lexicon"] == {"Content": _pls(), "Name": "lex03"}
    attributes = got["LexiconAttributes"]
    assert (attributes["Alphabet"], attributes["LanguageCode"]) == ("ipa", "en-US")
    assert (attributes["LexemesCount"], attributes["Size"]) == (2, len(_pls()))
    assert attributes["LexiconArn"].endswith(":lexicon/lex03")
    listings = []
    for client in _clients(polly):
        full = client.get_paginator("list_lexicons").paginate().build_full_result()
        listings.append(full["Lexicons"])
    assert listings[0] == listings[1]
    assert [lexicon["Name"] for lexicon in listings[0]] == [f"lex{i:02d}" for i in range(12)]
    assert "NextToken" in _both(polly, "list_lexicons")[1]
    # Putting again replaces; deleting removes, then the lexicon is not found.
    _both(polly, "put_lexicon", Name="lex03", Content=_pls(alias="W3"))
    ours, theirs = _clients(polly)
    assert ours.get_lexicon(Name="lex03")["Lexicon"]["Content"] == _pls(alias="W3")
    assert ours.delete_lexicon(Name="lex03")["ResponseMetadata"]["HTTPStatusCode"] == 200
    for method in ("get_lexicon", "delete_lexicon"):
        kind, (response, _) = _both(polly, method, Name="lex03")
        assert kind == "LexiconNotFoundException" and response["ResponseMetadata"] == 404
    assert theirs.synthesize_speech(**SPEECH, LexiconNames=["lex04", "lex05"])["AudioStream"]


def test_lexicons_survive_a_restart_with_a_db_file(tmp_path: Path) -> None:
    db = str(tmp_path / "polly.sqlite")
    with LocalPolly(db=db, lifetime=60) as polly:
        polly.client().put_lexicon(Name="kept", Content=_pls())
    with LocalPolly(db=db, lifetime=60) as polly:
        client = polly.client()
        assert client.get_lexicon(Name="kept")["Lexicon"]["Content"] == _pls()
        assert client.synthesize_speech(**SPEECH, LexiconNames=["kept"])["AudioStream"].read()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("<lexicon", "InvalidLexiconException"),
        ("<speak>not a lexicon</speak>", "InvalidLexiconException"),
        ('<!DOCTYPE x [<!ENTITY a "b">]>' + _pls(), "InvalidLexiconException"),
        (_pls(language="xx-XX"), "UnsupportedPlsLanguageException"),
        (_pls(alphabet="arpabet"), "UnsupportedPlsAlphabetException"),
        (_pls(alias="w" * 101), "MaxLexemeLengthExceededException"),
        (_pls(alias="w " * 2000), "LexiconSizeExceededException"),
    ],
)
def test_put_lexicon_errors_are_equal(polly: LocalPolly, content: str, code: str) -> None:
    kind, (response, _) = _both(polly, "put_lexicon", Name="mine", Content=content)
    assert kind == code and response["ResponseMetadata"] == 400
    assert _both(polly, "list_lexicons")[1]["Lexicons"] == []


def test_put_lexicon_validates_the_name(polly: LocalPolly) -> None:
    kind, _ = _both(polly, "put_lexicon", UNCHECKED, Name="not-valid", Content=_pls())
    assert kind == "ValidationException"


def test_at_most_100_lexicons(polly: LocalPolly) -> None:
    client = polly.client()
    for index in range(100):
        client.put_lexicon(Name=f"l{index}", Content=_pls())
    client.put_lexicon(Name="l7", Content=_pls(alias="again"))  # replacing is not adding
    kind, _ = _both(polly, "put_lexicon", Name="onemore", Content=_pls())
    assert kind == "MaxLexiconsNumberExceededException"


# -- presigned URLs, fetched as a browser's <audio> element would -------------------------------


def _fetch(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["x-amzn-ErrorType"].split(":")[0], error.read()


PRESIGNED: dict[str, Any] = {**SPEECH, "Engine": "neural", "LanguageCode": "en-US"}


def test_a_presigned_speech_url_plays_the_same_audio(polly: LocalPolly) -> None:
    client = polly.client()
    url = client.presigned_speech_url(expires_in=60, **PRESIGNED)
    status, content_type, body = _fetch(url)
    assert (status, content_type) == (200, "audio/mpeg")
    assert body == client.synthesize_speech(**PRESIGNED)["AudioStream"].read()
    assert polly.requests("SynthesizeSpeech") == 2


def test_boto3s_default_presigned_post_and_other_operations_are_served(polly: LocalPolly) -> None:
    _, theirs = _clients(polly)
    marks = {**SPEECH, "OutputFormat": "json", "SpeechMarkTypes": ["word", "sentence"]}
    status, content_type, body = _fetch(
        theirs.generate_presigned_url("synthesize_speech", marks), "POST"
    )
    assert (status, content_type) == (200, "application/x-json-stream")
    assert body == theirs.synthesize_speech(**marks)["AudioStream"].read()
    status, _, body = _fetch(theirs.generate_presigned_url("describe_voices", {"Engine": "neural"}))
    assert status == 200
    assert json.loads(body)["Voices"] == theirs.describe_voices(Engine="neural")["Voices"]
    status, _, body = _fetch(theirs.generate_presigned_url("list_speech_synthesis_tasks"))
    assert (status, json.loads(body)) == (200, {"SynthesisTasks": []})


def test_an_expired_presigned_url_is_refused(polly: LocalPolly, clock: ManualClock) -> None:
    url = polly.client().presigned_speech_url(expires_in=60, **PRESIGNED)
    clock.advance(59)
    assert _fetch(url)[0] == 200
    clock.advance(2)
    status, code, body = _fetch(url)
    assert (status, code) == (403, "InvalidSignatureException")
    assert "Signature expired" in json.loads(body)["message"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Text=Hello", "Text=Jello"),
        ("Engine=neural", "Engine=standard"),
        ("X-Amz-Expires=60", "X-Amz-Expires=600"),
        ("VoiceId=Joanna", "VoiceId=Joanna&SampleRate=8000"),
    ],
)
def test_a_tampered_presigned_url_is_refused(polly: LocalPolly, old: str, new: str) -> None:
    url = polly.client().presigned_speech_url(expires_in=60, **PRESIGNED)
    assert old in url
    status, code, _ = _fetch(url.replace(old, new))
    assert (status, code) == (403, "InvalidSignatureException")


def test_presigned_urls_need_every_signature_parameter(polly: LocalPolly) -> None:
    url = polly.client().presigned_speech_url(**PRESIGNED)
    without_date = "&".join(p for p in url.split("&") if not p.startswith("X-Amz-Date="))
    assert _fetch(without_date)[:2] == (403, "IncompleteSignatureException")
    bare = url.split("&X-Amz-Algorithm=")[0]
    assert _fetch(bare)[:2] == (403, "MissingAuthenticationTokenException")


def test_a_presigned_url_carries_the_session_token() -> None:
    keys: dict[str, str | Credential] = {"AKIDTOKEN": Credential("secret", "the-token")}
    with LocalPolly(credentials=keys, lifetime=60) as polly:
        url = polly.client().presigned_speech_url(**PRESIGNED)
        assert "X-Amz-Security-Token=the-token" in url
        assert _fetch(url)[0] == 200
        forged = url.replace("X-Amz-Security-Token=the-token", "X-Amz-Security-Token=other")
        assert _fetch(forged)[:2] == (403, "UnrecognizedClientException")
