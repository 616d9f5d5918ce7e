"""tools/colour_blind.py: the Machado 2009 simulation, and one sheet per figure of a notebook."""

import base64
import io
import json

import numpy as np
import pytest

if int(np.__version__.split(".")[0]) < 2:  # the floor venv (NumPy 1.26): no colour-science there
    pytest.skip("colour-science 0.4.7 needs NumPy 2", allow_module_level=True)

import colour_blind
from PIL import Image


def test_greys_stay_grey_and_red_and_green_meet_under_deuteranopia():
    for deficiency in colour_blind.DEFICIENCIES:
        grey = colour_blind.simulate([0.5, 0.5, 0.5], deficiency)
        assert np.allclose(grey, 0.5, atol=0.01), deficiency
    red, green = (
        colour_blind.simulate(c, "Deuteranomaly") for c in ([0.8, 0.3, 0.3], [0.4, 0.5, 0.3])
    )
    assert colour_blind.delta_e(red, green) < colour_blind.delta_e([0.8, 0.3, 0.3], [0.4, 0.5, 0.3])
    assert colour_blind.delta_e([1, 1, 1], [0, 0, 0]) == pytest.approx(100, abs=0.01)
    with pytest.raises(ValueError, match="deficiency"):
        colour_blind.simulate([0, 0, 0], "Achromatopsia")


def test_importing_it_leaves_numpy_printing_alone():
    assert np.get_printoptions()["legacy"] is False


def _png(colour, size=(6, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_one_sheet_per_figure(tmp_path):
    png = base64.b64encode(_png("red")).decode()
    gif = io.BytesIO()
    frames = [Image.new("RGB", (6, 4), c) for c in ("red", "green", "blue")]
    frames[0].save(gif, format="GIF", save_all=True, append_images=frames[1:])
    html = f'<img src="data:image/gif;base64,{base64.b64encode(gif.getvalue()).decode()}">'
    cells = [
        {"cell_type": "markdown", "source": "text"},
        {"cell_type": "code", "outputs": [{"data": {"image/png": png, "text/plain": "fig"}}]},
        {"cell_type": "code", "outputs": [{"data": {"text/html": html}}]},
    ]
    notebook = tmp_path / "05_x.ipynb"
    notebook.write_text(json.dumps({"cells": cells}))
    written = colour_blind.write_sheets(notebook, tmp_path / "out")
    assert [p.name for p in written] == ["cell01_1.png", "cell02_1.png", "cell02_2.png"]
    sheet = Image.open(written[0])
    assert sheet.size == (2 * 6 + 10, 2 * (4 + 18) + 10)  # wider than tall: two by two
    assert sheet.getpixel((2, 20)) == (255, 0, 0)  # the original, then its simulations
    assert sheet.getpixel((16 + 2, 20)) != (255, 0, 0)
