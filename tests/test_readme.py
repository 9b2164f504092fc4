"""Every ```python block of README.md runs, in order and in one namespace as a reader would run
them, against a local endpoint: a broken example fails here. A block that cannot run here is
marked by an HTML comment on the line before it, ``<!-- not run: why -->``."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from polly_client.local import LocalPolly

README = Path(__file__).parent.parent / "README.md"
_BLOCK = re.compile(r"^( *)```python\n(.*?)^\1```", re.M | re.S)
_NOT_RUN = re.compile(r"<!-- not run: (.*) -->")


def _blocks() -> list[tuple[int, str, str | None]]:
    """Each block's line, its code and, if marked, why it is not run."""
    text = README.read_text()
    found = []
    for match in _BLOCK.finditer(text):
        preceding = text[: match.start()].rstrip().splitlines()
        marker = _NOT_RUN.fullmatch(preceding[-1].strip()) if preceding else None
        line = text.count("\n", 0, match.start()) + 1
        found.append((line, textwrap.dedent(match.group(2)), marker and marker.group(1)))
    return found


def test_markers_say_why() -> None:
    blocks = _blocks()
    assert len(blocks) >= 5
    for line, _, reason in blocks:
        assert reason is None or reason.strip(), f"README.md:{line}: a reason is needed"
    # A marker anywhere but right before a block would be a mistake.
    markers = [ln for ln in README.read_text().splitlines() if _NOT_RUN.fullmatch(ln.strip())]
    assert len(markers) == sum(reason is not None for *_, reason in blocks)


def test_the_examples_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The quick start's region and the credential chain lead to the local endpoint; the
    # migration example's profile exists (conftest points the config files into tmp_path).
    with LocalPolly(region="eu-west-1", lifetime=300) as polly:
        polly.seed(50)
        keys = polly.client_kwargs()
        monkeypatch.setenv("AWS_ENDPOINT_URL", polly.url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", keys["aws_access_key_id"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", keys["aws_secret_access_key"])
        (tmp_path / "config").write_text("[profile dev]\nregion = eu-west-1\n")
        namespace: dict[str, Any] = {"__name__": "readme"}
        for line, code, reason in _blocks():
            if reason is not None:
                continue
            before = set(namespace)
            try:
                exec(compile(code, f"README.md:{line}", "exec"), namespace)
                _run_defined_tests(namespace, before)
            except Exception as exc:
                pytest.fail(f"the example at README.md:{line} failed: {exc!r}")
    assert capsys.readouterr().out  # the examples print what they found


def _run_defined_tests(namespace: dict[str, Any], before: set[str]) -> None:
    """A block showing a test using the ``local_polly`` fixture is run with one."""
    for name in sorted(set(namespace) - before):
        test: Callable[..., None] = namespace[name]
        if name.startswith("test_") and callable(test):
            with LocalPolly() as local_polly:
                test(local_polly)
