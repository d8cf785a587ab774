"""Process-level cache of built applications, so a serving process keeps models and graph loaded.

Filled lazily by the first flow or task that needs an app for a given settings fingerprint;
nothing happens at import time.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from hippograph.core.errors import ConfigError
from hippograph.core.settings import Settings, load_settings, settings_fingerprint
from hippograph.runtime.app import Hippograph

_lock = threading.Lock()
_apps: dict[str, Hippograph] = {}


SECRET_KEYS = frozenset({"password", "api_key"})


def _secret_paths(tree: Any, prefix: str = "") -> list[str]:
    if not isinstance(tree, dict):
        return []
    found = []
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if key in SECRET_KEYS and value is not None:
            found.append(path)
        found += _secret_paths(value, path + ".")
    return found


def settings_from_params(config_file: str | None, overrides: dict[str, Any] | None) -> Settings:
    """Settings for a flow run: its parameters (config file, overrides) over the environment.

    Secrets are refused as parameters: Prefect stores a run's parameters in its database and
    shows them in the UI. They come from the worker's environment (``HIPPOGRAPH_NEO4J__PASSWORD``,
    ``HIPPOGRAPH_LLM__API_KEY``) or the config file instead.
    """
    leaked = _secret_paths(overrides or {})
    if leaked:
        raise ConfigError(
            f"flow parameter overrides must not carry secrets ({', '.join(leaked)}): Prefect stores parameters; "
            "set them in the environment of the process that runs the flow"
        )
    return load_settings(Path(config_file) if config_file else None, **(overrides or {}))


def register(app: Hippograph) -> None:
    with _lock:
        _apps[settings_fingerprint(app.settings)] = app


def get_app(settings: Settings) -> Hippograph:
    key = settings_fingerprint(settings)
    with _lock:
        app = _apps.get(key)
        if app is None:
            app = Hippograph(settings).open()
            _apps[key] = app
        return app


def close_all() -> None:
    with _lock:
        for app in _apps.values():
            app.close()
        _apps.clear()
