"""The typed results of describe_voices, the lexicon operations and synthesize_speech: boto3's
dict for the same bytes, typed attributes that say what the service sent (whatever the caller
then does to the dict), unknown enum values kept, wrong types refused at the call."""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
from datetime import datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from polly_client import AsyncPollyClient, PollyClient
from polly_client.local import LocalPolly
from polly_client.model import service_model
from polly_client.models import Engine, Gender, LanguageCode, VoiceId
from polly_client.parser_error import ResponseParserError
from polly_client.results import (
    DescribeVoicesResponse,
    GetLexiconResponse,
    ListLexiconsResponse,
    ModelResponse,
    SynthesizeSpeechResponse,
    Voice,
)
from tests.support import ReplayServer, Reply, client_kwargs

PLS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" '
    'alphabet="ipa" xml:lang="en-US">'
    "<lexeme><grapheme>W3C</grapheme><alias>World Wide Web</alias></lexeme></lexicon>"
)
VOICE = {
    "Gender": "Female",
    "Id": "Joanna",
    "LanguageCode": "en-US",
    "LanguageName": "US English",
    "Name": "Joanna",
    "AdditionalLanguageCodes": ["es-US"],
    "SupportedEngines": ["neural", "standard"],
}


def _voice_as_sent(voice: Voice, sent: dict[str, Any]) -> None:
    assert (voice.gender, voice.id, voice.language_code) == (
        sent.get("Gender"),
        sent.get("Id"),
        sent.get("LanguageCode"),
    )
    assert (voice.language_name, voice.name) == (sent.get("LanguageName"), sent.get("Name"))
    assert voice.supported_engines == tuple(sent.get("SupportedEngines", ())) or (
        voice.supported_engines is None and "SupportedEngines" not in sent
    )
    additional = sent.get("AdditionalLanguageCodes")
    assert voice.additional_language_codes == (None if additional is None else tuple(additional))
    assert isinstance(voice.id, VoiceId) and isinstance(voice.gender, Gender)
    assert all(isinstance(engine, Engine) for engine in voice.supported_engines or ())


def test_voices_are_typed_and_the_dict_is_boto3s() -> None:
    with LocalPolly() as polly:
        got = polly.client().describe_voices()
        expected = boto3.client("polly", **polly.client_kwargs()).describe_voices()
        assert isinstance(got, DescribeVoicesResponse) and isinstance(got, dict)
        assert _without_metadata(got) == _without_metadata(expected)
        assert got.voices is not None and len(got.voices) == len(expected["Voices"]) > 0
        for voice, sent in zip(got.voices, expected["Voices"], strict=True):
            _voice_as_sent(voice, sent)
        assert got.next_token == expected["NextToken"]
        assert got.response_metadata.http_status_code == 200


def test_lexicons_are_typed() -> None:
    with LocalPolly() as polly:
        client = polly.client()
        put = client.put_lexicon(Name="w3c", Content=PLS)
        assert type(put) is ModelResponse and put.response_metadata.http_status_code == 200
        got = client.get_lexicon(Name="w3c")
        assert isinstance(got, GetLexiconResponse)
        assert got.lexicon is not None and got.lexicon_attributes is not None
        assert (got.lexicon.name, got.lexicon.content) == ("w3c", PLS)
        attributes = got.lexicon_attributes
        assert attributes.language_code is LanguageCode.EN_US
        assert (attributes.alphabet, attributes.lexemes_count, attributes.size) == (
            "ipa",
            1,
            len(PLS),
        )
        assert isinstance(attributes.last_modified, datetime)
        assert attributes.last_modified == got["LexiconAttributes"]["LastModified"]
        listed = client.list_lexicons()
        assert isinstance(listed, ListLexiconsResponse) and listed.lexicons is not None
        (entry,) = listed.lexicons
        assert entry.name == "w3c" and entry.attributes == attributes
        assert type(client.delete_lexicon(Name="w3c")) is ModelResponse


def test_speech_is_typed_and_streams() -> None:
    with LocalPolly() as polly:
        got = polly.client().synthesize_speech(Text="Hello", VoiceId="Joanna", OutputFormat="mp3")
        assert isinstance(got, SynthesizeSpeechResponse)
        assert (got.content_type, got.request_characters) == ("audio/mpeg", 5)
        assert got.audio_stream is got["AudioStream"]
        assert got.audio_stream is not None and got.audio_stream.read(3) == b"ID3"


def test_the_typed_view_is_what_the_service_sent_whatever_the_dict_becomes(
    replay: ReplayServer,
) -> None:
    replay.reply = Reply(body=json.dumps({"Voices": [VOICE]}).encode())
    got = PollyClient(**client_kwargs(replay.url)).describe_voices()
    got["Voices"].clear()
    del got["ResponseMetadata"]
    assert got == {"Voices": []}
    assert got.voices is not None and got.voices[0].id is VoiceId.JOANNA
    for again in (copy.deepcopy(got), pickle.loads(pickle.dumps(got)), copy.copy(got)):
        assert again == got and again.voices == got.voices
    assert json.loads(json.dumps(got)) == {"Voices": []}


def test_unknown_values_are_kept_and_wrong_types_refused(replay: ReplayServer) -> None:
    client = PollyClient(**client_kwargs(replay.url))
    new = {"Id": "Zed", "Gender": "Nonbinary", "SupportedEngines": ["quantum"], "Arn": "arn:x"}
    replay.reply = Reply(body=json.dumps({"Voices": [new]}).encode())
    (voice,) = client.describe_voices().voices or ()
    assert (voice.id, voice.gender, voice.supported_engines) == ("Zed", "Nonbinary", ("quantum",))
    # A member the installed model lacks (an older botocore has no Arn) its parser drops.
    voice_shape: Any = service_model().shape_for("Voice")
    has_arn = "Arn" in voice_shape.members
    assert voice.arn == ("arn:x" if has_arn else None)
    assert isinstance(voice.gender, Gender) and voice.gender not in list(Gender)
    for body, where in (
        ({"Voices": [{"Id": 5}]}, "Voices[0].Id"),
        ({"Voices": {"Id": "Joanna"}}, "Unable to parse the DescribeVoices response"),
        ({"Voices": [{"SupportedEngines": ["neural", None]}]}, "SupportedEngines[1]"),
        ({"Lexicons": [{"Attributes": {"Alphabet": 7}}]}, "Lexicons[0].Attributes.Alphabet"),
    ):
        replay.reply = Reply(body=json.dumps(body).encode())
        method = client.describe_voices if "Voices" in body else client.list_lexicons
        with pytest.raises(ResponseParserError, match=where.replace("[", r"\[")):
            method()


def test_stubbed_responses_are_typed_too() -> None:
    client = PollyClient(region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    with Stubber(client) as stubber:  # type: ignore[arg-type]
        stubber.add_response("describe_voices", {"Voices": [VOICE]})
        got = client.describe_voices()
    assert got.voices is not None
    _voice_as_sent(got.voices[0], VOICE)


def test_the_async_client_types_them_alike() -> None:
    with LocalPolly() as polly:

        async def ours() -> DescribeVoicesResponse:
            async with AsyncPollyClient(**polly.client_kwargs()) as client:
                return await client.describe_voices(LanguageCode="en-GB")

        got = asyncio.run(ours())
        expected = polly.client().describe_voices(LanguageCode="en-GB")
    assert isinstance(got, DescribeVoicesResponse) and got.voices == expected.voices


def _without_metadata(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items() if key != "ResponseMetadata"}
