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
