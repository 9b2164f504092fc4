"""The voices DescribeVoices lists: every standard voice of the developer guide (the list
``service`` holds the standard engine to) with the other engines it has, and a selection of the
voices the neural, long-form and generative engines added, as Polly describes them."""

from __future__ import annotations

from typing import Any

__all__ = ["VOICES", "describe"]

_LANGUAGE_NAMES = {
    "arb": "Arabic",
    "ar-AE": "Gulf Arabic",
    "cmn-CN": "Chinese Mandarin",
    "cy-GB": "Welsh",
    "da-DK": "Danish",
    "de-AT": "Austrian German",
    "de-DE": "German",
    "en-AU": "Australian English",
    "en-GB": "British English",
    "en-GB-WLS": "Welsh English",
    "en-IE": "Irish English",
    "en-IN": "Indian English",
    "en-NZ": "New Zealand English",
    "en-US": "US English",
    "en-ZA": "South African English",
    "es-ES": "Castilian Spanish",
    "es-MX": "Mexican Spanish",
    "es-US": "US Spanish",
    "fi-FI": "Finnish",
    "fr-CA": "Canadian French",
    "fr-FR": "French",
    "hi-IN": "Hindi",
    "is-IS": "Icelandic",
    "it-IT": "Italian",
    "ja-JP": "Japanese",
    "ko-KR": "Korean",
    "nb-NO": "Norwegian",
    "nl-NL": "Dutch",
    "pl-PL": "Polish",
    "pt-BR": "Brazilian Portuguese",
    "pt-PT": "Portuguese",
    "ro-RO": "Romanian",
    "ru-RU": "Russian",
    "sv-SE": "Swedish",
    "tr-TR": "Turkish",
}

