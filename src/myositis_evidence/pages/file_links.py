"""Where a page's links to published files point: tables and charts as CSV and Vega-Lite specs, each study's
dataset. The files themselves are written by site/downloads.py."""

from __future__ import annotations

import html

DOWNLOADS = "downloads"


def table_path(table_id: str) -> str:
    return f"{DOWNLOADS}/tables/{table_id}.csv"


def chart_paths(chart_id: str) -> dict[str, str]:
    """Where a chart's data and its light and dark Vega-Lite specs are published."""
    base = f"{DOWNLOADS}/charts/{chart_id}"
    return {"csv": f"{base}.csv", "spec": f"{base}.vl.json", "spec_dark": f"{base}.dark.vl.json"}


def dataset_paths(study_id: str) -> dict[str, str]:
    base = f"{DOWNLOADS}/{study_id}"
    return {"csv": f"{base}/numbers.csv", "json": f"{base}/results.json"}


def render_dataset_links(study_id: str, site_root: str) -> str:
    """HTML links to a study's dataset, the data dictionary and the data package descriptor."""
    paths = dataset_paths(study_id)
    links = (
        (paths["csv"], "Reported numbers with their quotes (CSV)"),
        (paths["json"], "Every number, reported and derived, with provenance (JSON)"),
        (table_path("data.dictionary"), "Data dictionary (CSV)"),
        (f"{DOWNLOADS}/datapackage.json", "Frictionless Data Package descriptor (JSON)"),
    )
    items = "".join(
        f'<li><a href="{html.escape(site_root + path)}" download>{label}</a></li>' for path, label in links
    )
    return f'<ul class="ev-downloads">{items}</ul>'
