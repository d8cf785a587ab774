"""Process-level cache of built applications, so a serving process keeps models and graph loaded.

Filled lazily by the first flow or task that needs an app for a given settings fingerprint;
nothing happens at import time.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from core.settings import Settings, load_settings, settings_fingerprint
from runtime.app import Hippograph

_lock = threading.Lock()
_apps: dict[str, Hippograph] = {}


def settings_from_params(config_file: str | None, overrides: dict[str, Any] | None) -> Settings:
    """Settings for a flow run: its parameters (config file, overrides) over the environment."""
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
