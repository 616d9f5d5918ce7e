# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Transposed Convolutions, from the matrix to the model
#
# **Start here.** This page maps the course, shows how to work with the notebooks, and checks that your environment is ready.
#
# **After this page you can** open any notebook of the course, run it, switch between the full and the quick mode, and check your own answers to the exercises.

# %% [markdown]
# ## The course map
#
# Read the notebooks in order; each one builds on the one before.
#
# | # | Notebook | You will be able to |
# |---|---|---|
# | 00 | Start here (this page) | run the course and check your setup |
# | 01 | [Convolution as a matrix](01_convolution_as_matrix.ipynb) | write a convolution as a matrix `C` and a transposed convolution as `C.T`, and say why frameworks compute it as a gradient |
# | 02 | [Two mental models](02_two_mental_models.ipynb) | compute a transposed convolution by hand, by *distributing* input values or by *collecting* them with a flipped kernel |
# | 03 | [Stride, padding, output size](03_stride_padding_output_size.ipynb) | predict the output size for any stride, padding, `output_padding` and dilation |
# | 04 | [Channels, layouts and names](04_channels_layouts_names.ipynb) | move kernels between Keras, PyTorch and MXNet layouts; tell a transposed convolution from a deconvolution |
# | 05 | [Upsampling and checkerboard artifacts](05_upsampling_checkerboard.ipynb) | compare learned and fixed upsampling and avoid checkerboard artifacts |
# | 06 | [A 1-D autoencoder on Bezier curves](06_conv1d_transpose_autoencoder.ipynb) | watch a `Conv1DTranspose` decoder learn its filters |
# | 07 | [A `Conv2DTranspose` autoencoder on MNIST](07_conv2d_transpose_mnist_autoencoder.ipynb) | build, train and improve a convolutional autoencoder |
# | 08 | [Checkerboards in gradients](08_checkerboards_in_gradients.ipynb) | explain why strided convolutions put a checkerboard into input gradients, and remove it |
# | 09 | [Sub-pixel convolution](09_subpixel_convolution.ipynb) | turn a sub-pixel layer into a transposed convolution and back, and start it without a checkerboard (ICNR) |
# | 10 | [Porting between PyTorch and Keras](10_porting_pytorch_keras.ipynb) | port a `ConvTranspose2d` to Keras exactly, and watch both mental models animated |
# | 11 | [An application: super-resolution on MNIST](11_superresolution_mnist.ipynb) | compare five trained upsampling heads on one task, and measure what is left of their checkerboards |

# %% [markdown]
# ## How to use the notebooks
#
# - Run a cell with **Shift+Enter**; run a whole notebook from the *Run* menu (*Run All Cells*). If something looks odd, *Kernel → Restart Kernel and Run All Cells* starts clean.
# - The first code cell of every notebook checks that the course's package is installed (on Google Colab it installs it; elsewhere it says what to run). Importing the package also hides TensorFlow's start-up notices (they differ from machine to machine); real warnings still show. The next cell calls `settings.setup()`: it seeds the random generators and sets the plotting style, and prints nothing.
# - The code you need again lives in a small package, `transposed_conv`, so each notebook stays short. Read it in `src/transposed_conv/`, or ask for a function's source with `??`, as in `ops.conv2d_transpose??`.
# - **Quick mode.** Set the environment variable `TRANSPOSED_CONV_QUICK=1` and the training notebooks use fewer images and epochs through the same code. The committed pages and the tests run this way, so the numbers you read on the course site come from quick mode; where a full run gives other numbers, the prose says so and gives both.
# - **Offline mode.** `TRANSPOSED_CONV_OFFLINE=1` makes `load_mnist()` use the 10,000 real MNIST digits shipped with the course's package instead of Keras' download. Without network it falls back to them by itself.
# - **Exercises** come at the end of each notebook: replace the `...` with your answer and run the check cell below it. It prints ✅ or ❌ with a hint, and a ❌ never gives the answer away. On the published pages the answer cells are already filled in (between the two solution markers), so that every check shows passing: try each exercise before you read its answer. The copies your instructor hands out (`make student`, see the [instructor guide](INSTRUCTOR_GUIDE.md)) have only the `...` blanks.

# %% [markdown]
# ## Where the material comes from
#
# The course grew from five documents; the notebooks call them by the short names on the left. Their facts, figures and examples carry over; where one of them is wrong, the notebook says so and computes the correct result.
#
# | called in the notebooks | the document |
# |---|---|
# | the post (06) | a blog post training a 1-D convolutional autoencoder on Bezier curves (`Conv1D` / `Conv1DTranspose`, window 7, stride 4, code of 3) |
# | the reading (00, 02, 03, 07) | a course reading on transposed convolutions and the Keras `Conv2DTranspose` MNIST autoencoder |
# | the up-sampling post (01, 04, 05) | Naoki Shibuya, [Up-sampling with Transposed Convolution](https://naokishibuya.medium.com/up-sampling-with-transposed-convolution-9ae4f2df52d0) (2017) |
# | the spreadsheet post (02, 03, 04) | Thom Lane, [Transposed Convolutions explained with… MS Excel!](https://medium.com/apache-mxnet/transposed-convolutions-explained-with-ms-excel-52d13030c7e8), Apache MXNet blog (2018) |
# | the thread (03, 04, 05) | [What are deconvolutional layers?](https://datascience.stackexchange.com/questions/6107/what-are-deconvolutional-layers), Data Science Stack Exchange |
#
# Further reading the course checks itself against: V. Dumoulin and F. Visin, [A guide to convolution arithmetic for deep learning](https://arxiv.org/abs/1603.07285) (2016); A. Odena, V. Dumoulin and C. Olah, [Deconvolution and Checkerboard Artifacts](https://distill.pub/2016/deconv-checkerboard/), Distill (2016); the [transposed convolution chapter](https://d2l.ai/chapter_computer-vision/transposed-conv.html) of *Dive into Deep Learning*.

