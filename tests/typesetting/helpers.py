"""Reading back what a letter renderer produced, the way a person or a search tool would."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from PIL import Image
from pypdf import PdfReader


def pdf_text(pdf: bytes, first: int | None = None, last: int | None = None, *, layout: bool = False) -> str:
    """The text poppler's pdftotext extracts (what copy-paste and search engines see).

    Without `layout`, pdftotext joins a line ending in "-" to the next (it takes it for a
    hyphenated word); with it, every printed line stays one line, padded with spaces.
    """
    pages = ["-layout"] if layout else []
    if first is not None:
        pages += ["-f", str(first)]
    if last is not None:
        pages += ["-l", str(last)]
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdf_fonts(pdf: bytes) -> set[str]:
    """Base names of the fonts embedded in a PDF ("NotoSansThai-Regular"), without the subset
    prefix and the "-Identity-H" suffix of CID-keyed (CJK) fonts."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        output = subprocess.run(["pdffonts", file.name], capture_output=True, check=True, text=True).stdout
    names = set()
    for line in output.splitlines()[2:]:
        name = line.split()[0]
        names.add(name.split("+", 1)[-1].removesuffix("-Identity-H"))
    return names


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of every page in PostScript points."""
    return [
        (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def page_image(pdf: bytes, page: int = 1, dpi: int = 80) -> Image.Image:
    """A page rendered by poppler, in greyscale."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-gray",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                source,
                Path(folder) / "page",
            ],
            check=True,
        )
        (image_path,) = Path(folder).glob("page*.png")
        with Image.open(image_path) as image:
            return image.convert("L").copy()


def ink(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """How many dark pixels lie in a box given as fractions of the page (left, top, right, bottom)."""
    width, height = image.size
    left, top, right, bottom = box
    region = image.crop((int(left * width), int(top * height), int(right * width), int(bottom * height)))
    histogram = region.histogram()
    return sum(histogram[:128])


def docx_paragraphs(docx: bytes) -> list[str]:
    return [paragraph.text for paragraph in Document(io.BytesIO(docx)).paragraphs]


def docx_xml(docx: bytes) -> str:
    """The main document part (word/document.xml) as text."""
    return Document(io.BytesIO(docx)).element.xml
