"""mypy --strict catches what mypy-boto3 catches: tests/typing_samples/good.py (boto3-style code,
and mypy-boto3-polly's TypedDicts taking a to_dict()) passes, and every deliberate mistake in
bad.py is reported at its line with its code."""

from __future__ import annotations

import re
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import get_args

import pytest

from polly_client import models, type_defs

SAMPLES = Path(__file__).parent / "typing_samples"
ROOT = Path(__file__).parent.parent


def _mypy(path: Path) -> subprocess.CompletedProcess[str]:
    # The venv's own mypy, from the checkout so that pyproject.toml's settings apply.
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )


def test_the_good_sample_passes() -> None:
    done = _mypy(SAMPLES / "good.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_mistake_in_the_bad_sample_is_reported_at_its_line() -> None:
    text = (SAMPLES / "bad.py").read_text()
    expected = {
        (number, match.group(1))
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := re.search(r"# expect: ([\w-]+)", line))
    }
    assert len(expected) >= 8
    done = _mypy(SAMPLES / "bad.py")
    reported = {
        (int(match.group(1)), match.group(2))
        for match in re.finditer(r"bad\.py:(\d+): error: .*\[([\w-]+)\]$", done.stdout, re.M)
    }
    assert reported == expected, done.stdout


@pytest.mark.parametrize(
    ("literal", "enum"),
    [
        (type_defs.EngineType, models.Engine),
        (type_defs.LanguageCodeType, models.LanguageCode),
        (type_defs.OutputFormatType, models.OutputFormat),
        (type_defs.SpeechMarkTypeType, models.SpeechMarkType),
        (type_defs.TaskStatusType, models.TaskStatus),
        (type_defs.TextTypeType, models.TextType),
        (type_defs.VoiceIdType, models.VoiceId),
    ],
)
def test_the_literal_types_are_the_enums_values(literal: object, enum: type[Enum]) -> None:
    # The enums are held to the model by test_model_drift; the Literals to the enums here.
    assert get_args(literal) == tuple(member.value for member in enum)
