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
        {**KEYS, "region_name": ""},
        {**KEYS, "region_name": "us-east-1", "api_version": "2016-06-10"},
        {**KEYS, "region_name": "us-east-1", "api_version": "2015-01-01"},
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
        "empty region",
        "api version",
        "unknown api version",
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


def _socket_options(client: Any) -> Any:
    """The socket options each client's botocore HTTP session was given."""
    if isinstance(client, PollyClient):
        return client._transport._session._socket_options  # type: ignore[attr-defined]
    return client._endpoint.http_session._socket_options


def _both_sent(replay: ReplayServer, **kwargs: Any) -> list[dict[str, str]]:
    """The headers of one listing call from each client built with ``kwargs``: polly-client's,
    then boto3's."""
    sent = []
    for make in (PollyClient, lambda **kw: boto3.client("polly", **kw)):
        make(**kwargs).list_speech_synthesis_tasks()
        sent.append(replay.requests[-1].headers)
    return sent


def test_keys_from_the_chain_read_the_rest_of_the_profile_too(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A region given, the keys left to the chain: boto3 reads the profile's other settings
    # from the session the chain uses (the README's quick start builds its client so).
    (tmp_path / "credentials").write_text(
        "[default]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = s\n"
    )
    (tmp_path / "config").write_text(
        f"[default]\nendpoint_url = {replay.url}\nretry_mode = standard\nmax_attempts = 5\n"
        "tcp_keepalive = true\nsdk_ua_app_id = my app/1\n"
    )
    ours, theirs = _both_sent(replay, region_name="eu-west-1")
    assert ours["amz-sdk-request"] == theirs["amz-sdk-request"]  # botocore 1.44: "...; max=5"
    assert "app/my-app-1" in ours["User-Agent"] and "app/my-app-1" in theirs["User-Agent"]
    assert "Credential=AKIAPROFILE/" in ours["Authorization"]
    made = PollyClient(region_name="eu-west-1"), boto3.client("polly", region_name="eu-west-1")
    assert _socket_options(made[0]) == _socket_options(made[1])
    assert len(_socket_options(made[0])) == 2
    retries = [config_option(client.meta.config, "retries") for client in made]
    assert retries[0] == retries[1] and retries[0]["total_max_attempts"] == 5


def test_a_region_from_the_chain_reads_the_rest_of_the_profile_too(tmp_path: Path) -> None:
    # The keys given, the region left to the chain: the same rule as for keys.
    (tmp_path / "config").write_text(
        "[default]\nregion = eu-west-1\nmax_attempts = 7\nretry_mode = adaptive\n"
        "use_fips_endpoint = true\n"
    )
    keys: dict[str, Any] = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
    made = PollyClient(**keys), boto3.client("polly", **keys)
    seen = [
        (
            client.meta.region_name,
            config_option(client.meta.config, "retries"),
            client.meta.endpoint_url,
        )
        for client in made
    ]
    assert seen[0] == seen[1]
    assert seen[0][2] == "https://polly-fips.eu-west-1.amazonaws.com"


@pytest.mark.parametrize(
    "environment",
    [
        {"AWS_MAX_ATTEMPTS": "0"},
        {"AWS_MAX_ATTEMPTS": ""},
        {"AWS_RETRY_MODE": ""},
        {"AWS_RETRY_MODE": "fast"},
        {"AWS_RETRY_MODE": "fast", "AWS_MAX_ATTEMPTS": "0"},
        {"AWS_USE_FIPS_ENDPOINT": " true"},
        {"AWS_USE_FIPS_ENDPOINT": "TRUE"},
    ],
)
def test_settings_from_the_environment_are_read_and_refused_as_boto3_does(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    ours, theirs = _construct_both(**KEYS, region_name="us-east-1")
    assert ours == theirs
    if ours[0] == "ok":
        assert PollyClient(**KEYS, region_name="us-east-1").endpoint_url == (
            boto3.client("polly", **KEYS, region_name="us-east-1").meta.endpoint_url
        )


def test_keep_alive_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOTOCORE_TCP_KEEPALIVE", "true")
    for kwargs in ({**KEYS}, {}):  # without a session, and with the chain's
        ours = PollyClient(region_name="us-east-1", **kwargs)
        theirs = boto3.client("polly", region_name="us-east-1", **kwargs)
        assert _socket_options(ours) == _socket_options(theirs)


def test_the_ca_bundle_comes_from_requests_ca_bundle_last(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A bundle that does not exist: where each client looks for it shows in the error it gives
    # as it starts TLS with the (plain HTTP) server, before anything is sent.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "requests-ca.pem"))
    kwargs: dict[str, Any] = {
        **KEYS,
        "region_name": "us-east-1",
        "endpoint_url": replay.url.replace("http://", "https://"),
        "config": Config(retries={"max_attempts": 0}),
    }
    results = []
    for make in (PollyClient, lambda **kw: boto3.client("polly", **kw)):
        with pytest.raises(Exception) as failed:  # which one is compared below
            make(**kwargs).list_speech_synthesis_tasks()
        results.append((type(failed.value).__name__, str(failed.value)))
    assert results[0] == results[1]
    assert "No such file or directory" in results[0][1]  # not a handshake with the server
    assert replay.requests == []
    monkeypatch.setenv("AWS_CA_BUNDLE", str(tmp_path / "aws-ca.pem"))  # which comes first
    assert PollyClient(**kwargs)._settings.verify == str(tmp_path / "aws-ca.pem")


@pytest.mark.parametrize(
    ("argument", "environment"),
    [("", {}), ("  ", {}), (None, {"AWS_CA_BUNDLE": ""}), (None, {"REQUESTS_CA_BUNDLE": " "})],
)
def test_a_blank_ca_bundle_is_refused_not_taken_for_no_verification(
    argument: str | None, environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import InvalidConfigError

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    kwargs: dict[str, Any] = {**KEYS, "region_name": "us-east-1", "verify": argument}
    with pytest.raises(InvalidConfigError, match="empty or whitespace-only") as refused:
        PollyClient(**kwargs)
    try:
        boto3.client("polly", **kwargs)
    except InvalidConfigError as exc:  # a botocore that checks (1.44) says the same
        assert str(exc) == str(refused.value)


def _sts_or_polly(recorded: Any) -> Any:
    from tests.support import Reply

    if recorded.method == "POST" and b"Action=AssumeRole" in recorded.body:
        return Reply(body=_ASSUMED_ROLE, headers=(("Content-Type", "text/xml"),))
    return Reply()


_ASSUMED_ROLE = (
    b'<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>'
    b"<Credentials><AccessKeyId>AKIASTS</AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
    b"<SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
    b"</Credentials><AssumedRoleUser><AssumedRoleId>AROA:x</AssumedRoleId>"
    b"<Arn>arn:aws:sts::123456789012:assumed-role/r/x</Arn></AssumedRoleUser>"
    b"</AssumeRoleResult></AssumeRoleResponse>"
)


@pytest.mark.parametrize("profile_region", ["", "region = us-west-2\n"])
def test_an_assumed_role_is_asked_for_in_the_clients_region(
    profile_region: str, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # botocore's session makes its STS client in the region of the client being made: a
    # private attribute (adapters.remember_client_region) that this test holds to boto3.
    replay.reply = _sts_or_polly
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", replay.url)
    (tmp_path / "credentials").write_text(
        "[src]\naws_access_key_id = AKIASOURCE\naws_secret_access_key = s\n"
    )
    (tmp_path / "config").write_text(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n"
        + profile_region
    )
    scopes = []
    for make in (PollyClient, lambda **kw: boto3.client("polly", **kw)):
        make(region_name="eu-west-1", endpoint_url=replay.url).list_speech_synthesis_tasks()
        sts, polly = replay.requests[-2:]
        scopes.append((sts.headers["Authorization"].split("/")[2], polly.headers["Authorization"]))
    assert scopes[0][0] == scopes[1][0] == "eu-west-1"
    assert "Credential=AKIASTS/" in scopes[0][1]


def test_credentials_are_resolved_as_the_client_is_made(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from botocore.exceptions import CredentialRetrievalError, NoCredentialsError

    clients = (
        PollyClient(region_name="us-east-1", endpoint_url=replay.url),
        boto3.client("polly", region_name="us-east-1", endpoint_url=replay.url),
    )
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIALATE")  # after both were made
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    for client in clients:
        with pytest.raises(NoCredentialsError):
            client.list_speech_synthesis_tasks()
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    (tmp_path / "config").write_text("[default]\ncredential_process = false\n")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # boto3.client made one, which read it
    raised = []
    for make in (PollyClient, lambda **kw: boto3.client("polly", **kw)):
        with pytest.raises(CredentialRetrievalError) as failed:
            make(region_name="us-east-1")
        raised.append(str(failed.value))
    assert raised[0] == raised[1]


def test_a_sessions_user_agent_extra_and_a_replaced_user_agent(replay: ReplayServer) -> None:
    kwargs: dict[str, Any] = {**KEYS, "region_name": "us-east-1", "endpoint_url": replay.url}
    session = boto3.Session()
    replaced = _config(user_agent="Custom/1.0", user_agent_extra="extra/2", user_agent_appid="a")
    for config in (replaced, _config(user_agent_appid="x y")):
        PollyClient.from_session(session, config=config, **kwargs).list_speech_synthesis_tasks()
        session.client("polly", config=config, **kwargs).list_speech_synthesis_tasks()
        ours, theirs = (request.headers["User-Agent"] for request in replay.requests[-2:])
        if config is replaced:  # botocore's legacy form: the string and the extras only
            assert ours == theirs == f"Custom/1.0 {session._session.user_agent_extra} extra/2"
        else:
            assert ours.split()[-2:] == theirs.split()[-2:]  # app/x-y, then the session's extra


def test_a_user_agent_beyond_ascii_is_sent_as_botocore_sends_it(replay: ReplayServer) -> None:
    # UTF-8, as botocore's endpoint encodes every header; http.client would take a str as
    # Latin-1, and fail on the last two characters.
    kwargs: dict[str, Any] = {**KEYS, "region_name": "us-east-1", "endpoint_url": replay.url}
    config = _config(user_agent_extra="café/ü 東京")
    for client in (
        PollyClient(config=config, **kwargs),
        boto3.client("polly", config=config, **kwargs),
    ):
        client.list_speech_synthesis_tasks()
    ours, theirs = (request.headers["User-Agent"] for request in replay.requests[-2:])
    assert (
        ours.split()[-2:]
        == theirs.split()[-2:]
        == ["café/ü".encode().decode("latin-1"), "東京".encode().decode("latin-1")]
    )


@pytest.mark.parametrize("where", ["config", "environment"])
def test_an_app_id_is_written_and_recorded_as_the_installed_botocore_does(
    where: str, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    appid = "a b/c#d(e)"  # botocore releases differ on "#"
    kwargs: dict[str, Any] = {**KEYS, "region_name": "us-east-1", "endpoint_url": replay.url}
    if where == "config":
        kwargs["config"] = _config(user_agent_appid=appid)
    else:
        monkeypatch.setenv("AWS_SDK_UA_APP_ID", appid)
    seen = []
    for client in (PollyClient(**kwargs), boto3.client("polly", **kwargs)):
        client.list_speech_synthesis_tasks()
        written = [p for p in replay.requests[-1].headers["User-Agent"].split() if "app/" in p]
        seen.append((written, config_option(client.meta.config, "user_agent_appid")))
    assert seen[0] == seen[1]
    assert seen[0][1] == appid and len(seen[0][0]) == 1


@pytest.mark.parametrize("region", ["fips-us-gov-west-1", "us-east-1-fips", "fips-ca-central-1"])
def test_a_fips_pseudo_region_is_read_as_botocore_reads_it(
    region: str, replay: ReplayServer
) -> None:
    seen: list[Any] = []
    for make in (PollyClient, lambda **kw: boto3.client("polly", **kw)):
        meta = make(region_name=region, **KEYS).meta
        fips = config_option(meta.config, "use_fips_endpoint")
        seen.append((meta.region_name, meta.endpoint_url, fips))
        make(region_name=region, endpoint_url=replay.url, **KEYS).list_speech_synthesis_tasks()
        seen.append(replay.requests[-1].headers["Authorization"].split("/")[2])
    assert seen[:2] == seen[2:]
    assert seen[0][2] is True and "fips" not in seen[1]
