"""Chart colours and the dark theme. Free of Altair, so a build served from the cache never imports it."""

from __future__ import annotations

import copy
import json
from typing import Any

# Okabe M, Ito K. Color Universal Design (2008): distinguishable with the common colour-vision deficiencies.
NEUTRAL = "#555555"  # text and rules; swapped for DARK_NEUTRAL in the dark theme
DARK_NEUTRAL = "#d0d0d0"
ACCENT = "#0072B2"  # contrast ≥ 3:1 against both the light and the dark page background
GREY_BAR = "#8c8c8c"  # contrast ≥ 3:1 against both backgrounds; carries black text
# Okabe–Ito vermillion, not its orange (#E69F00, 2.25:1 on white): beside the blue accent it stays
# distinguishable with the common colour-vision deficiencies, at 3.9:1 on white, 4.2:1 on the dark page and
# 5.4:1 under black text. tests/test_charts.py checks every role colour against both backgrounds.
ORANGE = "#D55E00"
# The colour of a mark by its role, as content files name it: never a study's arm, always what the mark shows.
ROLE_COLOURS = {
    "intervention": ACCENT,
    "comparator": ORANGE,
    "accent": ACCENT,
    "muted": GREY_BAR,
    "attention": ORANGE,
}
DARK_TEXT = "#d6d6d6"
# Risk-of-bias judgements as robvis colours them (McGuinness & Higgins 2021), in Okabe–Ito hues: bluish green,
# yellow and vermillion. Each carries black text at 5:1 or more, and its symbol (+, !, ×) says the same, so
# colour is never needed; a NEUTRAL outline sets the yellow apart from a white page.
ROB_COLOURS = {"low": "#009E73", "some concerns": "#F0E442", "high": "#D55E00"}
ROB_TEXT = "black"


# The static charts ship one SVG, drawn for the light theme; the dark theme recolours it with CSS. Each entry:
# an SVG attribute and the colour the renderer writes for the light spec, and the colour the dark spec
# (dark_variant) gets there instead. #000 and #888 are Vega's own default text and axis-line colours.
# tests/test_charts.py checks the map against a rendering of both specs, and the stylesheet against the map.
DARK_SVG_COLOURS = {
    ("fill", "#000"): DARK_TEXT,
    ("stroke", "#888"): DARK_TEXT,
    ("fill", NEUTRAL): DARK_NEUTRAL,
    ("stroke", NEUTRAL): DARK_NEUTRAL,
}


def dark_svg_css() -> str:
    """The stylesheet rules that turn a light chart SVG into the dark one (kept in docs/assets/evidence.css)."""
    rules = [
        f'  [data-md-color-scheme="slate"] .ev-chart__image svg [{attribute}="{light}"] {{\n'
        f"    {attribute}: {dark};\n  }}"
        for (attribute, light), dark in DARK_SVG_COLOURS.items()
    ]
    return "@media screen {\n" + "\n\n".join(rules) + "\n}\n"


def dark_variant(spec: dict[str, Any]) -> dict[str, Any]:
    """The same chart for Material's dark (slate) scheme: light text, axes and rules."""
    dark = json.loads(json.dumps(spec).replace(NEUTRAL, DARK_NEUTRAL))
    config = copy.deepcopy(dark.get("config", {}))
    colours = {"labelColor": DARK_TEXT, "titleColor": DARK_TEXT}
    config["axis"] = {**config.get("axis", {}), **colours, "domainColor": DARK_TEXT, "tickColor": DARK_TEXT}
    config["header"] = {**config.get("header", {}), **colours}
    config["legend"] = {**config.get("legend", {}), **colours}
    config["text"] = {**config.get("text", {}), "color": DARK_TEXT}
    config["title"] = {**config.get("title", {}), "color": DARK_TEXT, "subtitleColor": DARK_TEXT}
    dark["config"] = config
    return dark
