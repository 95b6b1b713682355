"""HTML for results: inline numbers with provenance notes, tables, charts, quotes and citations."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from myositis_evidence.pages.note_wording import EnglishVoice, NoteVoice
from myositis_evidence.results.grammar import said_by_next_number, said_by_text
from myositis_evidence.results.model import (
    PLACEHOLDER,
    Chart,
    Interval,
    Registry,
    Table,
    Value,
)

NOTES_HEADING = "Where the numbers on this page come from"


@dataclass
class PageNotes:
    """The provenance notes of one page, in order of first use, in the page's language (`voice`).

    Each note is written when its number is first shown (with `registry` given), so a missing translation
    stops the build at that number's line. With `in_boxes` (the plain-language pages) numbers carry no note
    marker: `pending` collects the numbers shown since the last "Where this comes from" box, whose notes
    that box lists (render_box_notes).
    """

    order: dict[str, int] = field(default_factory=dict)
    voice: NoteVoice = field(default_factory=EnglishVoice)
    registry: Registry | None = None
    in_boxes: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    boxed: set[str] = field(default_factory=set)  # numbers whose note a box has listed, with its note-… id

    def number_for(self, result_id: str) -> int:
        return self.order.setdefault(result_id, len(self.order) + 1)

    def remember(self, result: Value | Interval) -> None:
        """Note a number as shown: written now where the registry is known, listed in the next box."""
        if self.registry is not None and result.id not in self.texts:
            self.texts[result.id] = self.voice.note_html(result, self.registry)
        if self.in_boxes and result.id not in self.pending:
            self.pending.append(result.id)

    def text_for(self, result: Value | Interval, registry: Registry) -> str:
        if result.id not in self.texts:
            self.texts[result.id] = self.voice.note_html(result, registry)
        return self.texts[result.id]


# ---- inline numbers --------------------------------------------------------------------------------------


def render_number(
    result: Value | Interval,
    notes: PageNotes,
    *,
    with_unit: bool = True,
    text: str | None = None,
    note_label: str = "",
) -> str:
    """A number as inline HTML, marked reported, derived or assumed, with a link to its note.

    `text` replaces the formatted number (a rounded lay version); `note_label` is the link's accessible name
    in the page's language, with {number} and {kind} ("Note {number}: {kind}" by default). On a page whose
    notes are in its sections' boxes the number has no marker; `data-result` names it for its box's note.
    """
    voice = notes.voice
    shown = html.escape(voice.value_text(result, with_unit=with_unit) if text is None else text)
    title = html.escape(voice.tooltip(result), quote=True)
    kind = html.escape(result.kind, quote=True)
    notes.remember(result)
    if notes.in_boxes:
        identifier = html.escape(result.id, quote=True)
        return (
            f'<span class="ev-num ev-num--{kind}" title="{title}" data-result="{identifier}">{shown}</span>'
        )
    number = notes.number_for(result.id)
    label = html.escape(
        (note_label or "Note {number}: {kind}").format(number=number, kind=result.kind), quote=True
    )
    target = html.escape(f"#note-{result.id}", quote=True)
    return (
        f'<span class="ev-num ev-num--{kind}" title="{title}">{shown}</span>'
        f'<sup class="ev-ref"><a href="{target}" aria-label="{label}">{number}</a></sup>'
    )


def fill_placeholders(text: str, registry: Registry, notes: PageNotes) -> str:
    """Escape cell text and replace each {result-id} by its rendered number.

    A number's unit is left out where the text says it already: "{count} of {total} infusion courses" reads
    "2 of 15 infusion courses", not "2 infusion courses of 15 infusion courses infusion courses".
    """
    escaped = html.escape(text, quote=False)
    matches = list(PLACEHOLDER.finditer(escaped))
    numbers = [_cell_number(match.group(1), registry) for match in matches]
    parts, position = [], 0
    for index, (match, result) in enumerate(zip(matches, numbers, strict=True)):
        following = escaped[match.end() :]
        between = following[: matches[index + 1].start() - match.end()] if index + 1 < len(matches) else ""
        next_suffix = numbers[index + 1].suffix if index + 1 < len(matches) else ""
        with_unit = not (
            said_by_text(result.suffix, following) or said_by_next_number(result.suffix, between, next_suffix)
        )
        parts += [escaped[position : match.start()], render_number(result, notes, with_unit=with_unit)]
        position = match.end()
    return "".join(parts) + escaped[position:]


def _cell_number(result_id: str, registry: Registry) -> Value | Interval:
    result = registry.get(result_id)
    if not isinstance(result, Value | Interval):
        raise TypeError(f"'{result_id}' is a {type(result).__name__}; only numbers go in a cell")
    return result


# ---- tables ----------------------------------------------------------------------------------------------


def render_table(
    table: Table, registry: Registry, notes: PageNotes, *, anchor: bool = True, download: str = ""
) -> str:
    """A real <table> with a caption and header cells; no class on it, so the theme styles it.

    Every body cell carries its column's header as `data-label`: where the table is too wide for its column
    (a phone, paper) the stylesheet shows each row as a card, each cell named by that label.
    """
    head = "".join(f'<th scope="col">{html.escape(cell)}</th>' for cell in table.header)
    body = "".join(_row(row, table, registry, notes) for row in table.rows)
    caption = f"<caption><strong>{html.escape(table.title)}.</strong> {html.escape(table.caption)}</caption>"
    identifier = f' id="{html.escape(table.id, quote=True)}"' if anchor else ""
    link = (
        f'<p class="ev-downloads"><a href="{html.escape(download, quote=True)}" download>Download this table (CSV)</a></p>'
        if download
        else ""
    )
    return (
        f'<div class="ev-table"{identifier} tabindex="0"><table>{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>{link}</div>"
    )


def _row(row: tuple[str, ...], table: Table, registry: Registry, notes: PageNotes) -> str:
    cells = []
    for index, (cell, header) in enumerate(zip(row, table.header, strict=True)):
        content = fill_placeholders(cell, registry, notes)
        tag = "th" if table.row_header and index == 0 else "td"
        scope = ' scope="row"' if tag == "th" else ""
        label = html.escape(header, quote=True)
        cells.append(f'<{tag}{scope} data-label="{label}">{content}</{tag}>')
    return f"<tr>{''.join(cells)}</tr>"


# ---- charts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartAssets:
    """The rendered images of a chart and the addresses of its files, relative to the page."""

    svg: str
    data_csv: str = ""
    spec: str = ""
    spec_dark: str = ""
    bundle: str = ""


def render_chart(chart: Chart, assets: ChartAssets, registry: Registry, notes: PageNotes) -> str:
    """The chart's SVGs in a figure with an accessible name, description, data and files.

    assets.svg holds the wide layout's SVG, then the narrow one's if the chart has one; the stylesheet shows
    the one that fits the figure's width. One SVG serves both colour schemes: the stylesheet recolours it for
    the dark one (charts/themes.py).
    """
    images = _chart_images(assets.svg, chart)
    data_table = render_table(chart.data_table, registry, notes, anchor=False)
    return (
        f'<figure class="ev-chart" id="{html.escape(chart.id, quote=True)}">{images}'
        f'<div class="ev-chart__interactive" hidden></div>'
        f'<p class="ev-chart__status" role="status" hidden></p>'
        f"<figcaption><strong>{html.escape(chart.title)}.</strong> {html.escape(chart.description)}</figcaption>"
        f"{_chart_actions(assets)}"
        f'<details class="ev-chart__data" data-search-exclude><summary>Data for this chart</summary>{data_table}</details>'
        f"</figure>"
    )


LAYOUT_NAMES = ("wide", "narrow")


def _chart_images(svgs: str, chart: Chart) -> str:
    """Each layout's SVG in its own box; the stylesheet displays one, so a screen reader meets one image."""
    documents = [
        part for part in re.split(r"(?=<svg\b)", re.sub(r"<\?xml[^>]*>\s*", "", svgs)) if part.strip()
    ]
    if len(documents) > len(LAYOUT_NAMES):
        raise ValueError(f"chart '{chart.id}': {len(documents)} SVGs for {len(LAYOUT_NAMES)} layouts")
    images = []
    for index, (layout, document) in enumerate(zip(LAYOUT_NAMES, documents, strict=False)):
        suffix = "" if index == 0 else f"-{layout}"
        labelled = _label_svg(document, chart, f"{chart.id}-title{suffix}", f"{chart.id}-desc{suffix}")
        only = " ev-chart__image--only" if len(documents) == 1 else ""
        images.append(f'<div class="ev-chart__image ev-chart__image--{layout}{only}">{labelled}</div>')
    return "".join(images)


