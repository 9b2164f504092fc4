"""Everything polly-client writes down that botocore's Polly model also says, checked against the
installed botocore, so that a new botocore release shows up as a failure naming what to add,
not as silent drift. (Error classes are not written down: they are made from the model.)"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest

from polly_client import errors, models
from polly_client.model import SERVICE_NAME, service_model
from polly_client.operations import OPERATIONS, Operation
from tests.support import ReplayServer, Reply

MODEL: Any = botocore.session.get_session().get_service_model(SERVICE_NAME)
LISTING: Any = MODEL.operation_model("ListSpeechSynthesisTasks")
ENUMS = ("TaskStatus", "Engine", "OutputFormat", "TextType", "SpeechMarkType", "VoiceId", "Gender")
# The botocore whose model the enums were last brought up to date with. On an older botocore the
# enums may hold values its model does not have yet; from this one on, every value must be the
# model's (which catches typos).
ENUMS_WRITTEN_AGAINST = (1, 44, 8)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3])


@pytest.mark.parametrize("name", [*ENUMS, "LanguageCode"])
def test_every_enum_value_of_the_model_is_a_member(name: str) -> None:
    ours = {member.value for member in getattr(models, name)}
    theirs = set(MODEL.shape_for(name).enum)
    missing = sorted(theirs - ours)
    assert not missing, (
        f"botocore {botocore.__version__}'s Polly model has {name} values that "
        f"polly_client.enums.{name} lacks (they still parse, as unknown values): {missing}"
    )
    if _version(botocore.__version__) >= ENUMS_WRITTEN_AGAINST:
        assert ours <= theirs, f"{name} members not in the model: {sorted(ours - theirs)}"


def test_the_model_is_the_one_botocore_loads() -> None:
    def names(model: Any) -> list[str]:
        return [shape.name for shape in model.error_shapes]

    assert names(service_model()) == names(MODEL)
    assert service_model().operation_names == MODEL.operation_names


def test_a_synthesis_task_has_the_models_members() -> None:
    ours = [key for _, key in models._TASK_KEYS]
    theirs = list(MODEL.shape_for("SynthesisTask").members)
    assert sorted(ours) == sorted(theirs), (
        f"SynthesisTask in botocore {botocore.__version__}: added {sorted({*theirs} - {*ours})}, "
        f"removed {sorted({*ours} - {*theirs})}; polly_client.models.SynthesisTask and "
        "polly_client.parse._task follow it"
    )
    member = MODEL.shape_for("SynthesisTask").members
    for key, kind in (("SpeechMarkTypes", "SpeechMarkType"), ("Engine", "Engine")):
        shape = member[key].member if key == "SpeechMarkTypes" else member[key]
        assert shape.name == kind


def test_the_typed_results_read_the_models_members() -> None:
    """polly_client.results reads members by name: each must be the model's (from the botocore
    the enums were written against on; an older model lacks the newer members, which then stay
    None), and every output member of a typed operation has its typed attribute."""
    from polly_client import results

    newest = _version(botocore.__version__) >= ENUMS_WRITTEN_AGAINST
    structures = {
        "Voice": results._read_voice,
        "LexiconAttributes": results._read_attributes,
        "Lexicon": results._read_lexicon,
        "LexiconDescription": results._read_description,
    }
    for shape_name, structure in structures.items():
        theirs = set(MODEL.shape_for(shape_name).members)
        ours = set(structure.members)
        assert ours <= theirs or not newest, f"{shape_name}: not in the model {ours - theirs}"
        # Only Voice's nested structures (voice creation data, encryption) stay dict-only.
        assert theirs - ours <= {"VoiceCreationData", "CustomerManagedEncryption"}, shape_name
    for operation_name in ("DescribeVoices", "ListLexicons", "GetLexicon", "SynthesizeSpeech"):
        kind = results.typed_result(operation_name)
        assert kind is not None
        output = set(MODEL.operation_model(operation_name).output_shape.members)
        assert set(kind._members) == output, operation_name
    for operation_name in ("PutLexicon", "DeleteLexicon"):
        assert results.typed_result(operation_name) is results.ModelResponse
        assert not MODEL.operation_model(operation_name).output_shape.members


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=lambda op: op.name)
def test_each_operation_is_the_models(operation: Operation) -> None:
    model = MODEL.operation_model(operation.name)
    http = model.http
    assert (http["method"], http["requestUri"]) == (operation.http_method, operation.path)
    members = model.input_shape.members
    assert list(operation.checks) == list(members), (
        f"{operation.name}'s members in {botocore.__version__}"
    )
    assert list(operation.required) == list(model.input_shape.required_members)
    for name, shape in members.items():
        location = shape.serialization.get("location")
        if name in operation.query:
            assert (location, shape.serialization.get("name")) == ("querystring", name)
        elif f"{{{name}}}" in operation.path:
            assert location == "uri"
        else:
            assert location is None, f"{name} travels in the body"


REQUEST_TYPES = {
    "ListSpeechSynthesisTasks": models.ListSpeechSynthesisTasksRequest,
    "StartSpeechSynthesisTask": models.StartSpeechSynthesisTaskRequest,
    "GetSpeechSynthesisTask": models.GetSpeechSynthesisTaskRequest,
}


@pytest.mark.parametrize("name", REQUEST_TYPES)
def test_the_typed_keyword_arguments_are_the_models(name: str) -> None:
    shape = MODEL.operation_model(name).input_shape
    typed = REQUEST_TYPES[name]
    assert set(typed.__annotations__) == set(shape.members)
    assert typed.__required_keys__ == set(shape.required_members)  # type: ignore[attr-defined]


def test_the_listings_checks_are_the_models() -> None:
    members = LISTING.input_shape.members
    assert members["MaxResults"].metadata.get("min") == 1
    assert MODEL.shape_for("TaskStatus") is not None
    assert members["Status"].name == "TaskStatus"
    assert set(LISTING.output_shape.members) == {"SynthesisTasks", "NextToken"}
    for name in ("StartSpeechSynthesisTask", "GetSpeechSynthesisTask"):
        output = MODEL.operation_model(name).output_shape
        assert list(output.members) == ["SynthesisTask"]
        assert output.members["SynthesisTask"].name == "SynthesisTask"


def test_the_paginators_are_the_models() -> None:
    model = botocore.session.get_session().get_paginator_model(SERVICE_NAME)
    for operation in OPERATIONS.values():
        if operation.paging is None:
            with pytest.raises(ValueError):
                model.get_paginator(operation.name)
        else:
            assert model.get_paginator(operation.name) == operation.paging._asdict()


def test_every_operation_has_boto3s_method_name() -> None:
    from botocore import xform_name

    for method_name, operation in OPERATIONS.items():
        assert method_name == operation.method_name == xform_name(operation.name)
        assert operation.name in MODEL.operation_names


def test_the_typed_error_classes_are_the_listings_documented_errors() -> None:
    documented = {shape.name for shape in LISTING.error_shapes}
    typed = {"InvalidNextTokenException", "ServiceFailureException"}
    assert typed <= documented
    for name in typed:
        assert getattr(errors, name) is errors.exception_named(name)


def _model_with_one_more_error(data_path: Path) -> None:
    """A copy of the installed Polly model, on a data path, with an error shape no botocore has."""
    source = Path(botocore.__file__).parent / "data" / SERVICE_NAME / "2016-06-10"
    with gzip.open(source / "service-2.json.gz") as compressed:
        document = json.load(compressed)
    document["shapes"]["TeapotException"] = {
        "type": "structure",
        "members": {"message": {"shape": "ErrorMessage"}, "spout": {"shape": "ErrorMessage"}},
        "error": {"httpStatusCode": 418},
        "exception": True,
    }
    target = data_path / SERVICE_NAME / "2016-06-10"
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(document))


CHILD = """
import json, sys
import boto3
import polly_client
from polly_client import PollyClient
from tests.support import outcome

