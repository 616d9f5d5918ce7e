"""Helper package of the course "Transposed Convolutions, from the matrix to the model".

Import the modules you need, e.g. ``from transposed_conv import ops, shapes``.
``shapes`` and ``ops`` need only NumPy; TensorFlow is imported only by the
modules that build or use Keras objects.
"""

__version__ = "0.1.0"
