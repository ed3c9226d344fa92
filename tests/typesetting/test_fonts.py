"""The font folder typst scans holds exactly the letter fonts."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from chorus.typesetting.fonts import FONT_FILES, MissingFonts, font_search_dirs, prepare_font_folder


def test_font_folder_holds_only_the_letter_fonts(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "Stray-Font.ttf").write_bytes(b"not a font")

    assert prepare_font_folder(folder=folder) == folder

    assert sorted(entry.name for entry in folder.iterdir()) == sorted(FONT_FILES)
    for entry in folder.iterdir():
        assert entry.is_symlink()
        assert entry.resolve().is_file()


def test_font_folder_is_rebuilt_when_a_link_is_wrong(tmp_path: Path) -> None:
    folder = prepare_font_folder(folder=tmp_path / "fonts")
    thai = folder / "NotoSansThai-Regular.ttf"
    thai.unlink()
    thai.symlink_to(tmp_path / "gone.ttf")

    prepare_font_folder(folder=folder)

    assert thai.resolve().is_file()
    assert thai.resolve().name == "NotoSansThai-Regular.ttf"


def test_fonts_come_from_the_configured_folders(settings: Any, tmp_path: Path) -> None:
    settings.LETTER_FONT_DIRS = [str(tmp_path)]

    assert font_search_dirs() == [tmp_path]
    with pytest.raises(MissingFonts) as raised:
        prepare_font_folder(folder=tmp_path / "fonts")
    assert sorted(raised.value.missing) == sorted(FONT_FILES)
    assert not (tmp_path / "fonts").exists()  # nothing half-made


def test_font_folder_outside_an_unwritable_var_dir(settings: Any, tmp_path: Path) -> None:
    """A read-only deployment still renders: the links go to a private temporary folder."""
    not_a_folder = tmp_path / "var"
    not_a_folder.write_text("a file where the var folder should be")
    settings.VAR_DIR = not_a_folder

    folder = prepare_font_folder()

    assert folder.is_relative_to(Path(tempfile.gettempdir()))
    assert sorted(entry.name for entry in folder.iterdir()) == sorted(FONT_FILES)
    shutil.rmtree(folder)
