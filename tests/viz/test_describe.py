"""A figure's description reaches its PNG output as alt metadata, in a real kernel."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from transposed_conv.viz import describe  # noqa: E402


def run_cells(*sources):
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(notebook, timeout=120).execute()
    return notebook.cells


def pngs(cell):
    return [o.get("metadata", {}) for o in cell.outputs if "image/png" in o.get("data", {})]


def test_described_figures_carry_alt_and_others_do_not():
    setup, described, plain = run_cells(
        "from transposed_conv import settings\n"
        "settings.setup(tensorflow=False)\n"
        "import matplotlib.pyplot as plt\n"
        "from transposed_conv.viz import plotting",
        "fig, ax = plt.subplots()\n_ = ax.plot([1, 2])\n"
        "plotting.describe(fig, 'A line that  rises\\n from 1 to 2.')",
        "fig, ax = plt.subplots()\n_ = ax.plot([2, 1])",
    )
    assert pngs(described) == [{"image/png": {"alt": "A line that rises from 1 to 2."}}]
    assert pngs(plain) == [{}]  # shown once, without alt: the notebooks' test catches it


def test_description_is_stored_on_the_figure():
    fig = plt.figure()
    assert describe.description(fig) is None
    assert describe.describe(fig, "  an empty figure ") is None
    assert describe.description(fig) == "an empty figure"
    plt.close(fig)


def test_outside_ipython_nothing_is_registered():
    # a fresh Python: another test may have started an IPython shell in this one
    code = "from transposed_conv.viz import describe; print(describe.show_descriptions())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    "fig, text", [(None, "x"), ("figure", "x"), (plt.figure(), ""), (plt.figure(), 3)]
)
def test_bad_arguments_name_themselves(fig, text):
    with pytest.raises(ValueError, match="fig|text"):
        describe.describe(fig, text)


def test_an_animation_frame_gets_the_description_as_alt():
    from transposed_conv.viz import signals

    anim = signals.decoder_animation(np.eye(3, 8), component=1, values=[0.0, 1.0])
    page = describe.animation_html(anim, 'Two frames: "up" and  down.')
    assert page.count('alt="Two frames: &quot;up&quot; and down."') == 1
    assert page.count('type="range" aria-label="animation frame"') == 1  # its slider's name
    with pytest.raises(ValueError, match="text"):
        describe.animation_html(anim, " ")
    with pytest.raises(ValueError, match="animation"):
        describe.animation_html("not an animation", "x")
