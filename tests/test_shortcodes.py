"""Shortcode expansion: rendered numbers with notes, errors that name page and line, code left alone.

Expected numbers are read from the abstracts in data/source-texts/ (or from R, as cited) and formatted by
hand at the precision the source writes them; the SVG renderer is a stub.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import analyse, copy_data
from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.errors import ShortcodeError
from myositis_evidence.pages.result_html import NOTES_HEADING
from myositis_evidence.pages.shortcodes import PageContext, expand, find_ids
from myositis_evidence.results.model import Chart, Registry, Reported, Table, Value

PAGE = "studies/test-page.md"
CK_BASELINE = "ivig-2003.ck.all.baseline-mean"
CK_WEEK_12 = "ivig-2003.ck.all.week-12-mean"
OPENING = re.compile(r"<!--\s*md:")


def _fake_svg(chart: Chart) -> str:
    return "<svg></svg>"


@pytest.fixture(scope="module")
def built(results: tuple[Registry, Dataset]) -> tuple[Registry, Dataset]:
    return results


def _context(built: tuple[Registry, Dataset], page: str = PAGE) -> PageContext:
    registry, dataset = built
    return PageContext(page, registry, dataset, _fake_svg)


def _expand(markdown: str, built: tuple[Registry, Dataset]) -> str:
    return expand(markdown, _context(built))


def _error(markdown: str, built: tuple[Registry, Dataset]) -> ShortcodeError:
    with pytest.raises(ShortcodeError) as caught:
        _expand(markdown, built)
    message = str(caught.value)
    assert message.startswith(f"{PAGE}, line "), message
    assert "Traceback" not in message
    return caught.value


# ---- values ----------------------------------------------------------------------------------------------


def test_value_renders_number_unit_and_note_link(built: tuple) -> None:
    # "The mean serum CK level decreased significantly from 1287.4 to 612.6 IU/l." (ivig-2003 abstract)
    output = _expand(f"CK was <!-- md:value {CK_BASELINE} --> before.", built)
    assert output.startswith("CK was <span")
    assert ">1287.4 IU/l</span>" in output
    assert f'href="#note-{CK_BASELINE}"' in output
    assert "ev-num--reported" in output
    assert "<!--" not in output


def test_value_appends_notes_section_with_the_quote(built: tuple) -> None:
    output = _expand(f"CK <!-- md:value {CK_BASELINE} -->.", built)
    body, _, notes = output.partition(f"## {NOTES_HEADING}")
    assert notes, "notes section missing"
    assert f'<li id="note-{CK_BASELINE}" value="1">' in notes
    assert "The mean serum CK level decreased significantly from 1287.4 to 612.6 IU/l." in notes
    assert "https://doi.org/10.3109/s10165-003-0250-9" in notes
    assert ">1</a></sup>" in body


def test_notes_are_numbered_in_order_of_first_use(built: tuple) -> None:
    markdown = (
        f"<!-- md:value {CK_WEEK_12} --> and <!-- md:value {CK_BASELINE} -->\n"
        f"again <!-- md:value {CK_WEEK_12} -->"
    )
    output = _expand(markdown, built)
    notes = output.partition(f"## {NOTES_HEADING}")[2]
    assert f'<li id="note-{CK_WEEK_12}" value="1">' in notes
    assert f'<li id="note-{CK_BASELINE}" value="2">' in notes
    assert notes.count("<li ") == 2
    assert output.count(f'href="#note-{CK_WEEK_12}"') == 2


def test_number_renders_without_unit(built: tuple) -> None:
    output = _expand(f"<!-- md:number {CK_WEEK_12} -->", built)
    assert ">612.6</span>" in output
    assert "IU/l</span>" not in output


def test_negative_derived_value_has_a_true_minus(built: tuple) -> None:
    # 612.6 − 1287.4 = −674.8
    output = _expand("<!-- md:value ivig-2003.ck.absolute-change -->", built)
    assert ">\u2212674.8 IU/l</span>" in output
    assert "ev-num--derived" in output
    assert "<em>Derived</em>" in output


def test_interval_renders_both_bounds(built: tuple) -> None:
    # R 4.2.2 binom.test(7, 8)$conf.int = 0.4734903 0.9968403 → 47.3 to 99.7 at one decimal.
    output = _expand("<!-- md:value ivig-2003.physician-improved.clopper-pearson -->", built)
    assert ">47.3 to 99.7%</span>" in output
    assert "Clopper" in output


def test_duration_interval_is_shown_as_minutes_and_seconds(built: tuple) -> None:
    # "(95% CI 3.9; 30.8 and 00:06; 03:18, respectively)" (hiit-2025 summary)
    output = _expand("<!-- md:value hiit-2025.tte.hiit-vs-con.ci95 -->", built)
    assert re.search(r">0:06 to 3:18[^<]*</span>", output), output


def test_text_without_shortcodes_passes_through(built: tuple) -> None:
    markdown = "# Title\n\nSome *text* with <b>html</b> and <!-- an ordinary comment -->.\n\n- item\n"
    assert _expand(markdown, built) == markdown


# ---- blocks ----------------------------------------------------------------------------------------------


def test_table_alone_on_its_line(built: tuple) -> None:
    output = _expand("Before.\n\n<!-- md:table ivig-2003.findings -->\n\nAfter.", built)
    assert '<div class="ev-table" id="ivig-2003.findings" tabindex="0"><table><caption>' in output
    assert output.startswith("Before.\n\n<div")
    assert "\n\nAfter." in output


def test_chart_alone_on_its_line_uses_the_renderer(built: tuple) -> None:
    output = _expand("<!-- md:chart ivig-2003.flow-chart -->", built)
    assert '<figure class="ev-chart" id="ivig-2003.flow-chart">' in output
    assert '<svg role="img" aria-labelledby="ivig-2003.flow-chart-title"' in output
    assert "Data for this chart" in output


def test_quote_and_cite(built: tuple) -> None:
    output = _expand("<!-- md:quote ivig-2003.ck -->\n\n<!-- md:cite ivig-2003 -->", built)
    assert "The mean serum CK level decreased significantly from 1287.4 to 612.6 IU/l." in output
    assert "Hara M" in output
    assert "https://doi.org/10.3109/s10165-003-0250-9" in output


@pytest.mark.parametrize("kind", ["table", "chart", "quote"])
def test_block_kind_not_alone_on_its_line(built: tuple, kind: str) -> None:
    ids = {"table": "ivig-2003.findings", "chart": "ivig-2003.flow-chart", "quote": "ivig-2003.ck"}
    error = _error(f"Intro\n\nSee <!-- md:{kind} {ids[kind]} --> here.", built)
    assert error.line == 3
    assert f"md:{kind}" in str(error)
    assert "alone" in str(error)


# ---- errors ----------------------------------------------------------------------------------------------


def test_unknown_kind_suggests_the_nearest(built: tuple) -> None:
    error = _error(f"Line one\nline two\nCK <!-- md:vlaue {CK_BASELINE} -->", built)
    assert error.line == 3
    assert "'vlaue'" in str(error)
    assert "value" in str(error).split("'vlaue'", 1)[1]


def test_unknown_id_lists_the_nearest_valid_ids(built: tuple) -> None:
    error = _error("\n<!-- md:value ivig-2003.ck.all.baseline-maen -->", built)
    assert error.line == 2
    assert "ivig-2003.ck.all.baseline-maen" in str(error)
    assert CK_BASELINE in str(error)


def test_unknown_quote_lists_the_nearest(built: tuple) -> None:
    error = _error("<!-- md:quote ivig-2003.kc -->", built)
    assert "ivig-2003.kc" in str(error)
    assert "ivig-2003.ck" in str(error)


def test_wrong_kind_for_the_id(built: tuple) -> None:
    error = _error("<!-- md:value ivig-2003.findings -->", built)
    assert "ivig-2003.findings" in str(error)
    assert "table" in str(error)


@pytest.mark.parametrize(
    "shortcode",
    [f"<!-- md:value {CK_BASELINE} {CK_WEEK_12} -->", "<!-- md:value -->", "<!-- md:value-->"],
    ids=["two ids", "no id", "no id, no space"],
)
def test_malformed_shortcode(built: tuple, shortcode: str) -> None:
    error = _error(f"text\n\ntext {shortcode} text", built)
    assert error.line == 3
    assert "malformed" in str(error)


def test_unclosed_shortcode(built: tuple) -> None:
    error = _error(f"fine\n<!-- md:value {CK_BASELINE}\n-->", built)
    assert error.line == 2
    assert "unclosed" in str(error)


def test_unclosed_after_a_valid_one_on_the_same_line(built: tuple) -> None:
    error = _error(f"<!-- md:value {CK_BASELINE} --> and <!-- md:value {CK_WEEK_12}", built)
    assert error.line == 1
    assert "unclosed" in str(error)


def test_line_numbers_count_lines_inside_code_blocks(built: tuple) -> None:
    markdown = "```\ncode\ncode\n```\n\n<!-- md:vlaue x -->"
    assert _error(markdown, built).line == 6


# ---- code is left alone ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "```\n<!-- md:value nonexistent -->\n```",
        "```markdown\n<!-- md:vlaue x -->\n<!-- md:value\n```",
        "~~~\n<!-- md:value nonexistent -->\n~~~",
        "````\n```\n<!-- md:value nonexistent -->\n```\n````",
        "~~~\n```\n<!-- md:value nonexistent -->\n~~~",
        "Use `<!-- md:value some.id -->` to show a number.",
        "Use ``<!-- md:table `x` -->`` for tables.",
        "   ```\n<!-- md:value nonexistent -->\n   ```",
    ],
    ids=[
        "backticks",
        "info string",
        "tildes",
        "longer fence",
        "mixed fence",
        "inline",
        "double backticks",
        "indented fence",
    ],
)
def test_code_is_left_untouched(built: tuple, markdown: str) -> None:
    assert _expand(markdown, built) == markdown


def test_shortcodes_after_a_code_block_are_expanded(built: tuple) -> None:
    markdown = f"```\n<!-- md:value x -->\n```\n\n<!-- md:value {CK_BASELINE} -->"
    output = _expand(markdown, built)
    assert output.startswith("```\n<!-- md:value x -->\n```\n\n<span")
    assert ">1287.4 IU/l</span>" in output


def test_inline_code_and_a_shortcode_on_one_line(built: tuple) -> None:
    output = _expand(f"`<!-- md:value x -->` shows <!-- md:value {CK_WEEK_12} -->", built)
    assert output.startswith("`<!-- md:value x -->` shows <span")
    assert ">612.6 IU/l</span>" in output


def test_closing_fence_cannot_carry_an_info_string(built: tuple) -> None:
    # CommonMark 0.31, 4.5: "The closing code fence ... may not be followed by anything but spaces", so
    # "```python" inside a ``` block is content and the block is still open.
    markdown = "```\n```python\n<!-- md:value nonexistent -->\n```"
    assert _expand(markdown, built) == markdown


# ---- escaping --------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_registry() -> Registry:
    registry = Registry({"IU/l": " IU/l"})
    provenance = Reported(
        "q", 'He said "<script>alert(1)</script>" & left', "Source <i>", "https://e.org/?a=1&b=2"
    )
    registry.add(Value("x.ck", "CK <script>label</script>", 5.0, "IU/l", 0, provenance, suffix=" IU/l"))
    registry.add(
        Table(
            "x.table",
            "Title <script>t</script>",
            "Caption & <script>c</script>",
            ("<script>h</script>", "B & C"),
            (("<script>cell</script> & {x.ck}", "a < b"),),
        )
    )
    return registry


def test_table_cells_are_escaped(hostile_registry: Registry, dataset) -> None:
    context = PageContext(PAGE, hostile_registry, dataset, _fake_svg)
    output = expand("<!-- md:table x.table -->", context)
    assert "<script" not in output
    assert "&lt;script&gt;cell&lt;/script&gt; &amp; <span" in output
    assert "a &lt; b" in output
    assert ">5 IU/l</span>" in output


def test_provenance_title_and_notes_are_escaped(hostile_registry: Registry, dataset) -> None:
    context = PageContext(PAGE, hostile_registry, dataset, _fake_svg)
    output = expand("<!-- md:value x.ck -->", context)
    assert "<script" not in output
    assert "<i>" not in output
    title = re.search(r'title="([^"]*)"', output)
    assert title, output
    assert "&quot;&lt;script&gt;" in title.group(1)
    assert 'href="https://e.org/?a=1&amp;b=2"' in output


def test_quote_text_is_escaped(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    sentence = 'Patients wrote "<script>alert(1)</script>" & more.'
    with (data / "source-texts" / "ivig-2003-abstract.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{sentence}\n")
    with (data / "ivig-2003" / "quotes.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"- id: hostile\n  source: pubmed-abstract\n  text: '{sentence}'\n")
    registry, dataset = analyse(data)
    output = expand("<!-- md:quote ivig-2003.hostile -->", PageContext(PAGE, registry, dataset, _fake_svg))
    assert "<script" not in output
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
    assert "&amp; more." in output


# ---- properties ------------------------------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text().filter(lambda text: "<!--" not in text))
def test_text_without_comment_openings_is_unchanged(built: tuple, text: str) -> None:
    assert _expand(text, built) == text


FRAGMENTS = st.sampled_from(
    [
        f"<!-- md:value {CK_BASELINE} -->",
        f"<!--md:number {CK_WEEK_12}-->",
        "<!-- md:value ivig-2003.ck.percent-change -->",
        "<!-- md:cite hiit-2025 -->",
        "<!-- md:value nonexistent.id -->",
        "<!-- md:vlaue x -->",
        "<!-- md:value",
        "<!--",
        "<!-- md:",
        "-->",
        "md:value",
        " ",
        "\n",
        "<",
        "!",
        "-",
        ">",
    ]
)
PLAIN = st.text(alphabet=st.characters(blacklist_characters="`~", blacklist_categories=("Cs",)), max_size=8)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, PLAIN), max_size=12).map("".join))
def test_successful_expansion_leaves_no_shortcode(built: tuple, markdown: str) -> None:
    # No backticks or tildes, so there is no code in which a shortcode could legitimately survive.
    try:
        output = _expand(markdown, built)
    except ShortcodeError as error:
        assert str(error).startswith(f"{PAGE}, line ")
        return
    assert not OPENING.search(output), output


def test_find_ids_ignores_code_blocks_and_inline_code():
    markdown = (
        "<!-- md:value a.one -->\n"
        "```markdown\n<!-- md:value b.in-a-fence -->\n```\n"
        "~~~~\n<!-- md:value c.in-a-tilde-fence -->\n~~~~\n"
        "Write `<!-- md:value d.inline -->` to show it; <!-- md:table e.two -->\n"
    )
    assert find_ids(markdown) == ["a.one", "e.two"]


# ---- plain-language pages: notes in each section's "Where this comes from" box -----------------------------

TREATED = "ivig-2003.treated.all.count"
ANALYSED = "ivig-2003.analysed.all.count"
NOT_ANALYSED = "ivig-2003.not-analysed.count"
BOX = (
    '<details class="ev-sources" markdown>\n<summary>Where this comes from</summary>\n\n{inside}\n</details>'
)


def _plain(built: tuple, markdown: str, language: str = "en", page: str = PAGE) -> str:
    registry, dataset = built
    context = PageContext(page, registry, dataset, _fake_svg, language=language, plain_language=True)
    return _restored(expand(markdown, context), context)


def _restored(expanded: str, context: PageContext) -> str:
    return expanded if context.stash is None else context.stash.restore(expanded)


def test_a_plain_language_number_has_no_marker_and_its_note_is_in_its_sections_box(built: tuple) -> None:
    # "A total of 12 patients … received one infusion" (ivig-2003 abstract)
    markdown = (
        f"## Study\n\nIt treated <!-- md:number {TREATED} --> people.\n\n"
        + BOX.format(inside="Quotes here.")
        + f"\n\n## Findings\n\nResults for <!-- md:number {ANALYSED} -->.\n\n"
        + BOX.format(inside="More quotes.")
    )
    output = _plain(built, markdown)
    assert "<sup" not in output and "#note-" not in output and NOTES_HEADING not in output
    study, findings = output.split("## Findings")
    assert f'data-result="{TREATED}">12</span>' in study
    assert study.index("Quotes here.") < _box_note(TREATED).search(study).start() < study.index("</details>")
    assert "A total of 12 patients with biopsy-proven" in study and ANALYSED not in study
    assert _box_note(ANALYSED).search(findings) and not _box_note(TREATED).search(findings)
    assert "<em>Reported</em>: a number the study gives" in study  # the kind, explained in plain words


def _box_note(result_id: str) -> re.Pattern[str]:
    """A box's note item for one result (the first box's item also carries the note's anchor)."""
    return re.compile(rf'<li(?: id="note-{re.escape(result_id)}")? data-result="{re.escape(result_id)}">')


