"""A local static server that compresses text with gzip, as GitHub Pages does, and counts the bytes it sends.

Page weights are read from this count, not from the browser: the browser's own figures leave out what a
worker fetches, and the server sees every response, headers included.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")


@dataclass
class LocalSite:
    """A running server: its base URL and, per response sent, the request path and the bytes written."""

    url: str
    sent: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> list[tuple[str, int]]:
        """The responses sent since the last call, which are then forgotten."""
        with self.lock:
            taken, self.sent[:] = list(self.sent), []
        return taken


class _CountingWriter(io.BufferedIOBase):
    """The response stream, counting the bytes sent (what a reader's browser downloads)."""

    def __init__(self, stream: io.BufferedIOBase) -> None:
        super().__init__()
        self.stream = stream
        self.count = 0

    def write(self, data: Any) -> int:
        self.count += len(data)
        return self.stream.write(data)

    def flush(self) -> None:
        self.stream.flush()


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, site: LocalSite, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle_one_request(self) -> None:
        writer = _CountingWriter(self.wfile)
        self.wfile = writer
        try:
            super().handle_one_request()
        finally:
            self.wfile = writer.stream
            if writer.count and getattr(self, "path", None):
                with self.site.lock:
                    self.site.sent.append((self.path, writer.count))

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSED
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[LocalSite]:
    """Serve a built site on 127.0.0.1 (a free port) for the duration of the block."""
    site = LocalSite("")
    handler = functools.partial(_GzipHandler, site=site, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