# Id, display name (where it differs), gender, language, engines, additional languages.
_TABLE: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("Zeina", "", "Female", "arb", "standard", ()),
    ("Hala", "", "Female", "ar-AE", "neural", ()),
    ("Zayd", "", "Male", "ar-AE", "neural", ()),
    ("Zhiyu", "", "Female", "cmn-CN", "standard neural", ()),
    ("Gwyneth", "", "Female", "cy-GB", "standard", ()),
    ("Naja", "", "Female", "da-DK", "standard", ()),
    ("Mads", "", "Male", "da-DK", "standard", ()),
    ("Sofie", "", "Female", "da-DK", "neural", ()),
    ("Hannah", "", "Female", "de-AT", "neural", ()),
    ("Marlene", "", "Female", "de-DE", "standard", ()),
    ("Vicki", "", "Female", "de-DE", "standard neural generative", ()),
    ("Hans", "", "Male", "de-DE", "standard", ()),
    ("Daniel", "", "Male", "de-DE", "neural generative", ()),
    ("Nicole", "", "Female", "en-AU", "standard", ()),
    ("Olivia", "", "Female", "en-AU", "neural generative", ()),
    ("Russell", "", "Male", "en-AU", "standard", ()),
    ("Amy", "", "Female", "en-GB", "standard neural generative", ()),
    ("Emma", "", "Female", "en-GB", "standard neural", ()),
    ("Brian", "", "Male", "en-GB", "standard neural", ()),
    ("Arthur", "", "Male", "en-GB", "neural", ()),
    ("Geraint", "", "Male", "en-GB-WLS", "standard", ()),
    ("Niamh", "", "Female", "en-IE", "neural", ()),
    ("Aditi", "", "Female", "en-IN", "standard", ("hi-IN",)),
    ("Raveena", "", "Female", "en-IN", "standard", ()),
    ("Kajal", "", "Female", "en-IN", "neural generative", ("hi-IN",)),
    ("Aria", "", "Female", "en-NZ", "neural", ()),
    ("Ivy", "", "Female", "en-US", "standard neural", ()),
    ("Joanna", "", "Female", "en-US", "standard neural generative", ()),
    ("Kendra", "", "Female", "en-US", "standard neural", ()),
    ("Kimberly", "", "Female", "en-US", "standard neural", ()),
    ("Salli", "", "Female", "en-US", "standard neural generative", ()),
    ("Danielle", "", "Female", "en-US", "neural long-form generative", ()),
    ("Ruth", "", "Female", "en-US", "neural long-form generative", ()),
    ("Joey", "", "Male", "en-US", "standard neural", ()),
    ("Justin", "", "Male", "en-US", "standard neural", ()),
    ("Kevin", "", "Male", "en-US", "standard neural", ()),
    ("Matthew", "", "Male", "en-US", "standard neural generative", ()),
    ("Gregory", "", "Male", "en-US", "neural long-form", ()),
    ("Stephen", "", "Male", "en-US", "neural generative", ()),
    ("Ayanda", "", "Female", "en-ZA", "neural generative", ()),
    ("Conchita", "", "Female", "es-ES", "standard", ()),
    ("Lucia", "", "Female", "es-ES", "standard neural generative", ()),
    ("Enrique", "", "Male", "es-ES", "standard", ()),
    ("Sergio", "", "Male", "es-ES", "neural generative", ()),
    ("Mia", "", "Female", "es-MX", "standard neural generative", ()),
    ("Andres", "Andrés", "Male", "es-MX", "neural generative", ()),
    ("Lupe", "", "Female", "es-US", "standard neural generative", ()),
    ("Penelope", "Penélope", "Female", "es-US", "standard", ()),
    ("Miguel", "", "Male", "es-US", "standard", ()),
    ("Pedro", "", "Male", "es-US", "neural generative", ()),
    ("Suvi", "", "Female", "fi-FI", "neural", ()),
    ("Chantal", "", "Female", "fr-CA", "standard", ()),
    ("Gabrielle", "", "Female", "fr-CA", "neural generative", ()),
    ("Liam", "", "Male", "fr-CA", "neural", ()),
    ("Celine", "Céline", "Female", "fr-FR", "standard", ()),
    ("Lea", "Léa", "Female", "fr-FR", "standard neural generative", ()),
    ("Mathieu", "", "Male", "fr-FR", "standard", ()),
    ("Remi", "Rémi", "Male", "fr-FR", "neural generative", ()),
    ("Dora", "Dóra", "Female", "is-IS", "standard", ()),
    ("Karl", "", "Male", "is-IS", "standard", ()),
    ("Carla", "", "Female", "it-IT", "standard", ()),
    ("Bianca", "", "Female", "it-IT", "standard neural generative", ()),
    ("Giorgio", "", "Male", "it-IT", "standard", ()),
    ("Adriano", "", "Male", "it-IT", "neural", ()),
    ("Mizuki", "", "Female", "ja-JP", "standard", ()),
    ("Kazuha", "", "Female", "ja-JP", "neural", ()),
    ("Tomoko", "", "Female", "ja-JP", "neural", ()),
    ("Takumi", "", "Male", "ja-JP", "standard neural", ()),
    ("Seoyeon", "", "Female", "ko-KR", "standard neural generative", ()),
    ("Liv", "", "Female", "nb-NO", "standard", ()),
    ("Ida", "", "Female", "nb-NO", "neural", ()),
    ("Lotte", "", "Female", "nl-NL", "standard", ()),
    ("Laura", "", "Female", "nl-NL", "neural", ()),
    ("Ruben", "", "Male", "nl-NL", "standard", ()),
    ("Ewa", "", "Female", "pl-PL", "standard", ()),
    ("Maja", "", "Female", "pl-PL", "standard", ()),
    ("Ola", "", "Female", "pl-PL", "neural", ()),
    ("Jacek", "", "Male", "pl-PL", "standard", ()),
    ("Jan", "", "Male", "pl-PL", "standard", ()),
    ("Camila", "", "Female", "pt-BR", "standard neural", ()),
    ("Vitoria", "Vitória", "Female", "pt-BR", "standard neural", ()),
    ("Ricardo", "", "Male", "pt-BR", "standard", ()),
    ("Thiago", "", "Male", "pt-BR", "neural", ()),
    ("Ines", "Inês", "Female", "pt-PT", "standard neural", ()),
    ("Cristiano", "", "Male", "pt-PT", "standard", ()),
    ("Carmen", "", "Female", "ro-RO", "standard", ()),
    ("Tatyana", "", "Female", "ru-RU", "standard", ()),
    ("Maxim", "", "Male", "ru-RU", "standard", ()),
    ("Astrid", "", "Female", "sv-SE", "standard", ()),
    ("Elin", "", "Female", "sv-SE", "neural", ()),
    ("Filiz", "", "Female", "tr-TR", "standard", ()),
)


def _voice(row: tuple[str, str, str, str, str, tuple[str, ...]]) -> dict[str, Any]:
    voice_id, name, gender, language, engines, additional = row
    voice: dict[str, Any] = {
        "Gender": gender,
        "Id": voice_id,
        "LanguageCode": language,
        "LanguageName": _LANGUAGE_NAMES[language],
        "Name": name or voice_id,
        "SupportedEngines": engines.split(),
    }
    if additional:
        voice["AdditionalLanguageCodes"] = list(additional)
    return voice


VOICES: tuple[dict[str, Any], ...] = tuple(_voice(row) for row in _TABLE)


def describe(
    engine: str | None, language: str | None, include_additional: bool
) -> list[dict[str, Any]]:
    """The voices with ``engine`` that speak ``language`` (as their own, or, with
    ``include_additional``, as one of their additional languages), in the table's order."""
    return [
        voice
        for voice in VOICES
        if (engine is None or engine in voice["SupportedEngines"])
        and (
            language is None
            or voice["LanguageCode"] == language
            or (include_additional and language in voice.get("AdditionalLanguageCodes", ()))
        )
    ]