def test_a_number_shown_in_two_sections_has_its_note_in_both_boxes(built: tuple) -> None:
    section = f"<!-- md:number {TREATED} -->\n\n" + BOX.format(inside="q")
    output = _plain(built, f"## One\n\n{section}\n\n## Two\n\n{section}")
    assert len(_box_note(TREATED).findall(output)) == 2
    assert output.count(f'id="note-{TREATED}"') == 1  # the note's anchor, on its first box only


def test_a_plain_language_number_without_a_box_in_its_section_stops_the_build(built: tuple) -> None:
    markdown = f"## Study\n\nIt treated <!-- md:number {TREATED} --> people.\n\n## Findings\n\nNone.\n"
    with pytest.raises(
        ShortcodeError, match=rf"{PAGE}, line 5: the section before this heading shows {TREATED}"
    ):
        _plain(built, markdown)
    with pytest.raises(ShortcodeError, match=rf"line 3: the last section shows {TREATED}"):
        _plain(built, f"## Study\n\n<!-- md:number {TREATED} -->\n")


def test_an_unclosed_box_is_refused(built: tuple) -> None:
    with pytest.raises(
        ShortcodeError, match="line 3: a 'Where this comes from' box without its '</details>'"
    ):
        _plain(built, f"## Study\n\n{BOX.format(inside='q').removesuffix('</details>')}")


