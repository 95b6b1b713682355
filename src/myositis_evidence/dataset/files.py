"""Which files a build may read: only files inside the project, and under data/ only study folders besides
the site's and the source texts' (checked before anything under data/ is read or hashed)."""

from __future__ import annotations

import os
from pathlib import Path

from myositis_evidence.dataset.yaml_source import shown
from myositis_evidence.errors import DataError

SOURCE_TEXTS_DIR_NAME = "source-texts"
SITE_DIR_NAME = "site"
# Folders directly under data/ that are not studies; every other folder there must hold a study.yml.
NON_STUDY_FOLDERS = (SITE_DIR_NAME, SOURCE_TEXTS_DIR_NAME)


def check_data_folder(data_dir: Path) -> None:
    """Every file and folder under data/ lies inside the project, and every other folder is a study's.

    A symbolic link may point elsewhere in the project (data_dir.parent), never outside it: the build reads
    and hashes what is under data/.
    """
    project = data_dir.parent
    for folder, folder_names, file_names in os.walk(data_dir):  # os.walk does not follow linked folders
        for name in (*folder_names, *file_names):
            require_inside(Path(folder) / name, project)
    for folder in sorted(path for path in data_dir.iterdir() if path.is_dir()):
        if folder.name not in NON_STUDY_FOLDERS and not (folder / "study.yml").is_file():
            raise DataError(
                folder,
                f"is a folder in {data_dir.name}/ without a study.yml "
                f"(only {' and '.join(NON_STUDY_FOLDERS)} may be other folders)",
                fix="add the study's study.yml, or move the folder out of the data folder",
            )


def require_inside(path: Path, root: Path) -> Path:
    """The resolved path, when it (following any symbolic links) lies inside root; else a DataError naming it.

    For every file a build reads from the project: data files here, pages and snippets in the build hook.
    """
    try:
        resolved, resolved_root = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        # Named by its folder: an error message resolves its path to show it, which would fail again.
        raise DataError(
            path.parent,
            f"holds '{shown(path.name)}', a symbolic link that cannot be resolved (a loop)",
            fix="replace the link with the file itself",
        ) from None
    if not resolved.is_relative_to(resolved_root):
        raise DataError(
            path,
            f"leads outside the project (to {shown(str(resolved))})",
            fix="copy the file into the project instead of linking to it",
        )
    return resolved
