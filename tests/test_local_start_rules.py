"""StartSpeechSynthesisTask's rules as the service states them, through boto3 against the local
endpoint, with client-side validation off where it would stop the request first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from polly_client.errors import error_names
from polly_client.local import LocalPolly

START = {
    "OutputFormat": "mp3",
    "OutputS3BucketName": "my-bucket",
    "Text": "Hello there",
    "VoiceId": "Joanna",
}
UNCHECKED = Config(parameter_validation=False, retries={"max_attempts": 0})
SPEAK = "<speak>Hello <break time='1s'/> there</speak>"


@pytest.fixture(scope="module")
def polly() -> Iterator[LocalPolly]:
    with LocalPolly(lifetime=120) as server:
        yield server


@pytest.fixture(scope="module")
def client(polly: LocalPolly) -> Any:
    return boto3.client("polly", config=UNCHECKED, **polly.client_kwargs())


def _code(client: Any, **changes: Any) -> str:
    params = {key: value for key, value in {**START, **changes}.items() if value is not None}
    with pytest.raises(ClientError) as info:
        client.start_speech_synthesis_task(**params)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return str(info.value.response["Error"]["Code"])


def test_the_codes_are_the_installed_models() -> None:
    names = set(error_names())
    for code in (
        "TextLengthExceededException",
        "InvalidSsmlException",
        "EngineNotSupportedException",
        "LanguageNotSupportedException",
        "InvalidS3BucketException",
        "InvalidS3KeyException",
        "InvalidSnsTopicArnException",
        "InvalidSampleRateException",
        "MarksNotSupportedForFormatException",
        "SsmlMarksNotSupportedForTextTypeException",
    ):
        assert code in names


@pytest.mark.parametrize(
    "text",
    [
        "x" * 100_000,
        "<speak>" + "x" * 100_000 + "</speak>",
        "<speak>x" + "<p/>" * 49_996 + "</speak>",  # 200,000 characters, 1 billed
    ],
    ids=["100,000 billed", "100,000 billed in ssml", "200,000 in all"],
)
def test_text_at_the_limits_is_accepted(client: Any, text: str) -> None:
    text_type = "ssml" if text.startswith("<speak>") else "text"
    task = client.start_speech_synthesis_task(**{**START, "Text": text, "TextType": text_type})
    assert task["SynthesisTask"]["RequestCharacters"] == text.count("x")


@pytest.mark.parametrize(
    ("text", "text_type"),
    [
        ("x" * 100_001, "text"),
        ("<speak>" + "x" * 100_001 + "</speak>", "ssml"),
        ("<speak>" + "<p/>" * 50_000 + "</speak>", "ssml"),  # 200,015 characters, none billed
    ],
    ids=["100,001 billed", "100,001 billed in ssml", "over 200,000 in all"],
)
def test_text_past_the_limits(client: Any, text: str, text_type: str) -> None:
    assert _code(client, Text=text, TextType=text_type) == "TextLengthExceededException"


@pytest.mark.parametrize(
    "text",
    [
        "<speak>unclosed",
        "plain text",
        "<voice>not speak</voice>",
        "<speak>a</speak><speak>b</speak>",
        '<!DOCTYPE speak [<!ENTITY a "aaaa">]><speak>&a;</speak>',
        "<speak>&undefined;</speak>",
    ],
    ids=["unclosed", "not xml", "another root", "two roots", "doctype", "undefined entity"],
)
def test_ssml_must_be_well_formed_speak(client: Any, text: str) -> None:
    assert _code(client, Text=text, TextType="ssml") == "InvalidSsmlException"


def test_well_formed_ssml_with_the_namespace_and_ssml_marks(client: Any) -> None:
    ssml = f'<speak xmlns="http://www.w3.org/2001/10/synthesis">{SPEAK}</speak>'.replace(
        "<speak>", "<s>"
    ).replace("</speak></speak>", "</s></speak>")
    task = client.start_speech_synthesis_task(
        **{**START, "Text": ssml, "TextType": "ssml", "OutputFormat": "json"},
        SpeechMarkTypes=["ssml", "word"],
    )
    assert task["SynthesisTask"]["SpeechMarkTypes"] == ["ssml", "word"]
    assert task["SynthesisTask"]["RequestCharacters"] == len("Hello  there")


@pytest.mark.parametrize(
    "bucket",
    [
        "ab",
        "a" * 64,
        "Upper",
        "under_score",
        "-leading",
        "trailing-",
        "two..dots",
        "192.168.1.1",
        "xn--punycode",
        "sthree-bucket",
        "my-bucket-s3alias",
        "my-bucket--ol-s3",
    ],
)
def test_bucket_naming_rules(client: Any, bucket: str) -> None:
    assert _code(client, OutputS3BucketName=bucket) == "InvalidS3BucketException"


@pytest.mark.parametrize("bucket", ["abc", "a" * 63, "my.bucket-1", "1.2.3.4.5"])
def test_valid_bucket_names(client: Any, bucket: str) -> None:
    task = client.start_speech_synthesis_task(**{**START, "OutputS3BucketName": bucket})
    assert f"/{bucket}/" in task["SynthesisTask"]["OutputUri"]


@pytest.mark.parametrize("prefix", ["with space/", "tab\t", "x" * 801, "back\\slash", "é"])
def test_key_prefix_rules(client: Any, prefix: str) -> None:
    assert _code(client, OutputS3KeyPrefix=prefix) == "InvalidS3KeyException"


def test_a_valid_key_prefix_is_in_the_uri(client: Any) -> None:
    task = client.start_speech_synthesis_task(**START, OutputS3KeyPrefix="audio/2026-12/(a)!")
    assert "/my-bucket/audio/2026-12/(a)!" in task["SynthesisTask"]["OutputUri"]


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:sqs:us-east-1:123456789012:queue",
        "arn:aws:sns:us-east-1:12345:topic",
        "arn:aws:sns:us-east-1:123456789012:bad topic",
        "arn:aws-xx:sns:us-east-1:123456789012:topic",
        "topic",
    ],
)
def test_sns_topic_arn_form(client: Any, arn: str) -> None:
    assert _code(client, SnsTopicArn=arn) == "InvalidSnsTopicArnException"


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:sns:us-east-1:123456789012:topic",
        "arn:aws-cn:sns:cn-north-1:123456789012:my_topic-1",
        "arn:aws:sns:us-east-1:123456789012:orders.fifo",
    ],
)
def test_valid_sns_topic_arns(client: Any, arn: str) -> None:
    task = client.start_speech_synthesis_task(**START, SnsTopicArn=arn)
    assert task["SynthesisTask"]["SnsTopicArn"] == arn


@pytest.mark.parametrize(
    ("output", "rate", "valid"),
    [
        ("mp3", "22050", True),
        ("mp3", "44100", False),
        ("ogg_vorbis", "24000", True),
        ("pcm", "16000", True),
        ("pcm", "22050", False),
        ("ogg_opus", "48000", True),
        ("ogg_opus", "24000", False),
        ("mulaw", "8000", True),
        ("alaw", "16000", False),
    ],
)
def test_sample_rates_per_format(client: Any, output: str, rate: str, valid: bool) -> None:
    if valid:
        task = client.start_speech_synthesis_task(
            **{**START, "OutputFormat": output}, SampleRate=rate
        )
        assert task["SynthesisTask"]["SampleRate"] == rate
    else:
        assert _code(client, OutputFormat=output, SampleRate=rate) == "InvalidSampleRateException"


def test_marks_rules(client: Any) -> None:
    assert _code(client, SpeechMarkTypes=["word"]) == "MarksNotSupportedForFormatException"
    assert (
        _code(client, OutputFormat="json", SpeechMarkTypes=["ssml"])
        == "SsmlMarksNotSupportedForTextTypeException"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"Text": None},
        {"VoiceId": None},
        {"OutputFormat": None},
        {"OutputS3BucketName": None},
        {"Engine": "turbo"},
        {"VoiceId": "Nobody"},
        {"LanguageCode": "xx-XX"},
        {"TextType": "html"},
        {"OutputFormat": "wav"},
        {"OutputFormat": "json"},  # speech marks output needs SpeechMarkTypes
        {"Text": "   "},
        {"SpeechMarkTypes": ["word", "bogus"]},
        {"OutputFormat": "json", "SpeechMarkTypes": ["word"] * 5},
        {"LexiconNames": ["a", "b", "c", "d", "e", "f"]},
        {"LexiconNames": ["not-alphanumeric"]},
    ],
    ids=repr,
)
def test_validation_errors(client: Any, changes: dict[str, Any]) -> None:
    assert _code(client, **changes) == "ValidationException"


def test_a_missing_member_is_worded_as_aws_words_it(client: Any) -> None:
    with pytest.raises(ClientError) as info:
        client.start_speech_synthesis_task(**{**START, "Engine": "turbo"})
    assert info.value.response["Error"]["Message"] == (
        "1 validation error detected: Value 'turbo' at 'engine' failed to satisfy constraint: "
        "Member must satisfy enum value set: [standard, neural, long-form, generative]"
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"VoiceId": "Ruth"}, "EngineNotSupportedException"),  # no standard variant
        ({"VoiceId": "Danielle", "Engine": "standard"}, "EngineNotSupportedException"),
        ({"VoiceId": "Joanna", "LanguageCode": "fr-FR"}, "LanguageNotSupportedException"),
        ({"VoiceId": "Aditi", "LanguageCode": "en-US"}, "LanguageNotSupportedException"),
    ],
    ids=repr,
)
def test_engine_and_language_of_the_standard_voices(
    client: Any, changes: dict[str, Any], code: str
) -> None:
    assert _code(client, **changes) == code


@pytest.mark.parametrize(
    "changes",
    [
        {"VoiceId": "Aditi", "LanguageCode": "hi-IN"},  # bilingual
        {"VoiceId": "Aditi", "LanguageCode": "en-IN"},
        {"VoiceId": "Matthew", "LanguageCode": "en-US"},
        {"VoiceId": "Ruth", "Engine": "neural"},
        {"VoiceId": "Danielle", "Engine": "long-form"},
        {"VoiceId": "Geraint"},
    ],
    ids=repr,
)
def test_compatible_voices_engines_and_languages(client: Any, changes: dict[str, Any]) -> None:
    task = client.start_speech_synthesis_task(**{**START, **changes})["SynthesisTask"]
    assert task["VoiceId"] == changes["VoiceId"]
    assert task["Engine"] == changes.get("Engine", "standard")
