"""Typed values of Polly's synthesis-task listing, each with the boto3 dict view beside it.

The dataclasses hold what the service sent and nothing else: a field the JSON did not carry is
``None``, so that ``to_dict()`` can leave it out exactly as boto3 does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypedDict

from polly_client.runtime import boto3_time
from polly_client.s3_location import S3Location, parse_s3_uri

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Engine",
    "GetSpeechSynthesisTaskRequest",
    "LanguageCode",
    "ListSpeechSynthesisTasksRequest",
    "ListSpeechSynthesisTasksResponse",
    "OpenEnum",
    "OutputFormat",
    "ResponseMetadata",
    "SpeechMarkType",
    "StartSpeechSynthesisTaskRequest",
    "SynthesisTask",
    "SynthesisTaskResponse",
    "TaskStatus",
    "TextType",
    "VoiceId",
]


class OpenEnum(str, Enum):
    """A string enumeration that also accepts values the service adds after this release.

    ``Engine("quantum")`` gives an ``Engine`` whose ``.value`` is ``"quantum"`` instead of raising,
    so a new voice or engine never breaks a listing. Such values are not members: they do not
    appear when iterating the class.
    """

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = value
        unknown._value_ = value
        return unknown

    # Print and format as the bare value, as boto3's plain strings do.
    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(self, format_spec)


class TaskStatus(OpenEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "inProgress"
    COMPLETED = "completed"
    FAILED = "failed"


class Engine(OpenEnum):
    STANDARD = "standard"
    NEURAL = "neural"
    LONG_FORM = "long-form"
    GENERATIVE = "generative"


class OutputFormat(OpenEnum):
    JSON = "json"
    MP3 = "mp3"
    OGG_OPUS = "ogg_opus"
    OGG_VORBIS = "ogg_vorbis"
    PCM = "pcm"
    MULAW = "mulaw"
    ALAW = "alaw"


class TextType(OpenEnum):
    SSML = "ssml"
    TEXT = "text"


class SpeechMarkType(OpenEnum):
    SENTENCE = "sentence"
    SSML = "ssml"
    VISEME = "viseme"
    WORD = "word"


class VoiceId(OpenEnum):
    ADITI = "Aditi"
    AMY = "Amy"
    ASTRID = "Astrid"
    BIANCA = "Bianca"
    BRIAN = "Brian"
    CAMILA = "Camila"
    CARLA = "Carla"
    CARMEN = "Carmen"
    CELINE = "Celine"
    CHANTAL = "Chantal"
    CONCHITA = "Conchita"
    CRISTIANO = "Cristiano"
    DORA = "Dora"
    EMMA = "Emma"
    ENRIQUE = "Enrique"
    EWA = "Ewa"
    FILIZ = "Filiz"
    GABRIELLE = "Gabrielle"
    GERAINT = "Geraint"
    GIORGIO = "Giorgio"
    GWYNETH = "Gwyneth"
    HANS = "Hans"
    INES = "Ines"
    IVY = "Ivy"
    JACEK = "Jacek"
    JAN = "Jan"
    JOANNA = "Joanna"
    JOEY = "Joey"
    JUSTIN = "Justin"
    KARL = "Karl"
    KENDRA = "Kendra"
    KEVIN = "Kevin"
    KIMBERLY = "Kimberly"
    LEA = "Lea"
    LIV = "Liv"
    LOTTE = "Lotte"
    LUCIA = "Lucia"
    LUPE = "Lupe"
    MADS = "Mads"
    MAJA = "Maja"
    MARLENE = "Marlene"
    MATHIEU = "Mathieu"
    MATTHEW = "Matthew"
    MAXIM = "Maxim"
    MIA = "Mia"
    MIGUEL = "Miguel"
    MIZUKI = "Mizuki"
    NAJA = "Naja"
    NICOLE = "Nicole"
    OLIVIA = "Olivia"
    PENELOPE = "Penelope"
    RAVEENA = "Raveena"
    RICARDO = "Ricardo"
    RUBEN = "Ruben"
    RUSSELL = "Russell"
    SALLI = "Salli"
    SEOYEON = "Seoyeon"
    TAKUMI = "Takumi"
    TATYANA = "Tatyana"
    VICKI = "Vicki"
    VITORIA = "Vitoria"
    ZEINA = "Zeina"
    ZHIYU = "Zhiyu"
    ARIA = "Aria"
    AYANDA = "Ayanda"
    ARLET = "Arlet"
    HANNAH = "Hannah"
    ARTHUR = "Arthur"
    DANIEL = "Daniel"
    LIAM = "Liam"
    PEDRO = "Pedro"
    KAJAL = "Kajal"
    HIUJIN = "Hiujin"
    LAURA = "Laura"
    ELIN = "Elin"
    IDA = "Ida"
    SUVI = "Suvi"
    OLA = "Ola"
    HALA = "Hala"
    ANDRES = "Andres"
    SERGIO = "Sergio"
    REMI = "Remi"
    ADRIANO = "Adriano"
    THIAGO = "Thiago"
    RUTH = "Ruth"
    STEPHEN = "Stephen"
    KAZUHA = "Kazuha"
    TOMOKO = "Tomoko"
    NIAMH = "Niamh"
    SOFIE = "Sofie"
    LISA = "Lisa"
    ISABELLE = "Isabelle"
    ZAYD = "Zayd"
    DANIELLE = "Danielle"
    GREGORY = "Gregory"
    BURCU = "Burcu"
    JITKA = "Jitka"
    SABRINA = "Sabrina"
    JASMINE = "Jasmine"
    JIHYE = "Jihye"
    AMBRE = "Ambre"
    BEATRICE = "Beatrice"
    FLORIAN = "Florian"
    LENNART = "Lennart"
    LORENZO = "Lorenzo"
    TIFFANY = "Tiffany"
    ARJUN = "Arjun"
    CARLOS = "Carlos"
    CAROLINA = "Carolina"
    CURTIS = "Curtis"
    HYUNDUK = "Hyunduk"
    KENNETH = "Kenneth"
    KIARA = "Kiara"
    LEO = "Leo"
    NATE = "Nate"
    TINA = "Tina"


class LanguageCode(OpenEnum):
    ARB = "arb"
    CMN_CN = "cmn-CN"
    CY_GB = "cy-GB"
    DA_DK = "da-DK"
    DE_DE = "de-DE"
    EN_AU = "en-AU"
    EN_GB = "en-GB"
    EN_GB_WLS = "en-GB-WLS"
    EN_IN = "en-IN"
    EN_US = "en-US"
    ES_ES = "es-ES"
    ES_MX = "es-MX"
    ES_US = "es-US"
    FR_CA = "fr-CA"
    FR_FR = "fr-FR"
    IS_IS = "is-IS"
    IT_IT = "it-IT"
    JA_JP = "ja-JP"
    HI_IN = "hi-IN"
    KO_KR = "ko-KR"
    NB_NO = "nb-NO"
    NL_NL = "nl-NL"
    PL_PL = "pl-PL"
    PT_BR = "pt-BR"
    PT_PT = "pt-PT"
    RO_RO = "ro-RO"
    RU_RU = "ru-RU"
    SV_SE = "sv-SE"
    TR_TR = "tr-TR"
    EN_NZ = "en-NZ"
    EN_ZA = "en-ZA"
    CA_ES = "ca-ES"
    DE_AT = "de-AT"
    YUE_CN = "yue-CN"
    AR_AE = "ar-AE"
    FI_FI = "fi-FI"
    EN_IE = "en-IE"
    NL_BE = "nl-BE"
    FR_BE = "fr-BE"
    CS_CZ = "cs-CZ"
    DE_CH = "de-CH"
    EN_SG = "en-SG"


class ListSpeechSynthesisTasksRequest(TypedDict, total=False):
    """The keyword arguments of ``list_speech_synthesis_tasks``, spelled as boto3 spells them."""

    MaxResults: int
    NextToken: str
    Status: TaskStatus | str


class GetSpeechSynthesisTaskRequest(TypedDict):
    """The keyword argument of ``get_speech_synthesis_task``."""

    TaskId: str


class _StartSpeechSynthesisTaskRequired(TypedDict):
    OutputFormat: OutputFormat | str
    OutputS3BucketName: str
    Text: str
    VoiceId: VoiceId | str


class StartSpeechSynthesisTaskRequest(_StartSpeechSynthesisTaskRequired, total=False):
    """The keyword arguments of ``start_speech_synthesis_task``, spelled as boto3 spells them
    (the four above are required)."""

    Engine: Engine | str
    LanguageCode: LanguageCode | str
    LexiconNames: list[str] | tuple[str, ...]
    OutputS3KeyPrefix: str
    SampleRate: str
    SnsTopicArn: str
    SpeechMarkTypes: list[SpeechMarkType | str] | tuple[SpeechMarkType | str, ...]
    TextType: TextType | str


@dataclass(frozen=True, slots=True)
class SynthesisTask:
    """One speech-synthesis task. Field order follows Polly's service model."""

    engine: Engine | None = None
    task_id: str | None = None
    task_status: TaskStatus | None = None
    task_status_reason: str | None = None
    output_uri: str | None = None
    creation_time: datetime | None = None
    request_characters: int | None = None
    sns_topic_arn: str | None = None
    lexicon_names: tuple[str, ...] | None = None
    output_format: OutputFormat | None = None
    sample_rate: str | None = None
    speech_mark_types: tuple[SpeechMarkType, ...] | None = None
    text_type: TextType | None = None
    voice_id: VoiceId | None = None
    language_code: LanguageCode | None = None

    @property
    def output_location(self) -> S3Location | None:
        """The bucket and key of ``output_uri`` (None before the service has given one), to
        fetch the audio with an S3 client of your own; ValueError if it is not an S3 URL."""
        return None if self.output_uri is None else parse_s3_uri(self.output_uri)

    def to_dict(self) -> dict[str, Any]:
        """The task as boto3 returns it: model member names, absent fields left out."""
        out: dict[str, Any] = {}
        for key, value in zip(_KEYS, _all_fields(self), strict=True):
            if value is None:
                continue
            kind = type(value)
            if kind is str or kind is int:
                out[key] = value
            elif kind is datetime:
                out[key] = boto3_time(value)
            elif kind is tuple:
                out[key] = [str.__str__(item) for item in value]
            else:  # an OpenEnum: boto3 gives the plain string
                out[key] = value._value_
        return out


