"""The URL a client calls when no ``endpoint_url`` is given."""

from __future__ import annotations

__all__ = ["default_endpoint"]


def default_endpoint(region_name: str, use_ssl: bool = True) -> str:
    # The aws partition's pattern; other partitions, FIPS and dual-stack belong here too.
    scheme = "https" if use_ssl else "http"
    return f"{scheme}://polly.{region_name}.amazonaws.com"
