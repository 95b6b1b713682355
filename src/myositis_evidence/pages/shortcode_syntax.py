"""How a shortcode is written in a page: `<!-- md:kind arguments -->`, an HTML comment that Markdown keeps."""

from __future__ import annotations

import re

SHORTCODE = re.compile(r"<!--\s*md:(?P<kind>[\w-]*)(?P<args>(?:(?!-->).)*)-->")
OPENING = re.compile(r"<!--\s*md:")  # the start of one: none may reach a built page
