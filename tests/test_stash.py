"""The stash puts every kept block back where its token stood, with the wrappers the Markdown engine and the
search set-aside put around it, and refuses a lost or unknown token."""

from __future__ import annotations

import random
import re

import pytest

from myositis_evidence.errors import ShortcodeError
from myositis_evidence.pages.stash import Stash

# The token with its optional wrappers, as one pattern: the specification restore must follow.
WRAPPED_TOKEN = re.compile(r"(?:<p>)?(?:<!--)?EVSTASH(\d{5})X(?:-->)?(?:</p>)?")
BLOCK = re.compile(r"<(div|figure|blockquote|ol|ul|details|table)\b")


def restored_by_pattern(stash: Stash, text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        index, whole = int(match.group(1)), match.group(0)
        html = stash.kept[index]
        if whole.startswith("<p>") and whole.endswith("</p>") and BLOCK.match(html):
            return html
        token = f"EVSTASH{index:05d}X"
        return whole.replace(f"<!--{token}-->" if stash.hidden else token, html)

    return WRAPPED_TOKEN.sub(replace, text)


@pytest.mark.parametrize(
    ("kept", "text", "expected"),
    [
        (["<table></table>"], "<p>EVSTASH00000X</p>", "<table></table>"),
        (["<b>1</b>"], "<p>see EVSTASH00000X here</p>", "<p>see <b>1</b> here</p>"),
        (["<b>1</b>"], "<p>EVSTASH00000X</p>", "<p><b>1</b></p>"),  # inline HTML keeps its paragraph
        (
            ["<table></table>", "<b>1</b>"],
            "EVSTASH00000X<p>EVSTASH00001X</p>",
            "<table></table><p><b>1</b></p>",
        ),
    ],
)
def test_restore_puts_blocks_outside_paragraphs_and_inline_html_inside(kept, text, expected):
    assert Stash("docs/page.md", kept).restore(text) == expected


def test_hidden_tokens_lose_their_comment():
    stash = Stash("docs/page.md", ["<div>a</div>", "<i>b</i>"], hidden=True)
    assert stash.restore("<p><!--EVSTASH00000X--></p> x <!--EVSTASH00001X-->") == "<div>a</div> x <i>b</i>"


def test_a_lost_token_and_an_unknown_token_are_refused():
    with pytest.raises(ShortcodeError, match="disappeared"):
        Stash("docs/page.md", ["<b>1</b>", "<b>2</b>"]).restore("<p>EVSTASH00000X</p>")
    with pytest.raises(ShortcodeError, match="never kept"):
        Stash("docs/page.md", ["<b>1</b>"]).restore("EVSTASH00000X EVSTASH00007X")


@pytest.mark.parametrize("hidden", [False, True])
def test_restore_matches_the_wrapped_token_pattern_on_random_pages(hidden):
    pieces = ["<p>", "</p>", "<!--", "-->", "x", " ", "<div>", "\n"]
    generator = random.Random(2026)
    for _ in range(400):
        kept = [
            generator.choice(["<div>d</div>", "<table></table>", "<em>e</em>", "plain"]) for _ in range(4)
        ]
        order = list(range(4))
        generator.shuffle(order)
        text = ""
        for index in order:
            text += "".join(generator.choices(pieces, k=generator.randint(0, 4)))
            text += f"EVSTASH{index:05d}X"
        text += "".join(generator.choices(pieces, k=generator.randint(0, 4)))
        stash = Stash("docs/page.md", kept, hidden=hidden)
        assert stash.restore(text) == restored_by_pattern(stash, text), text
