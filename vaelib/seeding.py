"""Make a run repeatable: one seed for Python, NumPy, TensorFlow and Keras."""

from vaelib import device
from vaelib.backend import keras


def seed_everything(seed: int) -> None:
    """Seed every random generator and make TensorFlow ops deterministic.

    ``keras.utils.set_random_seed`` seeds Python's ``random``, NumPy's global
    generator, TensorFlow's global seed and Keras' own seed generator.
    ``device.make_reproducible`` then makes TensorFlow pick deterministic kernels
    (and no TensorFloat-32 on a GPU), so two runs with the same seed give the same weights
    on this machine.
    """
    keras.utils.set_random_seed(seed)
    device.make_reproducible()
