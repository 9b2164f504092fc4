"""The URL a client calls when no ``endpoint_url`` is given: botocore's own rules engine over
Polly's endpoint ruleset and botocore's partition data, as boto3 resolves it. Plain regions of
the aws partition skip the engine (its answer there is this template); the ruleset is loaded
only for the rest, once."""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["default_endpoint", "partition"]


@functools.cache
def _aws_region() -> re.Pattern[str]:
    """The aws partition's region names, compiled on first use: a client given its
    ``endpoint_url`` never asks."""
    return re.compile(r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$")


def default_endpoint(
    region_name: str, use_ssl: bool = True, *, fips: bool = False, dualstack: bool = False
) -> str:
    if not fips and not dualstack and _aws_region().match(region_name):
        url = _template(region_name)
    else:
        url = _resolve(region_name, fips, dualstack)
    # The rules only speak https; botocore swaps the scheme for use_ssl=False.
    return url if use_ssl else "http://" + url.removeprefix("https://")


def is_template(url: str, region_name: str) -> bool:
    """Whether ``url`` is the aws partition's template for a region of its own pattern: a
    valid host for any region botocore's name check has passed (letters, digits, hyphens)."""
    return url.endswith(_template(region_name)[len("https") :]) and bool(
        _aws_region().match(region_name)
    )


def _template(region_name: str) -> str:
    return f"https://polly.{region_name}.amazonaws.com"


def _resolve(region_name: str, fips: bool, dualstack: bool) -> str:
    """Raises botocore's EndpointVariantError or EndpointResolutionError where boto3 does: its
    older endpoints.json resolver vets the FIPS / dual-stack variant first, then the rules."""
    if fips or dualstack:
        _variants().construct_endpoint(
            "polly", region_name, use_dualstack_endpoint=dualstack, use_fips_endpoint=fips
        )
    result = _provider().resolve_endpoint(Region=region_name, UseFIPS=fips, UseDualStack=dualstack)
    url: str = result.url
    return url


def partition(region_name: str, *, fips: bool, dualstack: bool) -> str | None:
    """The partition boto3's client records (``client.meta.partition``): its endpoints.json
    resolver's answer for the region and variant, else the aws partition it falls back to
    (botocore's ClientEndpointBridge.resolve), else None, where boto3 assumes an endpoint.
    Raises EndpointVariantError for a variant the region's partition lacks, as boto3 does."""
    variant = {"use_dualstack_endpoint": dualstack, "use_fips_endpoint": fips}
    resolved = _variants().construct_endpoint("polly", region_name, **variant)
    if not resolved:
        resolved = _variants().construct_endpoint(
            "polly", region_name, partition_name="aws", **variant
        )
    return resolved.get("partition") if resolved else None


@functools.cache
def _variants() -> Any:
    from botocore.loaders import Loader
    from botocore.regions import EndpointResolver

    return EndpointResolver(Loader().load_data("endpoints"))


@functools.cache
def _provider() -> Any:
    from botocore.endpoint_provider import EndpointProvider
    from botocore.loaders import Loader

    loader = Loader()
    return EndpointProvider(
        ruleset_data=loader.load_service_model("polly", "endpoint-rule-set-1"),
        partition_data=loader.load_data("partitions"),
    )