def test_a_clinicians_page_keeps_its_markers_and_notes_list(built: tuple) -> None:
    output = _expand(f"It treated <!-- md:number {TREATED} --> people.\n\n" + BOX.format(inside="q"), built)
    assert '<sup class="ev-ref">' in output and f'<li id="note-{TREATED}" value="1">' in output
    assert "data-result" not in output


# ---- Japanese notes ---------------------------------------------------------------------------------------------

JA_PAGE = "docs/patients/ivig.ja.md"


def test_a_japanese_note_is_japanese_with_its_quote_marked_english(built: tuple) -> None:
    output = _plain(built, f"<!-- md:number {ANALYSED} -->\n\n" + BOX.format(inside="q"), "ja", JA_PAGE)
    # "Finally, 8 patients (6 PM and 2 DM; 5 men and 3 women) aged 29-67 years (mean 48 years) were analyzed."
    assert (
        "<strong>解析された患者：人数</strong>：8人。<em>報告値</em>（出典："
        '<a href="https://doi.org/10.3109/s10165-003-0250-9">PubMed の抄録（Modern Rheumatology 2003）</a>）：'
        '<q lang="en">Finally, 8 patients (6 PM and 2 DM; 5 men and 3 women) aged 29-67 years (mean 48 years) '
        "were analyzed.</q>。治療を受けたほかの患者が解析されなかった理由は報告されていません。"
    ) in output
    assert 'title="報告値（PubMed の抄録（Modern Rheumatology 2003））：“Finally, 8 patients' in output


