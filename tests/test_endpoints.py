"""The URL PollyClient calls equals the one boto3 calls, for every region of every partition in
botocore's data, with each FIPS / dual-stack combination."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.loaders import Loader

from polly_client import PollyClient

KEYS: dict[str, Any] = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}


def _regions() -> list[str]:
    partitions = Loader().load_data("partitions")["partitions"]
    return sorted(region for partition in partitions for region in partition["regions"])


def _called_url(make: Any, region: str, **options: Any) -> str:
    """The URL of the request the client sends (answered locally, never on the network)."""
    try:
        client = make(region_name=region, **KEYS, **options)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    sent: list[str] = []

    def answer(request: Any, **_: Any) -> AWSResponse:
        sent.append(request.url.split("/v1/")[0])
        response: Any = AWSResponse(request.url, 200, {}, None)  # type: ignore[arg-type]
        response._content = b'{"SynthesisTasks": []}'
        return response  # type: ignore[no-any-return]

    handler: Any = answer
    client.meta.events.register("before-send.polly.ListSpeechSynthesisTasks", handler)
    try:
        client.list_speech_synthesis_tasks()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return sent[0]


@pytest.mark.parametrize(
    ("fips", "dualstack"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_every_region_every_variant_matches_boto3(fips: bool, dualstack: bool) -> None:
    config = Config(use_fips_endpoint=fips, use_dualstack_endpoint=dualstack)

    def boto3_client(**kwargs: Any) -> Any:
        return boto3.client("polly", **kwargs)

    mismatches = []
    for region in _regions():
        ours = _called_url(PollyClient, region, config=config)
        theirs = _called_url(boto3_client, region, config=config)
        if ours != theirs:
            mismatches.append((region, ours, theirs))
    assert mismatches == []


def _partition(make: Any, region: str, **options: Any) -> str:
    """``meta.partition``, or the error that building the client or reading it raised."""
    try:
        return str(make(region_name=region, **KEYS, **options).meta.partition)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("endpoint_url", [None, "http://127.0.0.1:1"])
def test_the_partition_is_boto3s_for_every_region_and_variant(endpoint_url: str | None) -> None:
    def boto3_client(**kwargs: Any) -> Any:
        return boto3.client("polly", **kwargs)

    # Regions no partition lists fall to the partition whose pattern they match, or to aws.
    regions = [*_regions(), "cn-south-9", "us-gov-north-7", "xx-nowhere-1"]
    mismatches = []
    for region in regions:
        for fips, dualstack in ((False, False), (True, False), (False, True)):
            config = Config(use_fips_endpoint=fips, use_dualstack_endpoint=dualstack)
            options = {"config": config, "endpoint_url": endpoint_url}
            ours = _partition(PollyClient, region, **options)
            theirs = _partition(boto3_client, region, **options)
            # An older botocore builds a client whose endpoint its rules refuse, and raises at
            # the call what this client raises as it is made (the URL test holds that).
            refused_later = _called_url(boto3_client, region, **options) == ours
            if ours != theirs and not refused_later:
                mismatches.append((region, fips, dualstack, ours, theirs))
    assert mismatches == []


def test_http_and_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    def boto3_client(**kwargs: Any) -> Any:
        return boto3.client("polly", **kwargs)

    for region in ("eu-west-1", "cn-north-1", "us-gov-west-1"):
        assert _called_url(PollyClient, region, use_ssl=False) == _called_url(
            boto3_client, region, use_ssl=False
        )
    monkeypatch.setenv("AWS_USE_FIPS_ENDPOINT", "true")
    assert _called_url(PollyClient, "us-east-1") == _called_url(boto3_client, "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1234")
    assert _called_url(PollyClient, "us-east-1") == "http://127.0.0.1:1234"
    monkeypatch.setenv("AWS_ENDPOINT_URL_POLLY", "http://127.0.0.1:5678")
    assert _called_url(PollyClient, "us-east-1") == _called_url(boto3_client, "us-east-1")
    assert _called_url(PollyClient, "us-east-1") == "http://127.0.0.1:5678"


def test_construction_loads_no_ruleset_for_an_aws_region() -> None:
    from polly_client import endpoints

    endpoints._provider.cache_clear()
    PollyClient(region_name="eu-west-3", **KEYS)
    assert endpoints._provider.cache_info().currsize == 0


def test_profile_endpoint_urls_and_ignoring_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    (tmp_path / "config").write_text(
        "[profile dev]\nregion = eu-west-1\nservices = local\nendpoint_url = http://127.0.0.1:1111\n"
        "[services local]\npolly =\n  endpoint_url = http://127.0.0.1:2222\n"
        "[profile plain]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:3333\n"
    )
    for profile, expected in (("dev", "http://127.0.0.1:2222"), ("plain", "http://127.0.0.1:3333")):
        session = boto3.Session(profile_name=profile, **KEYS)
        ours = PollyClient.from_session(session)
        assert ours.endpoint_url == expected == session.client("polly").meta.endpoint_url
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    session = boto3.Session(profile_name="dev", **KEYS)
    assert (
        PollyClient.from_session(session).endpoint_url
        == (session.client("polly").meta.endpoint_url)
        == "https://polly.eu-west-1.amazonaws.com"
    )
