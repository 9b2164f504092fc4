"""Where a client's region, credentials, endpoint and options come from: the arguments first, then
botocore's own resolution chain, in the order boto3 applies them.

A botocore session is only created when something has to be looked up, because importing and
building one costs more than the rest of a cold start together. Where boto3 is imported and has
set up its default session, that session is used, as ``boto3.client`` uses it: its profile and
region give what the arguments leave out. Likewise ``botocore.config`` is
only imported when a ``Config`` is given (or ``client.meta`` is read): it pulls in botocore's
endpoint, model and checksum modules, a few milliseconds of a cold start.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import botocore
from botocore.exceptions import (
    InvalidMaxRetryAttemptsError,
    InvalidRetryModeError,
    NoRegionError,
    PartialCredentialsError,
)

from polly_client._version import __version__
from polly_client.adapters import remember_client_region
from polly_client.endpoints import default_endpoint, is_template

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.credentials import Credentials
    from botocore.session import Session

__all__ = ["CredentialSource", "Settings", "StaticKeys", "config_option", "resolve_settings"]

_SIGV4 = ("v4", None)
_log = logging.getLogger(__name__)

# botocore.config.Config's defaults for the options that have one (the others default to None);
# tests/test_settings.py holds them to Config's own.
CONFIG_DEFAULTS: Mapping[str, object] = {
    "connect_timeout": 60,
    "read_timeout": 60,
    "max_pool_connections": 10,
    "parameter_validation": True,
    "inject_host_prefix": True,
}


# What botocore's ClientArgsCreator copies from a given Config into client.meta.config, but for
# retries (normalised here from the resolved mode and budget) and the options it resolves for
# other services (checksums, request compression, account-ID endpoints, S3).
_COPIED = (
    "connect_timeout",
    "read_timeout",
    "max_pool_connections",
    "proxies",
    "proxies_config",
    "client_cert",
    "inject_host_prefix",
    "tcp_keepalive",
    "user_agent_extra",
    "user_agent_appid",
    "client_context_params",
    "sigv4a_signing_region_set",
    "auth_scheme_preference",
)


def config_option(config: Config | None, name: str) -> Any:
    """A ``botocore.config.Config`` value, or botocore's default where no Config was given or it
    leaves the option None (a Config's attributes are dynamic, hence ``Any``)."""
    value = getattr(config, name, None)
    # A Config with a defaults_mode leaves connect_timeout None for botocore's smart defaults,
    # which this client does not apply: botocore's legacy default stands rather than no limit.
    return CONFIG_DEFAULTS.get(name) if value is None else value


class Settings(NamedTuple):
    """What a client resolved at construction (a named tuple, not a dataclass: immutable alike
    and cheaper to create at import)."""

    region_name: str
    endpoint_url: str
    config: Config | None
    verify: bool | str
    user_agent: str
    credentials: CredentialSource
    parameter_validation: bool
    retry_mode: str
    total_max_attempts: int | None
    use_fips_endpoint: bool
    use_dualstack_endpoint: bool
    tcp_keepalive: bool
    user_agent_appid: str | None

    def config_option(self, name: str) -> Any:
        return config_option(self.config, name)

    def client_config(self) -> Config:
        """``client.meta.config`` as botocore builds it: a new Config of the resolved region,
        signature version, user agent and retries, with the options botocore copies from the
        given Config (others, such as ``parameter_validation``, it leaves out)."""
        from botocore import UNSIGNED
        from botocore.config import Config

        config = self.config
        # Only the options this botocore knows: an older one lacks some of the newer ones.
        options: dict[str, Any] = (
            {}
            if config is None
            else {
                name: config_option(config, name)
                for name in _COPIED
                if name in config.OPTION_DEFAULTS
            }
        )
        retries: dict[str, Any] = {"mode": self.retry_mode}
        if self.total_max_attempts is not None:
            retries["total_max_attempts"] = self.total_max_attempts
        # botocore records only the variants in use, as True.
        if self.use_fips_endpoint:
            options["use_fips_endpoint"] = True
        if self.use_dualstack_endpoint:
            options["use_dualstack_endpoint"] = True
        if "user_agent_appid" in Config.OPTION_DEFAULTS:
            options["user_agent_appid"] = self.user_agent_appid
        options.update(
            region_name=self.region_name,
            signature_version="v4" if self.credentials.signed else UNSIGNED,
            user_agent=self.user_agent,
            retries=retries,
        )
        return Config(**options)


class StaticKeys:
    """Keys passed to the client, with what botocore's signer reads of credentials. Not
    botocore's ``Credentials``: importing that module brings the config-file parser and
    subprocess machinery of the provider chain, which explicit keys never use."""

    __slots__ = ("access_key", "secret_key", "token")

    def __init__(self, access_key: str, secret_key: str, token: str | None) -> None:
        self.access_key = access_key
        self.secret_key = secret_key
        self.token = token

    def get_frozen_credentials(self) -> StaticKeys:
        return self  # never refreshed

    def __repr__(self) -> str:
        return "StaticKeys(...)"


class CredentialSource:
    """Explicit credentials, or botocore's provider chain asked once, on the first call."""

    def __init__(self, explicit: StaticKeys | None, session: Session | None, signed: bool) -> None:
        self._credentials: Credentials | StaticKeys | None = explicit
        self._session = session
        self._signed = signed
        self._resolved = explicit is not None or not signed
        self._lock = threading.Lock()

    @property
    def signed(self) -> bool:
        return self._signed

    @property
    def may_block(self) -> bool:
        """Whether getting the keys may read files or the network: true for botocore's chain
        (with or without a session given), whose credentials can also refresh themselves; false
        for keys given to the client."""
        return not isinstance(self._credentials, StaticKeys) and self._signed

    def get(self) -> Credentials | StaticKeys | None:
        if not self._resolved:
            with self._lock:
                if not self._resolved:
                    session = self._session if self._session is not None else _new_session()
                    self._credentials = session.get_credentials()
                    self._resolved = True
        return self._credentials

    def __repr__(self) -> str:
        return "CredentialSource(...)"


def _new_session() -> Session:
    from botocore.session import Session

    return Session()


def _boto3_default_session() -> Session | None:
    """The botocore session inside ``boto3.DEFAULT_SESSION``, where boto3 is in use and has one:
    ``boto3.client`` resolves through it (``boto3.setup_default_session``'s profile and region).
    boto3 is looked for, never imported: it is not a dependency, and costs a cold start."""
    boto3 = sys.modules.get("boto3")
    default = getattr(boto3, "DEFAULT_SESSION", None)
    found: Session | None = getattr(default, "_session", None)  # boto3.Session wraps botocore's
    return found


def resolve_settings(
    *,
    region_name: str | None,
    endpoint_url: str | None,
    use_ssl: bool,
    verify: bool | str | None,
    aws_access_key_id: str | None,
    aws_secret_access_key: str | None,
    aws_session_token: str | None,
    config: Config | None,
    session: Session | None,
) -> Settings:
    if session is None:
        session = _boto3_default_session()
    if session is not None:
        default_config = session.get_default_client_config()
        if default_config is not None:
            config = default_config if config is None else default_config.merge(config)
    signed = _check_signature_version(config)
    keys_from_chain = signed and aws_access_key_id is None and aws_secret_access_key is None
    region_from_chain = region_name is None and config_option(config, "region_name") is None
    if session is None and (keys_from_chain or region_from_chain):
        # The chain reads the profile: the rest of it (retries, endpoint, CA bundle, FIPS, ...)
        # is read from the same session, as boto3 does.
        session = _new_session()

    region_name = _region(region_name, config, session)
    if session is not None:
        remember_client_region(session, region_name)
    region_name, pseudo_fips = _fips_pseudo_region(region_name)
    explicit = _explicit_credentials(aws_access_key_id, aws_secret_access_key, aws_session_token)
    retry_mode, total_max_attempts = _retries(config, session)
    fips = pseudo_fips or _flag(config, "use_fips_endpoint", session)
    dualstack = _flag(config, "use_dualstack_endpoint", session)
    appid = config_option(config, "user_agent_appid")
    if appid is None:
        appid = _variable("user_agent_appid", session)
    return Settings(
        region_name=region_name,
        endpoint_url=_endpoint_url(
            endpoint_url, region_name, use_ssl, config, session, fips=fips, dualstack=dualstack
        ),
        config=config,
        verify=_verify(verify, session),
        user_agent=_user_agent(config, session, appid),
        credentials=CredentialSource(explicit, session, signed),
        parameter_validation=config_option(config, "parameter_validation") is not False,
        retry_mode=retry_mode,
        total_max_attempts=total_max_attempts,
        use_fips_endpoint=fips,
        use_dualstack_endpoint=dualstack,
        tcp_keepalive=_keepalive(config, session),
        user_agent_appid=appid,
    )


def _keepalive(config: Config | None, session: Session | None) -> bool:
    """The Config's ``tcp_keepalive``, else botocore's setting (BOTOCORE_TCP_KEEPALIVE or the
    profile's); an older botocore, without that setting, read the profile's alone."""
    if _flag(config, "tcp_keepalive", session):
        return True
    if session is None or config_option(config, "tcp_keepalive") is not None:
        return False
    from botocore.utils import ensure_boolean

    return bool(ensure_boolean(session.get_scoped_config().get("tcp_keepalive", False)))


def _region(region_name: str | None, config: Config | None, session: Session | None) -> str:
    if region_name is None:
        region_name = config_option(config, "region_name")
    if region_name is None:
        region_name = session.get_config_variable("region") if session is not None else None
    if region_name is None:
        raise NoRegionError()
    from botocore.utils import validate_region_name

    validate_region_name(region_name)
    return region_name


def _fips_pseudo_region(region_name: str) -> tuple[str, bool]:
    """botocore's reading of a FIPS pseudo-region (``fips-us-gov-west-1``, ``us-east-1-fips``):
    the region without the marker, and FIPS endpoints whatever else says otherwise."""
    plain = region_name.replace("fips-", "").replace("-fips", "")
    if plain == region_name:
        return region_name, False
    _log.warning(
        "transforming region from %s to %s and setting use_fips_endpoint to true. client "
        "should not be configured with a fips psuedo region.",
        region_name,
        plain,
    )
    return plain, True


def _retries(config: Config | None, session: Session | None) -> tuple[str, int | None]:
    """Mode and attempt budget as botocore computes them: the Config first (``max_attempts``
    counts retries, ``total_max_attempts`` attempts; a Config checked them when it was made),
    then AWS_RETRY_MODE / AWS_MAX_ATTEMPTS (and the profile's retry_mode / max_attempts when a
    session exists), checked as botocore checks them, else botocore's defaults."""
    retries: dict[str, Any] = dict(config_option(config, "retries") or {})
    total = retries.get("total_max_attempts")
    if total is None and "max_attempts" in retries:
        total = int(retries["max_attempts"]) + 1
    if total is None:
        total = _variable("max_attempts", session)  # int(): "" raises ValueError, as in boto3
        if total is not None and total < 1:
            raise InvalidMaxRetryAttemptsError(provided_max_attempts=total, min_value=1)
    mode = retries.get("mode")
    if mode is None:
        mode = _variable("retry_mode", session)
        if mode not in _RETRY_MODES:
            raise InvalidRetryModeError(provided_retry_mode=mode, valid_modes=_RETRY_MODES)
    return str(mode), total


_RETRY_MODES = ("legacy", "standard", "adaptive")


def _variable(name: str, session: Session | None) -> Any:
    """A botocore session variable: from the session (environment, then profile), else from the
    environment variable botocore names for it, converted as botocore converts it, else its
    default (which changes between releases: retry_mode became "standard" in 1.44); None for a
    variable this botocore does not know."""
    if session is not None:
        return session.get_config_variable(name)
    from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES

    known = BOTOCORE_DEFAUT_SESSION_VARIABLES.get(name)
    if known is None:
        return None
    _, env_names, default, convert = known
    for env in [env_names] if isinstance(env_names, str) else env_names or ():
        value = os.environ.get(env)
        if value is not None:  # set but empty is a value, as botocore reads it
            return value if convert is None else convert(value)
    return default


def _check_signature_version(config: Config | None) -> bool:
    from botocore import UNSIGNED

    version = config_option(config, "signature_version")
    if version is UNSIGNED:
        return False
    if version not in _SIGV4:
        raise ValueError(
            f"signature_version {version!r} is not supported: Polly signs with "
            "SigV4, so use 'v4' (the default) or botocore.UNSIGNED"
        )
    return True


def _verify(verify: bool | str | None, session: Session | None) -> bool | str:
    """botocore's order: the argument, the ca_bundle setting (AWS_CA_BUNDLE, or the profile's
    when a session exists), REQUESTS_CA_BUNDLE, else verification with the default bundle. A
    blank path is refused, as botocore 1.44 refuses it: an older one passed it on to urllib3,
    which took it for no verification at all."""
    if verify is None:
        verify = _variable("ca_bundle", session)
    if verify is None:
        verify = os.environ.get("REQUESTS_CA_BUNDLE")
    if verify is None:
        return True
    if isinstance(verify, str) and not verify.strip():
        from botocore.exceptions import InvalidConfigError

        raise InvalidConfigError(
            error_msg="Invalid CA bundle: the configured value (ca_bundle, AWS_CA_BUNDLE, "
            "REQUESTS_CA_BUNDLE, or verify) resolved to an empty or whitespace-only string. "
            "Provide a valid path to a CA bundle file."
        )
    return verify


def _explicit_credentials(
    access_key: str | None, secret_key: str | None, token: str | None
) -> StaticKeys | None:
    if access_key is not None and secret_key is not None:
        return StaticKeys(access_key, secret_key, token)
    if access_key is not None or secret_key is not None:
        missing = "aws_secret_access_key" if secret_key is None else "aws_access_key_id"
        raise PartialCredentialsError(provider="explicit", cred_var=missing)
    return None


def _endpoint_url(
    endpoint_url: str | None,
    region_name: str,
    use_ssl: bool,
    config: Config | None,
    session: Session | None,
    *,
    fips: bool,
    dualstack: bool,
) -> str:
    if endpoint_url is None:
        endpoint_url = _configured_endpoint_url(config, session)
    if endpoint_url is None:
        # Checked too, as boto3 checks it (an empty region makes a host with an empty label),
        # unless it is the template of the aws partition's regions, which is a valid host.
        endpoint_url = default_endpoint(region_name, use_ssl, fips=fips, dualstack=dualstack)
        if is_template(endpoint_url, region_name):
            return endpoint_url
    from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

    if not (is_valid_endpoint_url(endpoint_url) or is_valid_ipv6_endpoint_url(endpoint_url)):
        raise ValueError(f"Invalid endpoint: {endpoint_url}")
    return endpoint_url


def _configured_endpoint_url(config: Config | None, session: Session | None) -> str | None:
    """botocore's order: AWS_ENDPOINT_URL_POLLY, AWS_ENDPOINT_URL, then (with a session) the
    profile's ``services`` section for polly and its own ``endpoint_url``; none of them when
    ``ignore_configured_endpoint_urls`` is set (Config, environment or profile)."""
    if _flag(config, "ignore_configured_endpoint_urls", session):
        return None
    found = os.environ.get("AWS_ENDPOINT_URL_POLLY") or os.environ.get("AWS_ENDPOINT_URL")
    if found or session is None:
        return found or None
    profile: dict[str, Any] = session.get_scoped_config()
    services = session.full_config.get("services", {}).get(profile.get("services", ""), {})
    from_services: str | None = services.get("polly", {}).get("endpoint_url")
    return from_services or profile.get("endpoint_url") or None


def _flag(config: Config | None, name: str, session: Session | None) -> bool:
    """A boolean option: the Config, else the session (env and profile) or the environment,
    read as botocore's ``ensure_boolean`` reads it."""
    from botocore.utils import ensure_boolean

    value = config_option(config, name)
    if value is None:
        value = _variable(name, session)
    return bool(ensure_boolean(value))


def _user_agent(config: Config | None, session: Session | None, appid: str | None) -> str:
    """botocore's User-Agent with this client's product token, in botocore's order: the app id
    (the Config's, AWS_SDK_UA_APP_ID or the profile's ``sdk_ua_app_id``, its characters made
    safe as botocore makes them), then the session's and the Config's ``user_agent_extra``. A
    Config's ``user_agent`` replaces all but the extras (botocore's legacy form)."""
    extras = [getattr(session, "user_agent_extra", None), config_option(config, "user_agent_extra")]
    override = config_option(config, "user_agent")
    if override:
        return _joined(override, *extras)
    return _joined(
        f"polly-client/{__version__} md/Botocore#{botocore.__version__} ua/2.1 "
        f"os/{platform.system().lower()}#{platform.release()} "
        f"lang/python#{platform.python_version()} md/pyimpl#{platform.python_implementation()}",
        _app_token(appid) if appid else None,
        *extras,
    )


def _app_token(appid: str) -> str:
    """The ``app/...`` token the installed botocore writes for an app id: releases differ in
    which characters they keep (newer ones keep ``#``), so botocore's own User-Agent says."""
    from botocore.config import Config
    from botocore.useragent import UserAgentString

    option: dict[str, Any] = {"user_agent_appid": appid}  # botocore's stubs lack the option
    written = UserAgentString.from_environment().with_client_config(Config(**option))
    return next(part for part in written.to_string().split() if part.startswith("app/"))


def _joined(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)
