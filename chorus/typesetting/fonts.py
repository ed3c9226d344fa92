"""The fonts letters are typeset with, gathered into one small folder for typst.

typst scans every file in the folders it is given, and a Debian system has hundreds of Noto
fonts (about half a second per scan). So the compiler gets a folder of symlinks to exactly the
nine files a letter needs: Noto Sans, Noto Sans Thai, Noto Sans Khmer (regular and bold), the
two Noto Sans CJK collections (SC, TC, KR, JP and HK faces in each) and Noto Color Emoji.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from chorus.core.errors import UserFacingError

# Where Debian's fonts-noto-core, fonts-noto-cjk and fonts-noto-color-emoji put them;
# LETTER_FONT_DIRS overrides.
DEFAULT_FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")

# File name → the Debian package that ships it.
FONT_FILES = {
    "NotoSans-Regular.ttf": "fonts-noto-core",
    "NotoSans-Bold.ttf": "fonts-noto-core",
    "NotoSansThai-Regular.ttf": "fonts-noto-core",
    "NotoSansThai-Bold.ttf": "fonts-noto-core",
    "NotoSansKhmer-Regular.ttf": "fonts-noto-core",
    "NotoSansKhmer-Bold.ttf": "fonts-noto-core",
    "NotoSansCJK-Regular.ttc": "fonts-noto-cjk",
    "NotoSansCJK-Bold.ttc": "fonts-noto-cjk",
    "NotoColorEmoji.ttf": "fonts-noto-color-emoji",
}


class MissingFonts(UserFacingError):
    def __init__(self, missing: Sequence[str]) -> None:
        packages = " ".join(sorted({FONT_FILES[name] for name in missing}))
        super().__init__(
            _(
                "Letters cannot be typeset because these fonts are missing: %(files)s. "
                "Install the Debian packages %(packages)s "
                "(apt-get install --no-install-recommends %(packages)s)."
            )
            % {"files": ", ".join(missing), "packages": packages}
        )
        self.missing = list(missing)
        self.packages = packages


def font_search_dirs() -> list[Path]:
    return [Path(folder) for folder in getattr(settings, "LETTER_FONT_DIRS", DEFAULT_FONT_DIRS)]


def default_font_folder() -> Path:
    return Path(settings.VAR_DIR) / "fonts" / "letters"


def find_font_files(search_dirs: Sequence[Path]) -> dict[str, Path]:
    """The path of every font a letter needs; MissingFonts names the files not found."""
    found: dict[str, Path] = {}
    for name in FONT_FILES:
        for folder in search_dirs:
            if (folder / name).is_file():
                found[name] = (folder / name).resolve()
                break
    missing = [name for name in FONT_FILES if name not in found]
    if missing:
        raise MissingFonts(missing)
    return found


def prepare_font_folder(search_dirs: Sequence[Path] | None = None, folder: Path | None = None) -> Path:
    """Make `folder` hold symlinks to exactly the letter fonts, and return it.

    Several processes (gunicorn workers, test workers) may do this at once: each link is made
    under a private name and renamed into place, which is atomic, and a link that is already
    right is left alone.
    """
    files = find_font_files(font_search_dirs() if search_dirs is None else search_dirs)
    if folder is None:
        folder = default_font_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            # A read-only deployment: a private folder per process does as well.
            folder = Path(tempfile.mkdtemp(prefix="chorus-letter-fonts-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name, target in files.items():
        link = folder / name
        if link.is_symlink() and Path(os.readlink(link)) == target:
            continue
        temporary = folder / f".{name}.{os.getpid()}"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(target)
        temporary.replace(link)
    # Anything else in the folder would be scanned and could shadow a family name.
    for entry in folder.iterdir():
        if entry.name not in files and not entry.name.startswith(".") and not entry.is_dir():
            entry.unlink(missing_ok=True)
    return folder
