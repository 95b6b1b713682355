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

TOKEN = re.compile(r"(?:<p>)?(?:<!--)?EVSTASH(\d{5})X(?:-->)?(?:</p>)?")
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

        def replace(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(self.kept):
                raise ShortcodeError(self.page, 0, f"a stash token ({index}) that this page never kept")
            found.add(index)
            html, whole = self.kept[index], match.group(0)
            if whole.startswith("<p>") and whole.endswith("</p>") and BLOCK_HTML.match(html):
                return html  # a block (table, figure, quote, list) must not sit inside a paragraph
            token = f"EVSTASH{index:05d}X"
            return whole.replace(f"<!--{token}-->" if self.hidden else token, html)

        restored = TOKEN.sub(replace, text)
        lost = len(self.kept) - len(found)
        if lost:
            raise ShortcodeError(self.page, 0, f"{lost} rendered result(s) disappeared in the conversion")
        return restored
