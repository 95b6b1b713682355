"""One way to keep rendered HTML away from a step that should not parse it, and to put it back afterwards.

A page's tables, charts and notes are large HTML that the Markdown engine would parse slowly and the search
plugin would index needlessly. Each is set aside behind a token ("EVSTASH00003X": a word the Markdown engine
keeps in place) and restored after the step; before a step that indexes text, the token is hidden in an HTML
comment. Every token must come back: a lost one would ship a page with a gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from myositis_evidence.errors import ShortcodeError

# A token, found by its literal text (a pattern that began with the optional wrappers would be tried at every
# character of a page); restore widens each match over an enclosing comment and paragraph.
TOKEN = re.compile(r"EVSTASH(\d{5})X")
BLOCK_HTML = re.compile(r"<(div|figure|blockquote|ol|ul|details|table)\b")


@dataclass
class Stash:
    """HTML set aside for one page, in the order it was kept."""

    page: str
    kept: list[str] = field(default_factory=list)
    hidden: bool = False  # tokens inside HTML comments, for a step that indexes the page's text

    def keep(self, html: str) -> str:
        """The token that stands for html until restore."""
        self.kept.append(html)
        token = f"EVSTASH{len(self.kept) - 1:05d}X"
        return f"<!--{token}-->" if self.hidden else token

    def keep_all(self, pattern: re.Pattern[str], text: str) -> str:
        """Every match of pattern in text, set aside."""
        return pattern.sub(lambda match: self.keep(match.group(0)), text)

    def restore(self, text: str) -> str:
        """Put the kept HTML back in place of its tokens (a block alone in a paragraph loses the <p>)."""
        found: set[int] = set()
        pieces: list[str] = []
        done = 0  # where the text after the last replaced token starts
        for match in TOKEN.finditer(text):
            index = int(match.group(1))
            if index >= len(self.kept):
                raise ShortcodeError(self.page, 0, f"a stash token ({index}) that this page never kept")
            found.add(index)
            start, end = _widened(text, match.start(), match.end(), done)
            pieces += [text[done:start], self._replacement(index, text[start:end])]
            done = end
        restored = "".join(pieces) + text[done:]
        lost = len(self.kept) - len(found)
        if lost:
            raise ShortcodeError(self.page, 0, f"{lost} rendered result(s) disappeared in the conversion")
        return restored

    def _replacement(self, index: int, whole: str) -> str:
        html = self.kept[index]
        if whole.startswith("<p>") and whole.endswith("</p>") and BLOCK_HTML.match(html):
            return html  # a block (table, figure, quote, list) must not sit inside a paragraph
        token = f"EVSTASH{index:05d}X"
        return whole.replace(f"<!--{token}-->" if self.hidden else token, html)


def _widened(text: str, start: int, end: int, earliest: int) -> tuple[int, int]:
    """A token's span with the `<p>`, `<!--`, `-->` and `</p>` right around it, as the pattern
    `(?:<p>)?(?:<!--)?TOKEN(?:-->)?(?:</p>)?` would match it, never reaching back before earliest."""
    for opening in ("<!--", "<p>"):
        if start - len(opening) >= earliest and text.startswith(opening, start - len(opening)):
            start -= len(opening)
    for closing in ("-->", "</p>"):
        if text.startswith(closing, end):
            end += len(closing)
    return start, end
