"""Expand `<!-- md:kind id -->` shortcodes in Markdown. Engine-agnostic: Markdown in, Markdown out.

Code blocks and inline code are left alone. An unknown kind or id, or a malformed or unclosed shortcode,
raises ShortcodeError naming the page, the line and the nearest valid names.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from myositis_evidence.charts.vega_bundle import VEGA_BUNDLE
from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.languages import DEFAULT_LANGUAGE
from myositis_evidence.dataset.plain_language import Wording
from myositis_evidence.errors import ShortcodeError
from myositis_evidence.pages.certainty_wording import (
    certainty_statement,
    claim_for,
    find_outcome,
    wording_for,
)
from myositis_evidence.pages.citations import render_citation, render_quote
from myositis_evidence.pages.file_links import chart_paths, render_dataset_links, table_path
from myositis_evidence.pages.note_wording import voice_for
from myositis_evidence.pages.result_html import (
    NOTES_HEADING,
    BoxWording,
    ChartAssets,
    PageNotes,
    render_box_notes,
    render_chart,
    render_notes,
    render_number,
    render_table,
)
from myositis_evidence.pages.shortcode_syntax import OPENING, SHORTCODE
from myositis_evidence.pages.stash import Stash
from myositis_evidence.results.grammar import said_by_next_number, said_by_text
from myositis_evidence.results.model import Chart, Interval, Registry, Table, Value, unknown_id_message

# Any indentation: a fence inside an admonition or a list item is indented, and a shortcode there is code
# (reading an indented code line as a fence only leaves a shortcode unexpanded, which stops the build).
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
CLOSING_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
# Comments that were meant as shortcodes but are not ("<!-- md value x -->", "<!--md :table x-->"), and the
# stash tokens the build uses internally: either would ship as a gap or a stray copy of other HTML.
NEAR_MISS = re.compile(r"<!--\s*m\s*d\b(?!:[\w-])|<!--\s*m\s*d\s+:", re.I)
RESERVED_TOKEN = re.compile(r"EVSTASH\d+X")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
BLOCK_KINDS = ("table", "chart", "quote", "downloads")
# A plain-language section's "Where this comes from" box, written as HTML on its own lines in the page.
SOURCES_BOX = re.compile(r"""^\s*<details\b[^>]*\bclass=["'](?:[^"']*\s)?ev-sources(?:\s[^"']*)?["']""")
BOX_END = re.compile(r"^\s*</details>\s*$")


@dataclass
class PageContext:
    """What a page's shortcodes can draw on, and the notes they collect."""

    page: str
    registry: Registry
    dataset: Dataset
    render_svg: Callable[[Chart], str]
    site_root: str | None = None  # relative address of the site root; None when no files are published
    language: str = DEFAULT_LANGUAGE  # "ja" for Japanese pages: labels and certainty phrases follow it
    notes: PageNotes = field(default_factory=PageNotes)
    # With a stash, rendered HTML is set aside behind a token and put back after the Markdown conversion,
    # so the Markdown engine never parses (slowly) the large HTML that tables, charts and notes produce.
    stash: Stash | None = None
    line_offset: int = 0  # lines before the Markdown that the engine removed (front matter), for messages
    # A plain-language page (front matter `plain_language: true`): numbers carry no note marker, and each
    # section's "Where this comes from" box lists the notes of the numbers shown since the box before it.
    plain_language: bool = False
    shown: set[str] = field(default_factory=set)  # the tables and charts shown so far, each once a page

    def __post_init__(self) -> None:
        self.notes.voice = voice_for(self.dataset, self.language)
        self.notes.registry = self.registry
        self.notes.in_boxes = self.plain_language

    @property
    def studies(self) -> dict:
        return self.dataset.studies

    def keep(self, html: str) -> str:
        return html if self.stash is None else self.stash.keep(html)


ShortcodeRenderer = Callable[[str, PageContext], str]


def _value(result_id: str, context: PageContext) -> str:
    return render_number(_number(result_id, context), context.notes, note_label=_note_label(context))


def _bare_number(result_id: str, context: PageContext) -> str:
    return render_number(
        _number(result_id, context), context.notes, with_unit=False, note_label=_note_label(context)
    )


def _rounded(result_id: str, context: PageContext) -> str:
    """A value as a lay reader needs it: the size of a change, to the whole number ("52%" for −52.4%)."""
    result = _number(result_id, context)
    if not isinstance(result, Value):
        raise LookupError(f"'{result_id}' is an interval; md:rounded shows single values only")
    text = f"{abs(round(result.value)):d}" + ("%" if result.unit == "percent" else "")
    return render_number(result, context.notes, text=text, note_label=_note_label(context))