kwargs = dict(region_name="us-east-1", endpoint_url=sys.argv[1], aws_access_key_id="a",
              aws_secret_access_key="b", config=__import__("botocore.config").config.Config(
              retries={"max_attempts": 0}))
ours, theirs = PollyClient(**kwargs), boto3.client("polly", **kwargs)
assert ours.exceptions.TeapotException is polly_client.TeapotException
assert "TeapotException" in dir(polly_client) and "TeapotException" in dir(ours.exceptions)
mine = outcome(ours.list_speech_synthesis_tasks)
boto = outcome(theirs.list_speech_synthesis_tasks)
assert mine == boto, (mine, boto)
print(json.dumps([mine[0], mine[1][0]["spout"]]))
"""


def test_an_error_shape_a_newer_model_adds_works_without_a_code_change(
    tmp_path: Path, replay: ReplayServer
) -> None:
    _model_with_one_more_error(tmp_path)
    replay.reply = Reply(
        418,
        b'{"message": "short and stout", "spout": "here"}',
        (("x-amzn-ErrorType", "TeapotException"),),
    )
    env = {**os.environ, "AWS_DATA_PATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, replay.url],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["TeapotException", "here"]


def test_without_the_data_path_the_new_shape_is_a_plain_client_error() -> None:
    assert errors.error_class("TeapotException") is errors.ClientError
    with pytest.raises(AttributeError):
        errors.exception_named("TeapotException")
    assert set(errors.error_names()) <= set(dir(errors))
