"""Command line: `check` validates data and pages without building; `results` lists every result id;
`release` publishes a tagged version with mike; `verify-release` checks a version on the remote's gh-pages;
`anchors` checks or records the published anchors;
`check-site` checks a built site without the build hook (shortcodes, placeholders, scripts, policy, footer).

Every command works on the project in the current folder (the one holding mkdocs.yml) unless told otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from myositis_evidence.dataset.dataset import Dataset, load_dataset
from myositis_evidence.dataset.languages import page_language
from myositis_evidence.dataset.yaml_source import read_text
from myositis_evidence.errors import EvidenceError
from myositis_evidence.pages.shortcodes import PageContext, expand
from myositis_evidence.pages.sources import is_plain_language
from myositis_evidence.project import Project
from myositis_evidence.results.model import Chart, Registry
from myositis_evidence.site.anchors import load_aliases, load_published, missing_links, update_published
from myositis_evidence.site.check_site import check_site
from myositis_evidence.site.csp import theme_template_dirs
from myositis_evidence.site.release import release, verify_published


def check(data_dir: Path, docs_dir: Path) -> int:
    """Validate every data file and expand every page's shortcodes (charts are not rendered)."""
    dataset = load_dataset(data_dir)
    registry = _analyse(dataset)
    pages = expand_pages(docs_dir, registry, dataset)
    print(f"ok: {len(registry)} results, {len(dataset.studies)} studies, {len(pages)} pages")
    return 0


def expand_pages(docs_dir: Path, registry: Registry, dataset: Dataset) -> dict[str, str]:
    """Expand every page under docs_dir; return each page's Markdown by its path as messages show it.

    Raises an EvidenceError (ShortcodeError, or DataError for a page that is not UTF-8) on the first problem.
    """
    expanded = {}
    for page in sorted(docs_dir.rglob("*.md")):
        name = f"docs/{page.relative_to(docs_dir).as_posix()}"
        source = read_text(page)
        context = PageContext(
            name,
            registry,
            dataset,
            _no_svg,
            language=page_language(name),
            plain_language=is_plain_language(source),
        )
        expanded[name] = expand(source, context)
    return expanded


def _analyse(dataset: Dataset) -> Registry:
    """The results; the analysis (pandas, scipy, Altair) is imported only by the commands that need it."""
    from myositis_evidence.analysis.build import build_registry

    return build_registry(dataset)


def _no_svg(chart: Chart) -> str:
    return "<svg></svg>"


def list_results(data_dir: Path) -> int:
    registry = _analyse(load_dataset(data_dir))
    for result in registry:
        print(f"{result.id}\t{type(result).__name__}\t{getattr(result, 'kind', '')}")
    return 0


def _folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"'{text}' is not a folder")
    return path


def publish_release(version: str, push: bool) -> int:
    released = release(version, push=push, repo=Path.cwd())
    changes = released.changes
    compared = (
        f"{len(changes.changes)} result(s) changed since {changes.since}"
        if changes.since
        else "first release"
    )
    where = "pushed" if released.pushed else "committed to the local gh-pages (not pushed)"
    print(f"released {released.version} ({compared}); latest points to {released.latest}; {where}")
    return 0


def check_published(version: str) -> int:
    """Print every problem of a published version on origin's gh-pages as one line; 1 if there is any."""
    problems = verify_published(Path.cwd(), version)
    for problem in problems:
        print(f"published: {problem}")
    if not problems:
        print(f"ok: {version} is published whole, its manifest matches every file, and latest is the highest")
    return 1 if problems else 0


def record_anchors(site_dir: Path, update: bool, project: Project) -> int:
    """Report (or, with --update, record) the pages and anchors of a built site as published."""
    if update:
        published = update_published(site_dir, project.published_anchors)
        print(f"recorded {sum(map(len, published.values()))} anchors on {len(published)} pages")
        return 0
    published = load_published(project.published_anchors)
    missing = missing_links(site_dir, published, {}, load_aliases(project.anchor_aliases))
    for item in missing:
        print(f"missing: {item}")
    return 1 if missing else 0


def check_built_site(site_dir: Path, project: Project | None) -> int:
    """Print every problem in a built site as one line, "path: problem"; 1 if there is any.

    With a project, also its published pages and anchors, and its own scripts as mkdocs.yml lists them.
    """
    overrides = (project.root if project is not None else Path.cwd()) / "overrides"
    problems = check_site(site_dir, theme_template_dirs(overrides), project)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _parser() -> argparse.ArgumentParser:
    project = Project(Path.cwd())
    parser = argparse.ArgumentParser(prog="myositis-evidence", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate data and pages without building"), ("results", "list result ids")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--data", type=_folder, default=project.data_dir, help="data folder (data/)")
        command.add_argument("--docs", type=_folder, default=project.docs_dir, help="pages folder (docs/)")
    publish = commands.add_parser("release", help="publish the tagged commit as VERSION with mike")
    publish.add_argument("version", help="X.Y; HEAD must carry the tag vX.Y")
    publish.add_argument("--push", action="store_true", help="push gh-pages after deploying")
    verify = commands.add_parser("verify-release", help="check a published version on origin's gh-pages")
    verify.add_argument("version", help="X.Y")
    anchors = commands.add_parser("anchors", help="check or record published pages and anchors")
    anchors.add_argument("site", type=_folder, help="a built site folder")
    anchors.add_argument(
        "--update", action="store_true", help="add this build's anchors to the published ones"
    )
    site = commands.add_parser("check-site", help="check a built site, independently of the build hook")
    site.add_argument("site", type=_folder, help="a built site folder")
    site.add_argument(
        "--project",
        type=_project,
        default=Project(Path.cwd()) if (Path.cwd() / "mkdocs.yml").is_file() else None,
        help="the project folder (holding mkdocs.yml) whose published pages and anchors the site must serve; "
        "by default the current folder, when it holds mkdocs.yml",
    )
    return parser


def _project(text: str) -> Project:
    if not (Path(text) / "mkdocs.yml").is_file():
        raise argparse.ArgumentTypeError(f"'{text}' holds no mkdocs.yml")
    return Project(Path(text).resolve())


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "check":
            return check(arguments.data, arguments.docs)
        if arguments.command == "results":
            return list_results(arguments.data)
        if arguments.command == "release":
            return publish_release(arguments.version, arguments.push)
        if arguments.command == "verify-release":
            return check_published(arguments.version)
        if arguments.command == "check-site":
            return check_built_site(arguments.site, arguments.project)
        return record_anchors(arguments.site, arguments.update, Project(Path.cwd()))
    except EvidenceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