def _certainty(certainty_id: str, context: PageContext) -> str:
    """A finding in the words GRADE guidance 26 gives for its computed certainty ("HIIT may improve …")."""
    data, outcome = find_outcome(certainty_id, context.studies)
    wording = wording_for(context.dataset, context.language)
    claim = claim_for(context.dataset, data, outcome)
    statement = certainty_statement(claim, outcome.certainty, wording, context.language)
    return _certainty_span(statement, outcome.certainty, wording)


def _certainty_level(certainty_id: str, context: PageContext) -> str:
    """The computed certainty of one outcome as a word ("low", "非常に低い")."""
    _, outcome = find_outcome(certainty_id, context.studies)
    wording = wording_for(context.dataset, context.language)
    return _certainty_span(wording.levels[outcome.certainty], outcome.certainty, wording)


def _certainty_span(text: str, certainty: int, wording: Wording) -> str:
    title = html.escape(wording.certainty_title.format(level=wording.levels[certainty]), quote=True)
    return f'<span class="ev-certainty ev-certainty--{certainty}" title="{title}">{html.escape(text)}</span>'


def _note_label(context: PageContext) -> str:
    return _wording(context).note_label


def _wording(context: PageContext) -> Wording:
    return wording_for(context.dataset, context.language)


def _table(result_id: str, context: PageContext) -> str:
    table = _typed(result_id, context, Table)
    download = "" if context.site_root is None else context.site_root + table_path(table.id)
    return render_table(table, context.registry, context.notes, download=download)


def _chart(result_id: str, context: PageContext) -> str:
    chart = _typed(result_id, context, Chart)
    assets = ChartAssets(context.render_svg(chart))
    if context.site_root is not None:
        paths = {key: context.site_root + path for key, path in chart_paths(chart.id).items()}
        assets = ChartAssets(
            assets.svg, paths["csv"], paths["spec"], paths["spec_dark"], context.site_root + VEGA_BUNDLE
        )
    return render_chart(chart, assets, context.registry, context.notes)


def _quote(quote_id: str, context: PageContext) -> str:
    """A verbatim quote; on a page in another language its source is named in that language."""
    if context.language == DEFAULT_LANGUAGE:
        return render_quote(quote_id, context.studies)
    return render_quote(quote_id, context.studies, labels=context.dataset.translations[context.language])


def _cite(study_id: str, context: PageContext) -> str:
    """A study's Vancouver citation: bibliographic data, marked English on a page in another language."""
    citation = render_citation(study_id, context.studies)
    if context.language == DEFAULT_LANGUAGE:
        return citation
    return f'<span lang="{DEFAULT_LANGUAGE}">{citation}</span>'


def _downloads(study_id: str, context: PageContext) -> str:
    if study_id not in context.studies:
        raise KeyError(unknown_id_message(study_id, list(context.studies)))
    if context.site_root is None:
        return ""
    return render_dataset_links(study_id, context.site_root)


RENDERERS: dict[str, ShortcodeRenderer] = {
    "value": _value,
    "number": _bare_number,
    "rounded": _rounded,
    "certainty": _certainty,
    "certainty-level": _certainty_level,
    "table": _table,
    "chart": _chart,
    "quote": _quote,
    "cite": _cite,
    "downloads": _downloads,
}


def _number(result_id: str, context: PageContext) -> Value | Interval:
    result = context.registry.get(result_id)
    if not isinstance(result, Value | Interval):
        raise LookupError(
            f"'{result_id}' is a {type(result).__name__.lower()}; use md:{type(result).__name__.lower()}"
        )
    return result


def _typed(result_id: str, context: PageContext, kind: type) -> Table | Chart:
    """The table or chart to show; each is shown once a page, as its id (the figure's, its labels') must be
    unique there."""
    result = context.registry.get(result_id)
    if not isinstance(result, kind):
        raise LookupError(f"'{result_id}' is not a {kind.__name__.lower()}")
    if result_id in context.shown:
        raise LookupError(
            f"the {kind.__name__.lower()} '{result_id}' is shown twice on this page: show it once"
        )
    context.shown.add(result_id)
    return result


# ---- expansion -------------------------------------------------------------------------------------------