_TASK_KEYS: tuple[tuple[str, str], ...] = (
    ("engine", "Engine"),
    ("task_id", "TaskId"),
    ("task_status", "TaskStatus"),
    ("task_status_reason", "TaskStatusReason"),
    ("output_uri", "OutputUri"),
    ("creation_time", "CreationTime"),
    ("request_characters", "RequestCharacters"),
    ("sns_topic_arn", "SnsTopicArn"),
    ("lexicon_names", "LexiconNames"),
    ("output_format", "OutputFormat"),
    ("sample_rate", "SampleRate"),
    ("speech_mark_types", "SpeechMarkTypes"),
    ("text_type", "TextType"),
    ("voice_id", "VoiceId"),
    ("language_code", "LanguageCode"),
)
_KEYS = tuple(key for _, key in _TASK_KEYS)
_all_fields = attrgetter(*(attr for attr, _ in _TASK_KEYS))


@dataclass(frozen=True, slots=True)
class ResponseMetadata:
    """What boto3 reports under ``ResponseMetadata``: the HTTP side of one call."""

    http_status_code: int
    http_headers: Mapping[str, str]
    request_id: str | None = None
    host_id: str | None = None
    retry_attempts: int = 0
    max_attempts_reached: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.request_id is not None:
            out["RequestId"] = self.request_id
        if self.host_id is not None:
            out["HostId"] = self.host_id
        out["HTTPStatusCode"] = self.http_status_code
        out["HTTPHeaders"] = dict(self.http_headers)
        if self.max_attempts_reached:
            out["MaxAttemptsReached"] = True
        out["RetryAttempts"] = self.retry_attempts
        return out


