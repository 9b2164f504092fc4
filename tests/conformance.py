"""Where the public conformance data lives: ``../shared/conformance`` beside the checkout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "shared" / "conformance"


def conformance_dir(name: str) -> Path:
    path = ROOT / name
    if not path.is_dir():
        raise FileNotFoundError(
            f"public conformance data missing: expected {path} (shared/ beside the checkout)"
        )
    return path
