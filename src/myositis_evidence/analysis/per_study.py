"""Per-study analyses: derived values, tables and charts, registered under each study's id."""

from __future__ import annotations

from myositis_evidence.analysis import appraisal, hiit_2025, ivig_2003, overview

ANALYSES = {"hiit-2025": hiit_2025.register, "ivig-2003": ivig_2003.register}
CROSS_STUDY = (overview.register, appraisal.register, overview.register_catalogues)
register_dictionary = overview.register_dictionary