class _Boto3Mapping(Mapping[str, Any]):
    """Reads as the dict boto3 would have returned: built by ``to_dict()`` on first use, then
    shared (not a copy), so that what an after-call handler changes in it shows here."""

    __slots__ = ()
    _boto3_dict: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def use_boto3_dict(self, supplied: dict[str, Any]) -> None:
        """Read as ``supplied``: the dict a stub or event handler gave in boto3's place."""
        object.__setattr__(self, "_boto3_dict", supplied)

    def boto3_dict(self) -> dict[str, Any]:
        built = self._boto3_dict
        if built is None:
            built = self.to_dict()
            object.__setattr__(self, "_boto3_dict", built)
        return built

    def __getitem__(self, key: str) -> Any:
        return self.boto3_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.boto3_dict())

    def __len__(self) -> int:
        return len(self.boto3_dict())

    def _typed_fields(self) -> tuple[object, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self._typed_fields() == other._typed_fields()
        if isinstance(other, Mapping):
            return self.boto3_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True, eq=False)
class ListSpeechSynthesisTasksResponse(_Boto3Mapping):
    """One page of tasks, typed, that also reads as the dict boto3 would have returned.

    ``resp.synthesis_tasks[0].creation_time`` is the typed path; ``resp["SynthesisTasks"][0]
    ["CreationTime"]`` is the boto3 path and builds the boto3 dict once, on first use.
    """

    synthesis_tasks: tuple[SynthesisTask, ...] | None
    next_token: str | None
    response_metadata: ResponseMetadata
    _boto3_dict: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A new dict equal to boto3's return value for the same HTTP response."""
        out: dict[str, Any] = {"ResponseMetadata": self.response_metadata.to_dict()}
        if self.next_token is not None:
            out["NextToken"] = self.next_token
        if self.synthesis_tasks is not None:
            out["SynthesisTasks"] = [task.to_dict() for task in self.synthesis_tasks]
        return out

    def _typed_fields(self) -> tuple[object, ...]:
        return (self.synthesis_tasks, self.next_token, self.response_metadata)


@dataclass(frozen=True, slots=True, eq=False)
class SynthesisTaskResponse(_Boto3Mapping):
    """What ``start_speech_synthesis_task`` and ``get_speech_synthesis_task`` return: one task,
    typed, that also reads as boto3's dict (``resp["SynthesisTask"]["TaskId"]``)."""

    synthesis_task: SynthesisTask | None
    response_metadata: ResponseMetadata
    _boto3_dict: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A new dict equal to boto3's return value for the same HTTP response."""
        out: dict[str, Any] = {"ResponseMetadata": self.response_metadata.to_dict()}
        if self.synthesis_task is not None:
            out["SynthesisTask"] = self.synthesis_task.to_dict()
        return out

    def _typed_fields(self) -> tuple[object, ...]:
        return (self.synthesis_task, self.response_metadata)
