"""Generate images with a trained decoder: prior samples, interpolations, traversals, 2-D planes.

``decoder`` is a Keras model (decoded with ``model.predict``) or any callable
mapping a float32 array (n, d) to images (n, 28, 28, 1) in [0, 1]. Every function
decodes all its latent vectors in one call, never one image at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy.stats import norm

Decoder = Callable[[np.ndarray], Any]
INTERPOLATION_METHODS = ("linear", "slerp")

# Below this sin(angle) two directions count as (anti)parallel and slerp falls back to linear.
_PARALLEL_TOLERANCE = 1e-6


def decode(decoder: Decoder, z: np.ndarray) -> np.ndarray:
    """Decode latent vectors z (n, d); returns float32 images (n, 28, 28, 1)."""
    z = np.asarray(z, dtype=np.float32)
    if hasattr(decoder, "predict_on_batch"):  # a Keras model
        from vaelib.model import predict

        images = predict(decoder, z)
    else:
        images = decoder(z)
    return np.asarray(images, dtype=np.float32)


def sample_prior(decoder: Decoder, n: int, latent_dim: int, seed: int) -> np.ndarray:
    """Decode n latent vectors z ~ N(0, I) of size latent_dim; returns (n, 28, 28, 1).

    z is drawn with np.random.default_rng(seed), so the images are the same for a seed.
    """
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, latent_dim), dtype=np.float32)
    return decode(decoder, z)


def _slerp_weights(z_a: np.ndarray, z_b: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Return the slerp weights (steps,) of z_a and z_b for fractions t, or None if (anti)parallel."""
    norm_a, norm_b = np.linalg.norm(z_a), np.linalg.norm(z_b)
    if norm_a == 0 or norm_b == 0:
        return None
    cos_angle = np.clip(np.dot(z_a, z_b) / (norm_a * norm_b), -1.0, 1.0)
    angle = np.arccos(cos_angle)
    if np.sin(angle) < _PARALLEL_TOLERANCE:
        return None
    return np.sin((1 - t) * angle) / np.sin(angle), np.sin(t * angle) / np.sin(angle)


def interpolate(z_a: np.ndarray, z_b: np.ndarray, steps: int, method: str = "linear") -> np.ndarray:
    """Return steps latent vectors (steps, d) from z_a to z_b, both end points included exactly.

    method "linear": evenly spaced points on the segment. "slerp": spherical
    interpolation along the great circle (equal-norm end points keep their norm),
    falling back to linear when z_a and z_b are (anti)parallel or zero. The result
    has the floating dtype of the inputs (at least float32).
    """
    if steps < 2:
        raise ValueError(f"steps must be at least 2 (both end points), got {steps}")
    if method not in INTERPOLATION_METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {INTERPOLATION_METHODS}")
    z_a, z_b = np.asarray(z_a), np.asarray(z_b)
    if z_a.shape != z_b.shape or z_a.ndim != 1:
        raise ValueError(f"z_a and z_b must be vectors of the same size, got {z_a.shape}, {z_b.shape}")
    dtype = np.result_type(z_a, z_b, np.float32)
    a, b = z_a.astype(np.float64), z_b.astype(np.float64)
    t = np.linspace(0.0, 1.0, steps)
    weights = _slerp_weights(a, b, t) if method == "slerp" else None
    weight_a, weight_b = weights if weights is not None else (1 - t, t)
    path = (weight_a[:, None] * a + weight_b[:, None] * b).astype(dtype)
    path[0], path[-1] = z_a, z_b
    return path


def decode_interpolation(
    decoder: Decoder, z_a: np.ndarray, z_b: np.ndarray, steps: int, method: str = "linear"
) -> np.ndarray:
    """Decode the interpolation from z_a to z_b (see ``interpolate``); returns (steps, 28, 28, 1)."""
    return decode(decoder, interpolate(z_a, z_b, steps, method))


def interpolation_grid(decoder: Decoder, z_pairs: np.ndarray, steps: int, method: str = "linear") -> np.ndarray:
    """Decode one interpolation per pair of latent vectors in a single decoder call.

    z_pairs: (n_pairs, 2, d), each row a (start, end) pair. Returns images of
    shape (n_pairs, steps, 28, 28, 1); row i runs from z_pairs[i, 0] to z_pairs[i, 1].
    """
    z_pairs = np.asarray(z_pairs)
    if z_pairs.ndim != 3 or z_pairs.shape[1] != 2:
        raise ValueError(f"z_pairs must have shape (n_pairs, 2, d), got {z_pairs.shape}")
    paths = np.concatenate([interpolate(z_a, z_b, steps, method) for z_a, z_b in z_pairs])
    images = decode(decoder, paths)
    return images.reshape(len(z_pairs), steps, *images.shape[1:])


def latent_traversal(decoder: Decoder, z_base: np.ndarray, dims: Sequence[int], values: Sequence[float]) -> np.ndarray:
    """Decode z_base with one dimension at a time swept over values, all in one decoder call.

    z_base: (latent_dim,); dims: the k dimensions to sweep; values: the m values each takes
    while every other dimension keeps its z_base value. Returns (k, m, 28, 28, 1): row i
    sweeps dimension dims[i], column j sets it to values[j].
    """
    z_base, values = np.asarray(z_base, np.float32), np.asarray(values, np.float32)
    z = np.tile(z_base, (len(dims), len(values), 1))
    for row, dim in enumerate(dims):
        z[row, :, dim] = values
    images = decode(decoder, z.reshape(-1, len(z_base)))
    return images.reshape(len(dims), len(values), *images.shape[1:])


def normal_quantile_grid(n: int, low_p: float = 0.05) -> np.ndarray:
    """Return n values (n,) ascending: standard-normal quantiles at n probabilities evenly spaced in [low_p, 1 - low_p].

    Cells of a latent grid built from them are equally likely under the prior, so the grid
    shows where the prior puts its mass (as the TensorFlow CVAE tutorial does with norm.ppf).
    """
    if not 0 < low_p < 0.5:
        raise ValueError(f"low_p={low_p} must be in (0, 0.5)")
    return norm.ppf(np.linspace(low_p, 1 - low_p, n))


def decode_plane(decoder: Decoder, values_x: Sequence[float], values_y: Sequence[float]) -> np.ndarray:
    """Decode a grid of a 2-D latent in one decoder call; returns (ny, nx, 28, 28, 1).

    Cell (r, c) decodes z = (values_x[c], values_y[-1 - r]): row 0 is the top of the plane,
    so with ascending values_y it holds the largest y, as in a plot with y pointing up.
    """
    xx, yy = np.meshgrid(np.asarray(values_x), np.asarray(values_y)[::-1])
    images = decode(decoder, np.stack([xx.ravel(), yy.ravel()], axis=1))
    return images.reshape(*xx.shape, *images.shape[1:])
