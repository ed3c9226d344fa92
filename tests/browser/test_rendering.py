"""Every script is drawn with a font made for it, and phones do not scroll sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import LANGUAGE_TAGS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

# The Noto faces `scripts/system-packages` installs; the CSS names them first for each language.
SCRIPT_FACES = {
    "th": "Noto Sans Thai",
    "km": "Noto Sans Khmer",
    "zh-Hans": "Noto Sans CJK SC",
    "zh-Hant": "Noto Sans CJK TC",
    "ko": "Noto Sans CJK KR",
}
ALL_SCRIPT_FACES = {*SCRIPT_FACES.values(), "Noto Sans CJK JP", "Noto Sans CJK HK"}


def fonts_drawing(page: Page, selector: str) -> set[str]:
    """The font families Chromium used for the glyphs of the first element matching `selector`."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        session.detach()
    return {font["familyName"] for font in fonts if font["glyphCount"] > 0}


@pytest.mark.parametrize("code", [code for code in LANGUAGE_TAGS if code != "en"])
def test_each_script_is_drawn_with_its_own_font(page: Page, demo: Any, code: str) -> None:
    page.goto(f"/{code}/")
    tag = LANGUAGE_TAGS[code]
    # Han characters must use the Simplified or Traditional (or Korean) forms the language expects,
    # and nothing may fall back to a font without the glyphs (the "boxes" a reader would see).
    assert fonts_drawing(page, "h1") & ALL_SCRIPT_FACES == {SCRIPT_FACES[tag]}
    assert fonts_drawing(page, ".rich-text p") & ALL_SCRIPT_FACES == {SCRIPT_FACES[tag]}
    for other_tag, face in SCRIPT_FACES.items():
        link = f".language-switcher a[lang='{other_tag}']"
        assert fonts_drawing(page, link) & ALL_SCRIPT_FACES == {face}, other_tag


@pytest.mark.parametrize("path", ["/th/about/", "/km/", "/zh-hans/about/", "/ko/", "/th/accounts/login/"])
def test_phone_layout_does_not_scroll_sideways(page: Page, demo: Any, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
