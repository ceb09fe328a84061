"""Write docs/certificate-scripts.png: the name on real certificates in many scripts.

Each certificate is written by the app's own code, rendered by poppler's
``pdftoppm`` (apt install poppler-utils) and its name band cut out, so the
picture shows what a printed certificate shows: Arabic joined right to left,
Devanagari conjuncts and vowel signs in place, no empty boxes.

    .venv/bin/python scripts/certificate-scripts-picture.py [OUT.png]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.reports.certificate import CertificateRequest, issue_certificate  # noqa: E402
from trainer.reports.certificate_page import render_certificate_pdf  # noqa: E402
from trainer.reports.signing import Issuer  # noqa: E402

NAMES = [
    ("Arabic", "محمد عبد الله"),
    ("Hebrew", "דוד לוי"),
    ("Urdu", "عمران خان ڈار"),
    ("Hindi", "अनुष्का क्षत्रिय"),
    ("Bengali", "সৌমিত্র চট্টোপাধ্যায়"),
    ("Tamil", "செல்வி கிருஷ்ணன்"),
    ("Thai", "สมชาย ใจดี"),
    ("Chinese", "王小明"),
    ("Japanese", "山田 花子"),
    ("Korean", "김민준"),
    ("Vietnamese", "Nguyễn Thị Phương Thảo"),
    ("Mixed", "Anna 李 محمد 2"),
]
DPI = 100
BAND = (125, 214, 1045, 310)  # the name and its rule, in pixels at DPI on landscape A4


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "certificate-scripts.png"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        issuer = Issuer.load_or_create(folder / "issuer")
        bands = []
        for index, (script, name) in enumerate(NAMES):
            request = CertificateRequest(name, "Handling Difficult Conversations", date(2025, 3, 7))
            prefix = folder / f"{index}"
            content = issue_certificate(request, issuer)
            pdf = render_certificate_pdf(content, prefix.with_suffix(".pdf"))
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(pdf), str(prefix)],
                check=True,
            )
            with Image.open(f"{prefix}.png") as page:
                bands.append((script, page.crop(BAND).copy()))
    width = BAND[2] - BAND[0]
    height = BAND[3] - BAND[1]
    columns = 2
    rows = (len(bands) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * width, rows * height), "#fdfbf6")
    draw = ImageDraw.Draw(sheet)
    for index, (script, band) in enumerate(bands):
        x, y = (index % columns) * width, (index // columns) * height
        sheet.paste(band, (x, y))
        draw.text((x + 8, y + 6), script, fill="#8a949d")
    sheet.save(out, optimize=True)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
