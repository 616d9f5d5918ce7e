"""Every committed figure as colour-blind readers see it (deuteranopia, protanopia, tritanopia).

An instructor's build tool (``tools/``), not part of the installed package.

Usage (from the course folder): ``python tools/colour_blind.py [notebooks/02_*.ipynb ...]
[--target build/colour-blind]``. Without notebooks it reads every ``notebooks/NN_*.ipynb``.

For each ``image/png`` output of a notebook, and each picture embedded in an HTML output (the
animations: a GIF's middle and last frames, a JavaScript player's first and last frames), it
writes ``<target>/<notebook>/cell<NN>_<k>.png``: the figure, then the same figure simulated for
deuteranopia, protanopia and tritanopia at full severity with Machado, Oliveira and Fernandes'
2009 model (``colour.matrix_cvd_Machado2009``, from the colour-science package in
requirements-test.txt), side by side and labelled. Look at them: where two things the figure
tells apart by colour look the same in a simulated panel, that figure needs a second cue.

The simulation works on linear RGB: sRGB is decoded (``colour.cctf_decoding``), multiplied by
the deficiency's 3x3 matrix, clipped to [0, 1] and encoded again (``colour.cctf_encoding``).
``tests/viz/test_palette.py`` uses :func:`simulate` and :func:`delta_e` on the course's named
colours.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

PRINT_OPTIONS = np.get_printoptions()
with warnings.catch_warnings():  # colour-science warns that SciPy is missing; nothing here uses it
    warnings.filterwarnings("ignore", message='"SciPy" related API features')
    import colour
    from colour.utilities import ColourUsageWarning
np.set_printoptions(**PRINT_OPTIONS)  # importing colour sets NumPy's legacy="1.13" printing

ROOT = Path(__file__).resolve().parents[1]
DEFICIENCIES = ("Deuteranomaly", "Protanomaly", "Tritanomaly")  # at severity 1: -anopia
NAMES = {"Deuteranomaly": "deuteranopia", "Protanomaly": "protanopia", "Tritanomaly": "tritanopia"}
SEVERITY = 1.0
with warnings.catch_warnings():  # the tritanomaly caveat, said in simulate()
    warnings.simplefilter("ignore", ColourUsageWarning)
    MATRICES = {d: colour.matrix_cvd_Machado2009(d, SEVERITY) for d in DEFICIENCIES}
EMBEDDED = re.compile(r"data:image/(png|gif);base64,([A-Za-z0-9+/=\\\s]+)")  # JS: "\\" + newline


def simulate(rgb, deficiency: str) -> np.ndarray:
    """sRGB values in [0, 1] (any shape ending in 3) as seen with ``deficiency`` (Machado 2009).

    ``deficiency``: ``"Deuteranomaly"``, ``"Protanomaly"`` or ``"Tritanomaly"``, at severity 1,
    the full deficiency (deuteranopia, protanopia, tritanopia). colour-science warns that its
    tritanomaly matrices approximate the deficiency by a shift of the S cone; we take them as
    they are.
    """
    if deficiency not in DEFICIENCIES:
        raise ValueError(f"deficiency must be one of {DEFICIENCIES}, got {deficiency!r:.60}")
    matrix = MATRICES[deficiency]
    linear = colour.cctf_decoding(np.clip(np.asarray(rgb, float), 0, 1))
    seen = np.clip(np.einsum("ij,...j->...i", matrix, linear), 0, 1)
    return colour.cctf_encoding(seen)


def delta_e(a, b) -> float:
    """CIEDE2000 colour difference of two sRGB colours in [0, 1] (D65, CIE 1931 observer)."""
    lab_a, lab_b = (colour.XYZ_to_Lab(colour.sRGB_to_XYZ(np.asarray(c, float))) for c in (a, b))
    return float(colour.delta_E(lab_a, lab_b, method="CIE 2000"))


def simulate_image(picture: Image.Image, deficiency: str) -> Image.Image:
    """A picture as seen with ``deficiency`` (alpha dropped onto white)."""
    rgba = picture.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    rgb = np.asarray(flat, float) / 255
    return Image.fromarray(np.round(simulate(rgb, deficiency) * 255).astype(np.uint8))


def side_by_side(picture: Image.Image) -> Image.Image:
    """The picture and its three simulations, each under its label: in a row, or two by two
    when the picture is wider than tall (so that a wide figure stays readable)."""
    original = picture.convert("RGB")
    panels = [("original", original)] + [
        (NAMES[d], simulate_image(picture, d)) for d in DEFICIENCIES
    ]
    w, h = original.size
    columns = 4 if w <= h else 2
    rows = len(panels) // columns
    gap, label = 10, 18
    sheet = Image.new("RGB", (columns * (w + gap) - gap, rows * (h + label + gap) - gap), "white")
    draw = ImageDraw.Draw(sheet)
    for n, (name, panel) in enumerate(panels):
        x, y = (n % columns) * (w + gap), (n // columns) * (h + label + gap)
        draw.text((x + 4, y + 3), name, fill="black")
        sheet.paste(panel, (x, y + label))
    return sheet


def pictures(notebook: Path):
    """``(cell index, picture)`` for every figure of a notebook's outputs, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                png = "".join(data["image/png"])
                yield index, Image.open(io.BytesIO(base64.b64decode(png)))
            if "text/html" in data:
                embedded = EMBEDDED.findall("".join(data["text/html"]))
                if len(embedded) > 1:  # a JavaScript player: one PNG per frame
                    embedded = [embedded[0], embedded[-1]]
                for kind, payload in embedded:
                    raw = base64.b64decode(re.sub(r"[\\\s]", "", payload))
                    picture = Image.open(io.BytesIO(raw))
                    if kind == "gif":
                        n = getattr(picture, "n_frames", 1)
                        for frame in sorted({n // 2, n - 1}):
                            picture.seek(frame)
                            yield index, picture.convert("RGB")
                    else:
                        yield index, picture


def write_sheets(notebook: Path, target: Path) -> list[Path]:
    """The side-by-side sheets of one notebook in ``target/<notebook name>/``; their paths."""
    folder = target / notebook.stem
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("cell*.png"):
        old.unlink()
    written, count = [], {}
    for index, picture in pictures(notebook):
        k = count[index] = count.get(index, 0) + 1
        path = folder / f"cell{index:02d}_{k}.png"
        side_by_side(picture).save(path)
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/NN_*.ipynb")
    parser.add_argument("--target", type=Path, default=ROOT / "build" / "colour-blind")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for notebook in notebooks:
        written = write_sheets(notebook, args.target)
        print(f"{notebook.name}: {len(written)} figures -> {args.target / notebook.stem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