def expand(markdown: str, context: PageContext) -> str:
    """Replace every shortcode outside code; add the page's provenance notes when it shows numbers: at its
    end, or, on a plain-language page, in each section's "Where this comes from" box."""
    lines, fence = markdown.split("\n"), ""
    prose = [""] * len(lines)  # each line as expanded, code blanked: what remains may not open a shortcode
    boxes = _Boxes(context)
    for index, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if _closes(line, fence):
                fence = ""
            continue
        if opening:
            fence = opening.group("fence")
            continue
        number = index + 1 + context.line_offset
        _refuse_reserved(line, number, context)
        if SHORTCODE.search(line) and index + 1 < len(lines) and SETEXT_UNDERLINE.match(lines[index + 1]):
            raise ShortcodeError(
                context.page, number, "a shortcode in a heading: put the number in the text below the heading"
            )
        lines[index] = boxes.before(line, number) + _expand_line(line, number, context)
        prose[index] = INLINE_CODE.sub("", lines[index])
    _refuse_split_shortcodes("\n".join(prose), context)
    boxes.finish(len(markdown.rstrip().split("\n")) + context.line_offset)  # the last line with text
    expanded = "\n".join(lines)
    if context.notes.order and not context.plain_language:
        notes = render_notes(context.notes, context.registry)
        heading = NOTES_HEADING if context.language == DEFAULT_LANGUAGE else _wording(context).notes_heading
        expanded += f"\n\n## {heading}\n\n{context.keep(notes)}\n"
    return expanded


@dataclass
class _Boxes:
    """On a plain-language page, where each "Where this comes from" box opens and closes, and the notes each
    box lists: those of the numbers shown since the box before it. A number in a section whose box is missing
    stops the build."""

    context: PageContext
    open_at: int = 0  # the line of the box being read, 0 outside a box

    def before(self, line: str, number: int) -> str:
        """What goes in front of the line: a box's notes before its closing tag, else nothing."""
        context = self.context
        if not context.plain_language:
            return ""
        if SOURCES_BOX.match(line):
            if self.open_at:
                raise ShortcodeError(
                    context.page,
                    number,
                    f"a 'Where this comes from' box inside the one opened on line {self.open_at}",
                )
            self.open_at = number
        elif self.open_at and BOX_END.match(line):
            self.open_at = 0
            if context.notes.pending:
                wording = _wording(context).notes
                box = BoxWording(wording.box_heading, wording.kinds, wording.explanations)
                try:
                    return context.keep(render_box_notes(context.notes, context.registry, box)) + "\n\n"
                except LookupError as error:
                    raise ShortcodeError(context.page, number, str(error)) from None
        elif HEADING.match(line):
            self._refuse_unsourced(number, "the section before this heading")
        return ""

    def finish(self, last_line: int) -> None:
        if self.open_at:
            raise ShortcodeError(
                self.context.page, self.open_at, "a 'Where this comes from' box without its '</details>'"
            )
        self._refuse_unsourced(last_line, "the last section")

    def _refuse_unsourced(self, number: int, where: str) -> None:
        pending = self.context.notes.pending
        if pending:
            raise ShortcodeError(
                self.context.page,
                number,
                f"{where} shows {', '.join(pending)} but has no 'Where this comes from' box after them; a "
                "plain-language page gives each number's note in its section's "
                '<details class="ev-sources" markdown> box',
            )


def _refuse_split_shortcodes(prose: str, context: PageContext) -> None:
    """A shortcode broken across lines ("<!--" on one, "md:value" on the next) would ship unexpanded."""
    leftover = OPENING.search(prose)
    if leftover:
        line = prose.count("\n", 0, leftover.start()) + 1 + context.line_offset
        raise ShortcodeError(
            context.page, line, "unclosed shortcode: '<!-- md:' must end with '-->' on its line"
        )


def _closes(line: str, fence: str) -> bool:
    """CommonMark: a closing fence uses the same character, is at least as long, and has no info string."""
    closing = CLOSING_FENCE.match(line)
    return (
        bool(closing) and closing.group("fence")[0] == fence[0] and len(closing.group("fence")) >= len(fence)
    )


def _expand_line(line: str, number: int, context: PageContext) -> str:
    parts, position = [], 0
    for code in INLINE_CODE.finditer(line):
        parts.append(_expand_text(line[position : code.start()], line, number, context))
        parts.append(code.group(0))
        position = code.end()
    parts.append(_expand_text(line[position:], line, number, context))
    return "".join(parts)


def _expand_text(text: str, line: str, number: int, context: PageContext) -> str:
    def replace(match: re.Match[str]) -> str:
        return _render(match, line, number, context)

    expanded = SHORTCODE.sub(replace, text)
    leftover = OPENING.search(SHORTCODE.sub("", text))
    if leftover:
        raise ShortcodeError(
            context.page, number, "unclosed shortcode: '<!-- md:' without '-->' on the same line"
        )
    return expanded


