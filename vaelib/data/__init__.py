"""Fashion-MNIST: the files, the noise and splits, and the tf.data pipelines.

Images are float32 in [0, 1] with shape (n, 28, 28, 1); labels are int64 in 0..9.
Import the package and use its names (``from vaelib import data; data.load_splits(cfg)``);
each idea lives in its own module, read in this order:

- ``idx``: read and verify one IDX file (gunzip, magic number, shape, sha256) and ``DatasetError``;
- ``sources``: where the four files come from (argument, $FASHION_MNIST_DIR, Keras cache, download)
  and ``load_fashion_mnist``;
- ``splits``: the noise model (``add_noise``, the fixed-noise seed offsets), the stratified
  train / validation split (``load_splits``, ``Splits``) and class bookkeeping;
- ``pipeline``: the tf.data pipelines for ``fit`` (``train_dataset``, ``eval_dataset``,
  ``prefetched``) and ``steps_per_epoch``.
"""

from vaelib.data.idx import IMAGE_MAGIC, LABEL_MAGIC, DatasetError, read_idx
from vaelib.data.pipeline import (
    MAX_STEPS_PER_EPOCH,
    PREFETCH_BATCHES,
    eval_dataset,
    noisy_test_images,
    prefetched,
    steps_per_epoch,
    train_dataset,
)
from vaelib.data.sources import (
    BASE_URL,
    DOWNLOAD_TIMEOUT_S,
    FILES,
    UNCOMPRESSED_SHA256,
    FashionMNIST,
    download_fashion_mnist,
    find_data_dir,
    keras_cache_dir,
    load_fashion_mnist,
)
from vaelib.data.splits import (
    PROBE_NOISE_OFFSET,
    TEST_NOISE_OFFSET,
    VAL_NOISE_OFFSET,
    Splits,
    add_noise,
    class_counts,
    first_indices_per_class,
    load_splits,
    stratified_split,
)

__all__ = [
    "BASE_URL",
    "DOWNLOAD_TIMEOUT_S",
    "FILES",
    "IMAGE_MAGIC",
    "LABEL_MAGIC",
    "MAX_STEPS_PER_EPOCH",
    "PREFETCH_BATCHES",
    "PROBE_NOISE_OFFSET",
    "TEST_NOISE_OFFSET",
    "UNCOMPRESSED_SHA256",
    "VAL_NOISE_OFFSET",
    "DatasetError",
    "FashionMNIST",
    "Splits",
    "add_noise",
    "class_counts",
    "download_fashion_mnist",
    "eval_dataset",
    "find_data_dir",
    "first_indices_per_class",
    "keras_cache_dir",
    "load_fashion_mnist",
    "load_splits",
    "noisy_test_images",
    "prefetched",
    "read_idx",
    "steps_per_epoch",
    "stratified_split",
    "train_dataset",
]
