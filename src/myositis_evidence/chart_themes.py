"""Chart colours and the dark theme. Free of Altair, so a build served from the cache never imports it."""

from __future__ import annotations

import copy
import json
from typing import Any

# Okabe M, Ito K. Color Universal Design (2008): distinguishable with the common colour-vision deficiencies.
ARM_COLOURS = {"HIIT": "#0072B2", "CON": "#E69F00"}
NEUTRAL = "#555555"  # text and rules; swapped for DARK_NEUTRAL in the dark theme
DARK_NEUTRAL = "#d0d0d0"
ACCENT = "#0072B2"  # contrast ≥ 3:1 against both the light and the dark page background
GREY_BAR = "#8c8c8c"  # contrast ≥ 3:1 against both backgrounds; carries black text
DARK_TEXT = "#d6d6d6"


def dark_variant(spec: dict[str, Any]) -> dict[str, Any]:
    """The same chart for Material's dark (slate) scheme: light text, axes and rules."""
    dark = json.loads(json.dumps(spec).replace(NEUTRAL, DARK_NEUTRAL))
    config = copy.deepcopy(dark.get("config", {}))
    colours = {"labelColor": DARK_TEXT, "titleColor": DARK_TEXT}
    config["axis"] = {**config.get("axis", {}), **colours, "domainColor": DARK_TEXT, "tickColor": DARK_TEXT}
    config["header"] = {**config.get("header", {}), **colours}
    config["legend"] = {**config.get("legend", {}), **colours}
    config["text"] = {**config.get("text", {}), "color": DARK_TEXT}
    dark["config"] = config
    return dark
