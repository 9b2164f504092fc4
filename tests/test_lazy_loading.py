"""What a listing read as boto3's dicts never needs is loaded on first use: the enumerations
(polly_client.enums), the waiter and ``client.meta``'s module; every place they were importable
from still gives the same objects, and type hints that name them still resolve."""

from __future__ import annotations

import subprocess
import sys
import typing
from importlib import import_module
from typing import Any

import pytest

import polly_client
import polly_client.enums
import polly_client.models

_NAMES = [name for name in polly_client.enums.__all__ if name != "OpenEnum"]

# A call over recorded bytes in a fresh interpreter; prints which of the lazy modules were loaded
# after the import, after the call read as boto3's dicts, and after the typed view was read.
_PROGRAM = """
import sys
import polly_client
from polly_client.http import HttpResponse

body = (b'{"SynthesisTasks": [{"TaskId": "a", "Engine": "neural", "VoiceId": "Joanna",'
        b' "TaskStatus": "completed", "CreationTime": 1700000000.5}]}')

class Recorded:
    def send(self, request):
        return HttpResponse(200, {"content-type": "application/json"}, body)

    def close(self):
        pass

def loaded():
    lazy = ("enums", "waiting", "meta")
    return ",".join(name for name in lazy if f"polly_client.{name}" in sys.modules) or "-"

client = polly_client.PollyClient(
    region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b",
    transport=Recorded(),
)
seen = [loaded()]
page = client.list_speech_synthesis_tasks()
assert page["SynthesisTasks"][0]["VoiceId"] == "Joanna"
seen.append(loaded())
(task,) = page.synthesis_tasks
assert task.voice_id is polly_client.VoiceId.JOANNA, task.voice_id
assert task.engine is polly_client.Engine.NEURAL, task.engine
seen.append(loaded())
print(*seen)
"""


def test_a_listing_read_as_dicts_loads_none_of_them() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["-", "-", "enums"]


@pytest.mark.parametrize("name", _NAMES)
def test_each_enum_is_the_same_class_wherever_it_is_imported_from(name: str) -> None:
    defined = getattr(polly_client.enums, name)
    assert getattr(polly_client, name) is defined
    assert getattr(polly_client.models, name) is defined
    assert name in dir(polly_client)


def test_open_enum_stays_out_of_the_package_namespace_and_unknown_names_still_fail() -> None:
    assert polly_client.models.OpenEnum is polly_client.enums.OpenEnum
    with pytest.raises(AttributeError, match="OpenEnum"):
        _ = polly_client.OpenEnum  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match=r"'polly_client\.models' has no attribute 'Voice'"):
        _ = polly_client.models.Voice  # type: ignore[attr-defined]
    assert not hasattr(polly_client.models, "__path__")  # a module, not a package


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("SynthesisTaskFailedError", "waiting"),
        ("SynthesisTaskTimeoutError", "waiting"),
    ],
)
def test_the_packages_lazy_names_are_their_modules_own(name: str, module: str) -> None:
    assert getattr(polly_client, name) is getattr(import_module(f"polly_client.{module}"), name)
    assert name in dir(polly_client) and name in polly_client.__all__


def test_the_typed_tasks_hints_resolve_as_pydantic_and_cattrs_resolve_them() -> None:
    hints = typing.get_type_hints(polly_client.SynthesisTask)
    assert hints["engine"] == polly_client.Engine | None
    assert hints["speech_mark_types"] == tuple[polly_client.SpeechMarkType, ...] | None
    prop: Any = polly_client.SynthesisTask.output_location  # a property, to mypy a method
    location = typing.get_type_hints(prop.fget)
    assert location["return"] == polly_client.S3Location | None


def test_a_submodule_imported_from_the_package_loads_nothing_else() -> None:
    code = (
        "import sys, polly_client\n"
        "from polly_client import waiting\n"
        "print(*(name in sys.modules for name in ('polly_client.enums', 'botocore.model')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_a_lazy_name_once_found_is_the_modules_own_attribute() -> None:
    assert polly_client.VoiceId is polly_client.enums.VoiceId
    assert vars(polly_client)["VoiceId"] is polly_client.enums.VoiceId
    assert polly_client.models.Engine is polly_client.enums.Engine
    assert vars(polly_client.models)["Engine"] is polly_client.enums.Engine
    assert {"Engine", "Gender", "VoiceId"} <= set(dir(polly_client.models))