def narrow_spec_address(spec_address: str) -> str:
    """Where a chart's narrow spec is published, beside its wide one ("x.vl.json" → "x.narrow.vl.json")."""
    stem, dot, extension = spec_address.partition(".vl.json")
    return f"{stem}.narrow{dot}{extension}" if dot else f"{spec_address}.narrow"


def _chart_actions(assets: ChartAssets) -> str:
    links = []
    if assets.data_csv:
        links.append(f'<a href="{html.escape(assets.data_csv, quote=True)}" download>Data (CSV)</a>')
    if assets.spec:
        links.append(f'<a href="{html.escape(assets.spec, quote=True)}" download>Vega-Lite spec (JSON)</a>')
    button = ""
    if assets.spec and assets.bundle:
        # Hidden until the chart script runs: without JavaScript there is nothing to switch to.
        button = (
            f'<button type="button" class="md-button ev-chart__toggle" hidden '
            f'data-spec="{html.escape(assets.spec, quote=True)}" '
            f'data-spec-dark="{html.escape(assets.spec_dark, quote=True)}" '
            f'data-spec-narrow="{html.escape(narrow_spec_address(assets.spec), quote=True)}" '
            f'data-spec-narrow-dark="{html.escape(narrow_spec_address(assets.spec_dark), quote=True)}" '
            f'data-bundle="{html.escape(assets.bundle, quote=True)}">Show interactive chart</button> '
        )
    return f'<p class="ev-chart__actions ev-downloads">{button}{" · ".join(links)}</p>'