# %% [markdown]
# ## Setup

# %%
import os

if "COLAB_RELEASE_TAG" in os.environ:  # on Google Colab: install the course's package first
    # %pip install -q --no-deps git+https://github.com/OWNER/REPO
import transposed_conv  # noqa: E402, F401  missing? run `pip install -e .` in the course folder

# %%
from transposed_conv import settings, versions

settings.setup()

# %% [markdown]
# ## Environment check
#
# The versions below are the ones `requirements.txt` pins; they made the numbers on these pages (Python is not pinned: with these versions any of 3.11, 3.12 and 3.13 works). Yours may differ, on Colab, a JupyterHub or your laptop: the first cell installs only the course's own package and leaves every other package as it is. The course supports a range of versions, from TensorFlow 2.16.2 and Keras 3.11.0 upward (the README lists every package), tested at those floors and at these pins; with other versions some printed numbers may differ from the pages'. The last line checks the range: it prints `every package inside`, or, for each package that is missing or older than its floor, the command that fixes it, such as `keras 3.10.0 is outside the course's range >=3.11.0: run %pip install "keras>=3.11.0" in a cell, then restart the kernel`.

# %%
import platform

import ipywidgets
import keras
import matplotlib
import numpy as np
import tensorflow as tf

python = ".".join(platform.python_version_tuple()[:2])
for name, version in [
    ("Python", python),
    ("TensorFlow", tf.__version__),
    ("Keras", keras.__version__),
    ("NumPy", np.__version__),
    ("Matplotlib", matplotlib.__version__),
    ("ipywidgets", ipywidgets.__version__),
]:
    print(f"{name:<11} {version}")
print("Keras backend:", keras.backend.backend())
print("quick mode:", "on" if settings.quick_mode() else "off")
outside = versions.outside_range()  # the ranges pyproject.toml declares
print("supported range:", "every package inside" if not outside else "; ".join(outside))

# %% [markdown]
# ## The data
#
# `load_mnist()` says where its digits came from: Keras' download when the network allows, otherwise the sample shipped with the course's package.

# %%
from transposed_conv.models import data
from transposed_conv.viz import plotting

(x_train, y_train), (x_test, y_test) = data.load_mnist()
print("train:", x_train.shape, x_train.dtype, " test:", x_test.shape)
first_of_each = [int(np.flatnonzero(y_train == d)[0]) for d in range(10)]
fig = plotting.image_row(x_train[first_of_each], titles=y_train[first_of_each])
plotting.describe(
    fig,
    "A row of ten handwritten MNIST digits, the first training image of each class, titled "
    "0 to 9: dark ink strokes on a white background, each a small grid of pixels.",
)

# %% [markdown]
# What to notice: every digit sits in a 28x28 grid of bytes (0 = white paper, 255 = full ink). By notebook 07 a network squeezes grids like these through a bottleneck and rebuilds them with transposed convolutions.
#
# ## A first taste
#
# A transposed convolution takes each input value, scales the kernel by it, and adds the scaled copies into the output. Here is the 2x2 example of the reading (input and kernel both `[[0, 1], [2, 3]]`), computed by the course package and by a Keras `Conv2DTranspose` layer holding the same kernel.

# %%
from transposed_conv.core import ops

x = np.array([[0.0, 1.0], [2.0, 3.0]])
kernel = np.array([[0.0, 1.0], [2.0, 3.0]])
print("course package:")
print(ops.conv2d_transpose(x, kernel))

layer = keras.layers.Conv2DTranspose(filters=1, kernel_size=2, use_bias=False)
layer.build((None, 2, 2, 1))
layer.set_weights([kernel.reshape(2, 2, 1, 1)])
print("Keras Conv2DTranspose:")
print(layer(x.reshape(1, 2, 2, 1)).numpy()[0, :, :, 0])

# %% [markdown]
# What to notice: a 2x2 input became a 3x3 output. The middle cell, 4, is where all four scaled kernels overlap: each input value times the kernel tap that lands there, 0·3 + 1·2 + 2·1 + 3·0. Notebook 02 draws this step by step. Here the copies start 1 cell apart (stride 1); with stride 2 each copy starts 2 cells after the one before, so they overlap less and the output grows (notebook 03 gives the size rule). The exercises below use that.
#
# ## Exercises
#
# **1. Predict the shape.** A `Conv2DTranspose` layer with `kernel_size=3`, `strides=2` and `padding="valid"` gets a 7x7 input. How many rows does its output have? Write a number, not code that computes it.

# %% nbgrader={"grade": false, "grade_id": "answer_rows", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
rows = ...  # your answer
### BEGIN SOLUTION
rows = 15
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_start_output_size", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
from transposed_conv import checks

checks.start_output_size(rows)

# %% [markdown]
# **2. Compute by hand.** The input is the single row `[[1, 2]]`, the kernel is `[[1, 1, 1]]` and the stride is 2. Write the output as a list of lists.

# %% nbgrader={"grade": false, "grade_id": "answer_output", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["solution"]
output = ...  # your answer
### BEGIN SOLUTION
output = [[1, 1, 3, 2, 2]]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check_start_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
checks.start_by_hand(output)

# %% [markdown]
# Next: **[01 Convolution as a matrix](01_convolution_as_matrix.ipynb)**.

# %% [markdown]
# **Done with this notebook?** Shut its kernel (the Python process behind the notebook) down (*Kernel* ▸ *Shut Down Kernel*) before you open the next one: each running notebook holds TensorFlow, about 600 MB, and Binder gives you 1-2 GB in all.
