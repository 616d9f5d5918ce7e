"""Helper package of the course "Transposed Convolutions, from the matrix to the model".

Import the modules you need, e.g. ``from transposed_conv import ops, shapes``.
``shapes`` and ``ops`` need only NumPy; TensorFlow is imported only by the
modules that build or use Keras objects. Importing the package itself stays
light (no NumPy, no TensorFlow): it only makes TensorFlow's later import quiet
(see :func:`transposed_conv.settings.install_import_hook`).
"""

from . import settings as _settings

_settings.install_import_hook()

__version__ = "0.1.0"