def _label_svg(svg: str, chart: Chart, title_id: str, desc_id: str) -> str:
    """Give the SVG role="img", a <title> and a <desc>; vl-convert emits neither."""
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    opening = re.match(r"<svg\b[^>]*>", svg)
    if opening is None:
        raise ValueError(f"chart '{chart.id}': the renderer returned no <svg> element")
    title_id, desc_id = html.escape(title_id, quote=True), html.escape(desc_id, quote=True)
    tag = opening.group(0)[:-1] + f' role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}">'
    title = f'<title id="{title_id}">{html.escape(chart.title)}</title>'
    desc = f'<desc id="{desc_id}">{html.escape(chart.description)}</desc>'
    return tag + title + desc + svg[opening.end() :]


# ---- notes -----------------------------------------------------------------------------------------------


def render_notes(notes: PageNotes, registry: Registry) -> str:
    """The numbered list of where each number on the page comes from."""
    items = []
    for result_id, number in notes.order.items():
        result = _noted(result_id, registry)
        note_id = html.escape(f"note-{result_id}", quote=True)
        items.append(f'<li id="{note_id}" value="{number}">{notes.text_for(result, registry)}</li>')
    return f'<ol class="ev-notes" data-search-exclude>{"".join(items)}</ol>'


@dataclass(frozen=True)
class BoxWording:
    """What a "Where this comes from" box says about its numbers, in the page's language."""

    heading: str
    kinds: dict[str, str]
    explanations: dict[str, str]  # each with {kind}


def render_box_notes(notes: PageNotes, registry: Registry, wording: BoxWording) -> str:
    """The notes of the numbers shown since the last box, for a plain-language section's box; then none are
    pending. Each kind present is explained in plain words before the list."""
    results = [_noted(result_id, registry) for result_id in notes.pending]
    notes.pending.clear()
    kinds = [kind for kind in wording.kinds if any(result.kind == kind for result in results)]
    explanations = "".join(
        "<li>"
        + html.escape(wording.explanations[kind], quote=False).format(
            kind=f"<em>{html.escape(wording.kinds[kind])}</em>"
        )
        + "</li>"
        for kind in kinds
    )
    items = "".join(
        f'<li{_first_note_id(notes, result.id)} data-result="{html.escape(result.id, quote=True)}">'
        f"{notes.text_for(result, registry)}</li>"
        for result in results
    )
    return (
        f'<div class="ev-box-notes" data-search-exclude><p class="ev-box-notes__heading">'
        f"<strong>{html.escape(wording.heading)}</strong></p>"
        f'<ul class="ev-box-notes__kinds">{explanations}</ul>'
        f'<ul class="ev-notes ev-notes--box">{items}</ul></div>'
    )


def _first_note_id(notes: PageNotes, result_id: str) -> str:
    """The note's `note-<id>` anchor, as the notes list gives it on other pages, on its first box only."""
    if result_id in notes.boxed:
        return ""
    notes.boxed.add(result_id)
    return f' id="{html.escape(f"note-{result_id}", quote=True)}"'


def _noted(result_id: str, registry: Registry) -> Value | Interval:
    result = registry.get(result_id)
    if not isinstance(result, Value | Interval):
        raise TypeError(f"note for '{result_id}': only numbers have notes")
    return result
