"""Time a rebuild after editing one page's prose, in one process, as `mkdocs serve` does.

Usage: python rebuild.py CONFIG PAGE SITE_DIR → prints the seconds of the second build.
`mkdocs serve` starts the plugins once as serving (on_startup with command "serve"), then reloads the
configuration and rebuilds the whole site in the same process on every change; this does the same without
the file watcher and HTTP server.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def main(config_file: str, page: str, site_dir: str) -> None:
    config = load_config(config_file, site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    path = Path(config_file).parent / "docs" / page
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + "\nAn edited sentence of prose.\n", encoding="utf-8")
        start = time.perf_counter()
        build(load_config(config_file, site_dir=site_dir))
        print(f"{time.perf_counter() - start:.4f}")
    finally:
        path.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
