"""The string enumerations of Polly's model: each keeps a value the service adds after this
release instead of failing on it.

Their own module, loaded on first use: creating the members of nine enumerations (VoiceId alone
has a hundred) is a noticeable part of a cold start, and a listing read as boto3's dicts never
needs them.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Engine",
    "Gender",
    "LanguageCode",
    "OpenEnum",
    "OutputFormat",
    "SpeechMarkType",
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


class Gender(OpenEnum):
    FEMALE = "Female"
    MALE = "Male"


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
