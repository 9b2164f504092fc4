"""Region, credentials, endpoint and session handling, compared with boto3's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from polly_client import PollyClient
from polly_client.settings import config_option
from tests.support import ReplayServer

KEYS: dict[str, Any] = {
    "aws_access_key_id": "AKIDEXAMPLE",
    "aws_secret_access_key": "secret-example-key",
}


def _construct_both(**kwargs: Any) -> list[tuple[str, str]]:
    results = []
    for make in (PollyClient, lambda **kw: boto3.client("polly", **kw)):
        try:
            client = make(**kwargs)
        except Exception as exc:
            results.append((type(exc).__name__, str(exc)))
        else:
            results.append(
                ("ok", client.meta.region_name if hasattr(client, "meta") else client.region_name)
            )
    return results


@pytest.mark.parametrize(
    "kwargs",
    [
        KEYS,
        {**KEYS, "region_name": "us east"},
        {**KEYS, "region_name": "eu-west-1"},
        {**KEYS, "config": Config(region_name="ap-south-1")},
        {**KEYS, "region_name": "eu-west-1", "config": Config(region_name="ap-south-1")},
        {"aws_access_key_id": "only-the-key", "region_name": "us-east-1"},
        {"aws_secret_access_key": "only-the-secret", "region_name": "us-east-1"},
        {**KEYS, "region_name": "us-east-1", "endpoint_url": "not a url"},
    ],
    ids=[
        "no region",
        "bad region",
        "region",
        "config region",
        "argument beats config",
        "partial key",
        "partial secret",
        "bad endpoint",
    ],
)
def test_construction_matches_boto3(kwargs: dict[str, Any]) -> None:
    ours, theirs = _construct_both(**kwargs)
    assert ours == theirs


def test_region_from_the_environment_and_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    assert PollyClient(**KEYS).region_name == "eu-central-1"
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    (tmp_path / "config").write_text("[profile dev]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_PROFILE", "dev")
    assert PollyClient(**KEYS).region_name == "sa-east-1"
    assert PollyClient(**KEYS).endpoint_url == "https://polly.sa-east-1.amazonaws.com"


def _authorization(replay: ReplayServer) -> str:
    return replay.requests[-1].headers.get("Authorization", "")


def test_credentials_from_env_profile_and_session(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    PollyClient(region_name="us-east-1", endpoint_url=replay.url).list_speech_synthesis_tasks()
    assert "Credential=AKIAENVIRONMENT/" in _authorization(replay)

    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    (tmp_path / "credentials").write_text(
        "[dev]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = s\n"
        "aws_session_token = profile-token\n"
    )
    (tmp_path / "config").write_text("[profile dev]\nregion = eu-west-2\n")
    session = boto3.Session(profile_name="dev")
    client = PollyClient.from_session(session, endpoint_url=replay.url)
    assert client.region_name == "eu-west-2"
    client.list_speech_synthesis_tasks()
    assert "Credential=AKIAPROFILE/" in _authorization(replay)
    assert "/eu-west-2/polly/aws4_request" in _authorization(replay)
    assert replay.requests[-1].headers["X-Amz-Security-Token"] == "profile-token"

    botocore_session = session._session
    PollyClient.from_session(
        botocore_session, endpoint_url=replay.url
    ).list_speech_synthesis_tasks()
    assert "Credential=AKIAPROFILE/" in _authorization(replay)


def test_no_credentials_fails_at_the_call_like_boto3(replay: ReplayServer) -> None:
    from botocore.exceptions import NoCredentialsError

    ours = PollyClient(region_name="us-east-1", endpoint_url=replay.url)
    theirs = boto3.client("polly", region_name="us-east-1", endpoint_url=replay.url)
    for client in (ours, theirs):
        with pytest.raises(NoCredentialsError):
            client.list_speech_synthesis_tasks()
    assert replay.requests == []


def test_unsigned_requests_carry_no_authorization(replay: ReplayServer) -> None:
    client = PollyClient(
        region_name="us-east-1", endpoint_url=replay.url, config=Config(signature_version=UNSIGNED)
    )
    client.list_speech_synthesis_tasks()
    assert "Authorization" not in replay.requests[0].headers


def test_other_signature_versions_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match="SigV4"):
        PollyClient(region_name="us-east-1", config=Config(signature_version="s3"), **KEYS)


def test_default_endpoint_and_use_ssl() -> None:
    assert PollyClient(region_name="eu-west-1", **KEYS).endpoint_url == (
        "https://polly.eu-west-1.amazonaws.com"
    )
    assert PollyClient(region_name="eu-west-1", use_ssl=False, **KEYS).endpoint_url == (
        "http://polly.eu-west-1.amazonaws.com"
    )


def test_user_agent_names_the_client_and_honours_extra(replay: ReplayServer) -> None:
    client = PollyClient(
        region_name="us-east-1",
        endpoint_url=replay.url,
        config=Config(user_agent_extra="myapp/1.0", user_agent_appid="billing"),  # type: ignore[call-arg]
        **KEYS,
    )
    client.list_speech_synthesis_tasks()
    agent = replay.requests[0].headers["User-Agent"]
    assert agent.startswith("polly-client/") and "myapp/1.0" in agent and "app/billing" in agent


def test_repr_shows_no_secrets() -> None:
    client = PollyClient(region_name="us-east-1", aws_session_token="tok-secret", **KEYS)
    text = repr(client) + repr(vars(client)) if hasattr(client, "__dict__") else repr(client)
    for secret in ("secret-example-key", "tok-secret"):
        assert secret not in text
    keys = client._settings.credentials.get()
    assert keys is not None and keys.access_key == KEYS["aws_access_key_id"]
    for secret in ("secret-example-key", "tok-secret"):
        assert secret not in repr(keys)


def test_a_call_with_explicit_keys_loads_nothing_it_does_not_use(replay: ReplayServer) -> None:
    # The chain's module brings the config parser and subprocess machinery: a cold start with
    # keys in hand has no use for them (from_session and the chain still load it, as boto3).
    # botocore.config (with the endpoint and model modules behind it) is only for a given
    # Config, and botocore.parsers only for a malformed response.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from polly_client import PollyClient\n"
        f"c = PollyClient(region_name='us-east-1', endpoint_url={replay.url!r},\n"
        "                 aws_access_key_id='AKID', aws_secret_access_key='secret')\n"
        "c.list_speech_synthesis_tasks()\n"
        "print(sorted(m for m in ('botocore.credentials', 'configparser', 'subprocess',\n"
        "                          'botocore.config', 'botocore.parsers', 'uuid')\n"
        "             if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (
        replay.requests[0].headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKID/")
    )


def test_without_a_config_every_option_is_botocores_default() -> None:
    defaults = Config()
    for name in Config.OPTION_DEFAULTS:
        assert config_option(None, name) == getattr(defaults, name), name


_META_CONFIG_OPTIONS = (
    "region_name",
    "signature_version",
    "retries",
    "connect_timeout",
    "read_timeout",
    "max_pool_connections",
    "proxies",
    "client_cert",
    "inject_host_prefix",
    "tcp_keepalive",
    "user_agent_extra",
    "user_agent_appid",
    "parameter_validation",
    "proxies_config",
    "client_context_params",
    "sigv4a_signing_region_set",
    "auth_scheme_preference",
    "use_fips_endpoint",
    "use_dualstack_endpoint",
)


def _config(**options: Any) -> Config:
    """A Config of the options the installed botocore knows: the oldest declared lacks some."""
    return Config(
        **{name: value for name, value in options.items() if name in Config.OPTION_DEFAULTS}
    )


@pytest.mark.parametrize(
    ("config", "environment"),
    [
        (None, {}),
        (None, {"AWS_RETRY_MODE": "adaptive", "AWS_MAX_ATTEMPTS": "7"}),
        (
            _config(
                region_name="ap-south-1",
                retries={"max_attempts": 2, "mode": "legacy"},
                read_timeout=5,
                max_pool_connections=3,
                tcp_keepalive=True,
                user_agent_extra="extra",
                user_agent_appid="app",
                parameter_validation=False,
                proxies={"https": "http://proxy.example:3128"},
            ),
            {},
        ),
        (Config(signature_version=UNSIGNED, retries={"total_max_attempts": 4}), {}),
        (
            _config(
                use_fips_endpoint=True,
                proxies_config={"proxy_use_forwarding_for_https": True},
                client_context_params={"key": "value"},
                sigv4a_signing_region_set="*",
                auth_scheme_preference="sigv4",
            ),
            {},
        ),
        (None, {"AWS_USE_DUALSTACK_ENDPOINT": "true", "AWS_USE_FIPS_ENDPOINT": "false"}),
    ],
    ids=["defaults", "environment", "given config", "unsigned", "fips and more", "dualstack"],
)
def test_meta_config_matches_boto3(
    config: Config | None, environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    kwargs: dict[str, Any] = {**KEYS, "region_name": "eu-west-1", "config": config}
    mine = PollyClient(**kwargs).meta.config
    theirs = boto3.client("polly", **kwargs).meta.config
    assert isinstance(mine, Config)
    assert {name: getattr(mine, name, None) for name in _META_CONFIG_OPTIONS} == {
        name: getattr(theirs, name, None) for name in _META_CONFIG_OPTIONS
    }
    # What the client sends, as boto3's is what boto3 sends.
    assert config_option(mine, "user_agent").startswith("polly-client/")


def test_a_defaults_mode_config_still_has_a_connect_timeout() -> None:
    # botocore's Config leaves it None for smart defaults, which this client does not apply.
    config = Config(defaults_mode="in-region")  # type: ignore[arg-type]  # the stubs say bool
    assert vars(config)["connect_timeout"] is None
    assert config_option(config, "connect_timeout") == 60
