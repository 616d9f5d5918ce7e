"""The one place a Keras model is fitted: training time measured, and the test loss followed.

Every recipe of the course (:mod:`.training` for notebook 07, :func:`.superres.fit`,
:func:`.patch_model.train_patch_autoencoder`) calls :func:`fit_timed`.
"""

from __future__ import annotations

import time

import numpy as np

from .. import settings
from ..core.arguments import check_int


def fit_timed(model, x, x_test=None, eval_every: int = 0, target=None, **fit_kwargs):
    """Fit an autoencoder on ``x`` and follow its test loss against training time.

    ``x`` is an array (the targets are the inputs) or a dataset of ``(x, x)``
    batches (see :func:`transposed_conv.data.image_batches`).

    With ``x_test`` (None: only the clock runs), the test loss (the model's compiled
    loss on ``x_test``) is measured after every epoch and, with ``eval_every`` > 0,
    every ``eval_every`` batches; the time spent measuring is not counted. With ``target``,
    training stops once the test loss is at or below it. Returns a dict:
    ``seconds`` (training time),
    ``curve`` (list of ``(seconds, test loss)``), ``reached`` (seconds at which
    ``target`` was reached, or None) and ``history`` (Keras' per-epoch history).
    """
    eval_every = check_int("eval_every", eval_every, 0)
    x_test = None if x_test is None else np.asarray(x_test, dtype="float32")
    tracker = _tracker(x_test, eval_every, target)
    callbacks = [tracker, *fit_kwargs.pop("callbacks", [])]
    if isinstance(x, np.ndarray):
        history = model.fit(x, x, callbacks=callbacks, **fit_kwargs)
    else:  # a dataset shuffles itself (data.image_batches); Keras warns that it ignores shuffle
        history = model.fit(x, callbacks=callbacks, **{"shuffle": False, **fit_kwargs})
    return {
        "seconds": tracker.elapsed(),
        "curve": tracker.curve,
        "reached": tracker.reached,
        "history": history.history,
    }


def _tracker(x_test, eval_every, target):
    """A Keras callback measuring the test loss on a clock that stops while it measures."""
    keras = settings.quiet_tensorflow()[1]

    class Tracker(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.start, self.paused, self.curve, self.reached, self.batches = 0.0, 0.0, [], None, 0

        def elapsed(self):
            return time.perf_counter() - self.start - self.paused

        def measure(self):
            if x_test is None:
                return
            now = self.elapsed()
            pause = time.perf_counter()
            loss = float(self.model.evaluate(x_test, x_test, verbose=0, batch_size=500))
            self.paused += time.perf_counter() - pause
            self.curve.append((now, loss))
            if target is not None and self.reached is None and loss <= target:
                self.reached = now
                self.model.stop_training = True

        def on_train_begin(self, logs=None):
            self.start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.batches += 1
            if eval_every and self.batches % eval_every == 0:
                self.measure()

        def on_epoch_end(self, epoch, logs=None):
            if not eval_every or self.batches % eval_every:
                self.measure()

    return Tracker()
