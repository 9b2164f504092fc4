"""The dict side of the responses and the enum values of the requests, as types: the shapes and
names of mypy-boto3-polly's ``type_defs`` and ``literals``, so that mypy catches a misspelt key
(``resp["SynthesisTask"]["TaskID"]``) or status (``Status="complete"``) as it does for boto3
users, and a ``to_dict()`` is assignable to mypy-boto3-polly's TypedDicts.

Only for type checkers: nothing here is needed at run time, and the ``Literal`` values are held
to the enums (and so to the model) by ``tests/test_typing.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypedDict

__all__ = [
    "EngineType",
    "GetSpeechSynthesisTaskOutputTypeDef",
    "LanguageCodeType",
    "ListSpeechSynthesisTasksOutputTypeDef",
    "OutputFormatType",
    "ResponseMetadataTypeDef",
    "SpeechMarkTypeType",
    "StartSpeechSynthesisTaskOutputTypeDef",
    "SynthesisTaskTypeDef",
    "TaskStatusType",
    "TextTypeType",
    "VoiceIdType",
]

EngineType = Literal["standard", "neural", "long-form", "generative"]
LanguageCodeType = Literal[
    "arb",
    "cmn-CN",
    "cy-GB",
    "da-DK",
    "de-DE",
    "en-AU",
    "en-GB",
    "en-GB-WLS",
    "en-IN",
    "en-US",
    "es-ES",
    "es-MX",
    "es-US",
    "fr-CA",
    "fr-FR",
    "is-IS",
    "it-IT",
    "ja-JP",
    "hi-IN",
    "ko-KR",
    "nb-NO",
    "nl-NL",
    "pl-PL",
    "pt-BR",
    "pt-PT",
    "ro-RO",
    "ru-RU",
    "sv-SE",
    "tr-TR",
    "en-NZ",
    "en-ZA",
    "ca-ES",
    "de-AT",
    "yue-CN",
    "ar-AE",
    "fi-FI",
    "en-IE",
    "nl-BE",
    "fr-BE",
    "cs-CZ",
    "de-CH",
    "en-SG",
]
OutputFormatType = Literal["json", "mp3", "ogg_opus", "ogg_vorbis", "pcm", "mulaw", "alaw"]
SpeechMarkTypeType = Literal["sentence", "ssml", "viseme", "word"]
TaskStatusType = Literal["scheduled", "inProgress", "completed", "failed"]
TextTypeType = Literal["ssml", "text"]
VoiceIdType = Literal[
    "Aditi",
    "Amy",
    "Astrid",
    "Bianca",
    "Brian",
    "Camila",
    "Carla",
    "Carmen",
    "Celine",
    "Chantal",
    "Conchita",
    "Cristiano",
    "Dora",
    "Emma",
    "Enrique",
    "Ewa",
    "Filiz",
    "Gabrielle",
    "Geraint",
    "Giorgio",
    "Gwyneth",
    "Hans",
    "Ines",
    "Ivy",
    "Jacek",
    "Jan",
    "Joanna",
    "Joey",
    "Justin",
    "Karl",
    "Kendra",
    "Kevin",
    "Kimberly",
    "Lea",
    "Liv",
    "Lotte",
    "Lucia",
    "Lupe",
    "Mads",
    "Maja",
    "Marlene",
    "Mathieu",
    "Matthew",
    "Maxim",
    "Mia",
    "Miguel",
    "Mizuki",
    "Naja",
    "Nicole",
    "Olivia",
    "Penelope",
    "Raveena",
    "Ricardo",
    "Ruben",
    "Russell",
    "Salli",
    "Seoyeon",
    "Takumi",
    "Tatyana",
    "Vicki",
    "Vitoria",
    "Zeina",
    "Zhiyu",
    "Aria",
    "Ayanda",
    "Arlet",
    "Hannah",
    "Arthur",
    "Daniel",
    "Liam",
    "Pedro",
    "Kajal",
    "Hiujin",
    "Laura",
    "Elin",
    "Ida",
    "Suvi",
    "Ola",
    "Hala",
    "Andres",
    "Sergio",
    "Remi",
    "Adriano",
    "Thiago",
    "Ruth",
    "Stephen",
    "Kazuha",
    "Tomoko",
    "Niamh",
    "Sofie",
    "Lisa",
    "Isabelle",
    "Zayd",
    "Danielle",
    "Gregory",
    "Burcu",
    "Jitka",
    "Sabrina",
    "Jasmine",
    "Jihye",
    "Ambre",
    "Beatrice",
    "Florian",
    "Lennart",
    "Lorenzo",
    "Tiffany",
    "Arjun",
    "Carlos",
    "Carolina",
    "Curtis",
    "Hyunduk",
    "Kenneth",
    "Kiara",
    "Leo",
    "Nate",
    "Tina",
]


# Required members first, the others in a total=False subclass: NotRequired needs
# typing_extensions on Python 3.10.
class _ResponseMetadataRequired(TypedDict):
    RequestId: str
    HTTPStatusCode: int
    HTTPHeaders: dict[str, str]
    RetryAttempts: int


class ResponseMetadataTypeDef(_ResponseMetadataRequired, total=False):
    # No MaxAttemptsReached, which boto3 adds after a last failed attempt: mypy-boto3-polly
    # lacks it, and a TypedDict assignable to its one must have the same members.
    HostId: str


class SynthesisTaskTypeDef(TypedDict, total=False):
    Engine: EngineType
    TaskId: str
    TaskStatus: TaskStatusType
    TaskStatusReason: str
    OutputUri: str
    CreationTime: datetime
    RequestCharacters: int
    SnsTopicArn: str
    LexiconNames: list[str]
    OutputFormat: OutputFormatType
    SampleRate: str
    SpeechMarkTypes: list[SpeechMarkTypeType]
    TextType: TextTypeType
    VoiceId: VoiceIdType
    LanguageCode: LanguageCodeType


class _ListSpeechSynthesisTasksOutputRequired(TypedDict):
    SynthesisTasks: list[SynthesisTaskTypeDef]
    ResponseMetadata: ResponseMetadataTypeDef


class ListSpeechSynthesisTasksOutputTypeDef(_ListSpeechSynthesisTasksOutputRequired, total=False):
    NextToken: str


class GetSpeechSynthesisTaskOutputTypeDef(TypedDict):
    SynthesisTask: SynthesisTaskTypeDef
    ResponseMetadata: ResponseMetadataTypeDef


StartSpeechSynthesisTaskOutputTypeDef = GetSpeechSynthesisTaskOutputTypeDef