def _render(match: re.Match[str], line: str, number: int, context: PageContext) -> str:
    kind, args = match.group("kind"), match.group("args").split()
    if kind not in RENDERERS:
        nearest = difflib.get_close_matches(kind, RENDERERS, n=3, cutoff=0.4)
        hint = (
            f"; did you mean {', '.join(nearest)}?" if nearest else f"; known kinds: {', '.join(RENDERERS)}"
        )
        raise ShortcodeError(context.page, number, f"unknown shortcode kind '{kind}'{hint}")
    if len(args) != 1:
        raise ShortcodeError(
            context.page, number, f"malformed shortcode '{match.group(0)}': expected '<!-- md:{kind} ID -->'"
        )
    _refuse_place(match, line, number, context)
    if kind in BLOCK_KINDS and line.strip() != match.group(0):
        raise ShortcodeError(
            context.page, number, f"md:{kind} must stand alone on its line, with blank lines around it"
        )
    if kind == "value" and _unit_said_by_text(match, args[0], context):
        kind = "number"
    try:
        return context.keep(RENDERERS[kind](args[0], context))
    except KeyError as error:
        raise ShortcodeError(context.page, number, str(error.args[0])) from None
    except LookupError as error:
        raise ShortcodeError(context.page, number, str(error)) from None


def _unit_said_by_text(match: re.Match[str], result_id: str, context: PageContext) -> bool:
    """Whether the prose after an md:value names its unit already ("… --> infusion courses"), or reads
    "<value> of <value>" in the same unit, so the first value is shown without it (results/grammar.py)."""
    result = context.registry.results.get(result_id)
    if not isinstance(result, Value | Interval):
        return False  # the renderer reports the unknown id
    following = match.string[match.end() :]
    after = SHORTCODE.search(following)
    if after is not None and after.group("kind") == "value":
        following_result = context.registry.results.get(after.group("args").strip())
        next_suffix = following_result.suffix if isinstance(following_result, Value | Interval) else ""
        if said_by_next_number(result.suffix, following[: after.start()], next_suffix):
            return True
    return said_by_text(result.suffix, following)


HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
LINK_TEXT = re.compile(r"\[[^\]]*$")  # an open "[" with no "]" yet: the text of a link being written
LINK_DESTINATION = re.compile(r"\]\([^)]*$")  # "](" not closed yet: the address of a link


def _refuse_reserved(line: str, number: int, context: PageContext) -> None:
    """Near-miss shortcodes and the build's own tokens are refused in a page's prose."""
    outside_code = INLINE_CODE.sub("", line)
    near_miss = NEAR_MISS.search(outside_code)
    if near_miss and not SHORTCODE.match(outside_code, near_miss.start()):
        raise ShortcodeError(
            context.page, number, "a comment that looks like a shortcode: write it '<!-- md:kind id -->'"
        )
    if RESERVED_TOKEN.search(outside_code):
        raise ShortcodeError(context.page, number, "'EVSTASH…X' is reserved for the build; reword the text")


def _refuse_place(match: re.Match[str], line: str, number: int, context: PageContext) -> None:
    """Shortcodes stay out of headings (their HTML would enter the contents and the anchor id) and out of
    link text (a number's note link inside a link is invalid HTML)."""
    if HEADING.match(line):
        raise ShortcodeError(
            context.page, number, "a shortcode in a heading: put the number in the text below the heading"
        )
    before, after = match.string[: match.start()], match.string[match.end() :]
    if LINK_TEXT.search(before) and "](" in after:
        raise ShortcodeError(
            context.page, number, "a shortcode inside a link's text: put it outside the link"
        )
    if LINK_DESTINATION.search(before) or re.search(r"""(?:href|src)\s*=\s*["']?$""", before):
        raise ShortcodeError(
            context.page, number, "a shortcode as a link's address: it gives a number, not a URL"
        )


def find_ids(markdown: str) -> list[str]:
    """The ids that shortcodes on a page name (for usage checks), ignoring code blocks and inline code."""
    ids, fence = [], ""
    for line in markdown.split("\n"):
        opening = FENCE.match(line)
        if fence:
            fence = "" if _closes(line, fence) else fence
            continue
        if opening:
            fence = opening.group("fence")
            continue
        outside_code = INLINE_CODE.sub("", line)
        ids += [match.group("args").strip() for match in SHORTCODE.finditer(outside_code)]
    return ids
