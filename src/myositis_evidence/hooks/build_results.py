"""A build's results, loaded only as far as the build needs them.

Every build needs a summary of the results: how many there are, the studies' citations and the downloads.
Only a page expanded anew (not found in the expansion memo, pages/expansion_memo.py) needs the dataset and the
registry, and loading those means importing the data models and their validation library. So the summary is
cached apart from them under the same input key (results/cache.py), and the dataset and registry are loaded,
or computed, on first use. On a cache miss both are computed at once: the summary is made from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from myositis_evidence.charts.svg import ChartImages
from myositis_evidence.dataset.references import StudyReference
from myositis_evidence.errors import EvidenceError
from myositis_evidence.project import Project
from myositis_evidence.results.cache import load_or_compute
from myositis_evidence.results.model import Chart, Registry

if TYPE_CHECKING:
    from myositis_evidence.dataset.dataset import Dataset


@dataclass(frozen=True)
class ResultsSummary:
    """What every build needs of its results: their number, each study's citation and the downloads."""

    count: int
    references: dict[str, StudyReference]
    downloads: dict[str, str]


class BuildResults:
    """One input key's results: the summary at once, the dataset and registry when first asked for."""

    def __init__(self, project: Project, key: str, images: ChartImages) -> None:
        self.project, self.key, self.images = project, key, images
        self._loaded: tuple[Dataset, Registry] | None = None
        self.summary: ResultsSummary = load_or_compute(
            key, project.cache_dir, self._summarise, folder="results-summary"
        )

    @property
    def dataset(self) -> Dataset:
        return self.load()[0]

    @property
    def registry(self) -> Registry:
        return self.load()[1]

    def load(self) -> tuple[Dataset, Registry]:
        """The dataset and registry from the cache, else computed; the charts not yet drawn go to the worker."""
        if self._loaded is None:
            self._loaded = load_or_compute(self.key, self.project.cache_dir, self._compute)
            self.draw_missing()
        return self._loaded

    def draw_missing(self) -> None:
        """Send the render worker every chart whose drawing is not in the disk cache, even when the results were
        loaded by an earlier build (`mkdocs serve` keeps them while their inputs are unchanged, and the cache
        may have been cleared since)."""
        registry = self.load()[1]
        self.images.prerender(result for result in registry if isinstance(result, Chart))

    def _summarise(self) -> ResultsSummary:
        from myositis_evidence.site.downloads import all_files  # heavy: the results' formatting

        dataset, registry = self.load()
        return ResultsSummary(len(registry), dataset.references, all_files(registry, dataset.studies))

    def _compute(self) -> tuple[Dataset, Registry]:
        """On a cache miss: read and validate data/ and run the analysis. The render worker starts first, so
        its engine warms up meanwhile, and draws each chart as the analysis registers it."""
        from myositis_evidence.dataset.dataset import load_dataset  # heavy: the data models

        self.images.worker.start()
        try:
            dataset = load_dataset(self.project.data_dir)
        except EvidenceError:
            self.images.worker.close_input()  # nothing to draw: the worker ends at once
            raise
        from myositis_evidence.analysis.build import build_registry  # heavy: pandas, scipy, Altair

        return dataset, build_registry(dataset, on_chart=self.images.send)