def test_a_japanese_derived_note_names_its_method_and_inputs_in_japanese(built: tuple) -> None:
    output = _plain(built, f"<!-- md:number {NOT_ANALYSED} -->\n\n" + BOX.format(inside="q"), "ja", JA_PAGE)
    # 12 treated − 8 analysed (ivig-2003 abstract)
    assert (
        "<strong>解析されなかった治療患者</strong>：4人。<em>算出値</em>：治療を受けた患者数 − 解析された患者数"
        "（入力：治療を受けた患者：人数＝12人；解析された患者：人数＝8人）。"
    ) in output
    assert 'title="算出値：治療を受けた患者数 − 解析された患者数"' in output


def test_a_japanese_reference_is_marked_english(built: tuple) -> None:
    output = _plain(
        built, "<!-- md:rounded ivig-2003.ck.percent-change -->\n\n" + BOX.format(inside="q"), "ja", JA_PAGE
    )
    assert '<span lang="en">Cole TJ. Too many digits' in output
    assert "Shown to the precision" not in output  # the English assumptions are not shown beside them


def test_a_japanese_page_whose_number_has_no_japanese_label_stops_the_build(built: tuple) -> None:
    result_id = "ivig-2003.ck.absolute-change"  # shown on the English findings page only
    with pytest.raises(ShortcodeError) as caught:
        _plain(built, f"Text\n\nCK <!-- md:value {result_id} -->\n", "ja", JA_PAGE)
    message = str(caught.value)
    assert message.startswith(f"{JA_PAGE}, line 3: '{result_id}' has no 'ja' label")
    assert "data/ivig-2003/labels.ja.yml" in message and "\n" not in message
