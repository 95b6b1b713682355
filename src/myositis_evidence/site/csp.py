"""A Content-Security-Policy for every page, as a meta tag (GitHub Pages cannot set headers).

Only the site's own origin is allowed. The theme's few inline scripts are allowed by their SHA-256 hashes,
not by 'unsafe-inline'. Pages with charts also allow 'unsafe-eval', because Vega compiles chart expressions
with `Function` when a reader asks for the interactive version; the static SVG needs no script at all.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?![^>]*\bsrc=)[^>]*)>(?P<body>.*?)</script>", re.S)
DATA_TYPES = ("application/json", "application/ld+json")
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)


def policy(html: str, *, allow_eval: bool) -> str:
    """The policy for one page: its own inline scripts by hash, everything else from 'self' only."""
    hashes = " ".join(f"'sha256-{digest}'" for digest in _inline_script_hashes(html))
    script = " ".join(part for part in ("'self'", hashes, "'unsafe-eval'" if allow_eval else "") if part)
    directives = (
        "default-src 'self'",
        f"script-src {script}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
    return "; ".join(directives)


def add_policy(html: str, *, allow_eval: bool) -> str:
    """Insert the policy as the first meta tag after the charset, before any script can run."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, allow_eval=allow_eval)}">'
    match = CHARSET.search(html)
    if match is None:
        raise ValueError("page has no <meta charset> to place the Content-Security-Policy after")
    return html[: match.end()] + tag + html[match.end() :]


def _inline_script_hashes(html: str) -> list[str]:
    digests = []
    for script in INLINE_SCRIPT.finditer(html):
        if any(kind in script.group("attributes") for kind in DATA_TYPES):
            continue  # data blocks are never executed
        digest = hashlib.sha256(script.group("body").encode("utf-8")).digest()
        digests.append(base64.b64encode(digest).decode("ascii"))
    return sorted(set(digests))
