"""Where a synthesis task's audio lands: the bucket and key in its ``OutputUri``.

Polly gives the location as an S3 URL in whichever form the bucket's region calls for: path-style
(``https://s3.<region>.amazonaws.com/<bucket>/<key>``, the legacy global and ``s3-<region>``
hosts), virtual-hosted (``https://<bucket>.s3.<region>.amazonaws.com/<key>``), dual-stack, the
China partition's ``amazonaws.com.cn``, or ``s3://<bucket>/<key>``. Keys arrive percent-encoded.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

__all__ = ["S3Location", "parse_s3_uri"]

# "s3", then optionally "-<region>" or ".<region>" (with "dualstack." before it), then the domain.
_S3_HOST = r"s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?"


@functools.cache
def _host_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Path-style and virtual-hosted hosts, compiled on first use: most processes never read an
    OutputUri's bucket, and compiling them is a noticeable part of a cold start."""
    return re.compile(rf"^{_S3_HOST}$"), re.compile(
        rf"^(?P<bucket>[a-z0-9][a-z0-9.-]*?)\.{_S3_HOST}$"
    )


class S3Location(NamedTuple):
    bucket: str
    key: str


def parse_s3_uri(uri: str) -> S3Location:
    """The bucket and (decoded) key of an S3 URL; ValueError for anything that is not one."""
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    if parts.scheme == "s3":
        return _location(uri, host, parts.path.lstrip("/"))
    if parts.scheme in ("http", "https"):
        path_style, virtual_hosted = _host_patterns()
        if path_style.match(host):
            bucket, _, key = parts.path.lstrip("/").partition("/")
            return _location(uri, bucket, key)
        hosted = virtual_hosted.match(host)
        if hosted:
            return _location(uri, hosted["bucket"], parts.path.lstrip("/"))
    raise ValueError(f"not an S3 object URL: {uri!r}")


def _location(uri: str, bucket: str, key: str) -> S3Location:
    if not bucket or not key:
        raise ValueError(f"an S3 URL without a bucket or key: {uri!r}")
    return S3Location(bucket, unquote(key))
