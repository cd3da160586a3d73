"""Small synthetic data sets and settings for fast training tests."""

from __future__ import annotations

import numpy as np

from vaelib.backend import keras
from vaelib.config import Config, get_config
from vaelib.data import Splits


def tiny_splits(n_train: int = 96, n_val: int = 32, seed: int = 0) -> Splits:
    """Return blurry-blob images of 4 classes: enough structure for the losses to move."""
    rng = np.random.default_rng(seed)

    def images(n):
        labels = np.arange(n) % 4
        yy, xx = np.mgrid[:28, :28]
        centres = 7 + 14 * np.stack([labels // 2, labels % 2], axis=1)
        blobs = np.exp(-((yy - centres[:, :1, None]) ** 2 + (xx - centres[:, 1:, None]) ** 2) / 20.0)
        noise = 0.05 * rng.random((n, 28, 28))
        return np.clip(blobs + noise, 0, 1).astype(np.float32)[..., None], labels.astype(np.int64)

    x_train, y_train = images(n_train)
    x_val, y_val = images(n_val)
    return Splits(x_train, y_train, x_val, y_val, x_val, y_val)  # the validation images double as test set


def tiny_config(**changes) -> Config:
    """Return the quick profile shrunk to 3 epochs of 32-image batches and a 2-epoch β warm-up."""
    return get_config("quick", **{"batch_size": 32, "epochs": 3, "beta_warmup_epochs": 2, **changes})


class Interrupt(keras.callbacks.Callback):
    """Simulate a killed process: raise KeyboardInterrupt once epoch ``after_epoch`` (1-based) has been recorded."""

    def __init__(self, after_epoch: int = 1):
        super().__init__()
        self.after_epoch = after_epoch

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 == self.after_epoch:
            raise KeyboardInterrupt
