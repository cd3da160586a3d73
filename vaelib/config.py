"""Hyper-parameters (one frozen ``Config``) and the named profiles."""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Mapping
from typing import Any

from vaelib.errors import VaelibError

PROFILE_ENV = "VAELIB_PROFILE"
DATA_DIR_ENV = "FASHION_MNIST_DIR"

N_TRAIN_IMAGES = 60_000
"""Images in the official Fashion-MNIST training file (split into train and validation)."""

PROFILES: dict[str, dict[str, Any]] = {
    "full": {},
    "ders": {"epochs": 2, "batch_size": 64, "beta_warmup_epochs": 2},
    "quick": {"epochs": 2, "train_size": 6000, "val_size": 1000},
}
"""Named overrides of the ``Config`` defaults. "full" is the report's setting (the reference run);
"ders" (Turkish: lesson) is the same model and objective on the full training split with a
budget short enough to retrain in front of a class: 2 epochs of 64-image batches take more
optimiser steps than 5 epochs of 256 (1,688 against 1,055) for 40 % of the arithmetic, and reached
a higher test PSNR (18.26 against 18.17 dB, both trained in float32); "quick" is a seconds-long
smoke run."""


BETA_SCHEDULES = ("warmup", "constant", "cyclical")
LR_SCHEDULES = ("plateau", "cosine")
COMPUTE_DTYPES = ("auto", "float32", "bfloat16")


class ConfigError(VaelibError, ValueError):
    """A configuration value, key or profile is invalid."""


@dataclasses.dataclass(frozen=True)
class Config:
    """All hyper-parameters of one run. Immutable; build it with ``get_config``.

    Sizes are image counts, rates are per optimiser step, epochs count passes
    over the training split.
    """

    profile: str
    seed: int = 1234
    noise_factor: float = 0.45
    """Standard deviation of the Gaussian noise added to images in [0, 1]."""
    latent_dim: int = 16
    batch_size: int = 256
    epochs: int = 20
    val_size: int = 6000
    """Stratified validation split taken from the 60,000 training images."""
    train_size: int | None = None
    """None: all remaining training images; else a stratified subset of this size."""
    beta_warmup_epochs: int = 8
    """KL weight β = min(1, epoch / beta_warmup_epochs); 0 means β = 1 from the start."""
    beta_schedule: str = "warmup"
    """"warmup": β = min(1, epoch / beta_warmup_epochs), the report's; "constant": β = 1;
    "cyclical": cycles of beta_warmup_epochs epochs, in each of which β rises linearly from 0 over the
    first half, step by step, and stays 1 over the second (Fu et al., 2019)."""
    gamma_sc: float = 1.0
    """Weight of the supervised contrastive loss."""
    ssim_weight: float = 0.0
    """Weight of an extra (1 - SSIM) reconstruction term, in nats per unit of SSIM; 0 is the report's loss."""
    supcon_temperature: float = 0.1
    learning_rate: float = 2e-3
    """Peak learning rate of the cosine schedule; the starting rate of the plateau rule."""
    lr_factor: float = 0.5
    """Factor applied to the learning rate when validation loss stops improving."""
    lr_patience: int = 1
    """Epochs without improvement before the learning rate is reduced."""
    min_learning_rate: float = 1e-5
    lr_schedule: str = "cosine"
    """"plateau": multiply by lr_factor when val_loss stops improving (after the β warm-up);
    "cosine": linear warm-up over lr_warmup_epochs to learning_rate, then cosine decay to
    min_learning_rate at the last step (Loshchilov & Hutter, 2017)."""
    lr_warmup_epochs: int = 1
    """Epochs of linear learning-rate warm-up of the cosine schedule."""
    weight_decay: float = 0.0
    """Decoupled weight decay (AdamW, Loshchilov & Hutter, 2019); 0 gives plain Adam."""
    compute_dtype: str = "auto"
    """"auto", "float32" or "bfloat16" (Keras' mixed_bfloat16 policy): what the convolutions of
    TRAINING compute in; variables, sampling and every loss stay float32. "auto" picks bfloat16
    where it is native (AVX-512 BF16 or AMX with oneDNN, a GPU of compute capability >= 8.0) and
    float32 elsewhere (``vaelib.device``); the dtype used is stored in the run's training.json.
    Inference for stored numbers and figures computes in float64 (``device.INFERENCE_DTYPE``), rounded to float32."""
    variational: bool = True
    """False trains a plain autoencoder with the same encoder and decoder: no sampling, no KL term."""
    recon_weight: float = 1.0
    """Weight of the reconstruction loss; 0 trains a VAE on the KL (and SupCon) terms alone."""
    kl_weight: float = 1.0
    """The KL weight β reaches: β = kl_weight · (the β schedule's value); 0 leaves the KL term out."""

    def __post_init__(self) -> None:
        for name, (is_valid, allowed) in _RULES.items():
            value = getattr(self, name)
            if not is_valid(value):
                raise ConfigError(f"{name}={value!r} is invalid: {allowed}")
        if self.train_size is not None and self.train_size > N_TRAIN_IMAGES - self.val_size:
            raise ConfigError(
                f"train_size={self.train_size!r} is invalid: must be at most "
                f"{N_TRAIN_IMAGES} - val_size = {N_TRAIN_IMAGES - self.val_size}"
            )
        if self.lr_schedule == "cosine" and self.lr_warmup_epochs >= self.epochs:
            raise ConfigError(
                f"lr_warmup_epochs={self.lr_warmup_epochs!r} is invalid: the cosine schedule "
                f"needs it below epochs={self.epochs!r}"
            )
        if not self.variational and self.kl_weight != 0:
            raise ConfigError(
                f"kl_weight={self.kl_weight!r} is invalid with variational=False: "
                "a plain autoencoder has no KL term, set kl_weight=0"
            )
        if self.min_learning_rate > self.learning_rate:
            raise ConfigError(
                f"min_learning_rate={self.min_learning_rate!r} is invalid: must be at most "
                f"learning_rate={self.learning_rate!r}"
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-safe dict (str, int, float or None values)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Config:
        """Build a Config from ``to_dict`` output; unknown keys raise ConfigError."""
        _reject_unknown_keys(values, "config keys")
        if "profile" not in values:
            raise ConfigError("config dict has no 'profile' key: it is required")
        return cls(**values)

    def replace(self, **changes: Any) -> Config:
        """Return a copy with some fields changed (validated like a new Config)."""
        _reject_unknown_keys(changes, "config fields")
        return dataclasses.replace(self, **changes)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _int_at_least(low: int) -> tuple[Callable[[Any], bool], str]:
    return (lambda v: _is_int(v) and v >= low), f"must be an integer >= {low}"


def _int_between(low: int, high: int) -> tuple[Callable[[Any], bool], str]:
    return (lambda v: _is_int(v) and low <= v <= high), f"must be an integer in [{low}, {high}]"


def _number_between(low: float, high: float) -> tuple[Callable[[Any], bool], str]:
    return (lambda v: _is_number(v) and low <= v <= high), f"must be a number in [{low}, {high}]"


def _positive_number() -> tuple[Callable[[Any], bool], str]:
    return (lambda v: _is_number(v) and v > 0), "must be a number > 0"


_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "profile": (lambda v: v in PROFILES, "must be one of " + ", ".join(map(repr, PROFILES))),
    "seed": _int_between(0, 2**31 - 1),
    "noise_factor": _number_between(0, 1),
    "latent_dim": _int_at_least(1),
    "batch_size": _int_at_least(1),
    "epochs": _int_at_least(1),
    "val_size": _int_between(10, N_TRAIN_IMAGES - 10),
    "train_size": (
        lambda v: v is None or (_is_int(v) and v >= 10),
        "must be None (all images) or an integer >= 10",
    ),
    "beta_warmup_epochs": _int_at_least(0),
    "beta_schedule": (lambda v: v in BETA_SCHEDULES, "must be one of " + ", ".join(map(repr, BETA_SCHEDULES))),
    "gamma_sc": (lambda v: _is_number(v) and v >= 0, "must be a number >= 0"),
    "ssim_weight": (lambda v: _is_number(v) and v >= 0, "must be a number >= 0"),
    "supcon_temperature": _positive_number(),
    "learning_rate": _positive_number(),
    "lr_factor": ((lambda v: _is_number(v) and 0 < v < 1), "must be a number in (0, 1)"),
    "lr_patience": _int_at_least(0),
    "min_learning_rate": (lambda v: _is_number(v) and v >= 0, "must be a number >= 0"),
    "lr_schedule": (lambda v: v in LR_SCHEDULES, "must be one of " + ", ".join(map(repr, LR_SCHEDULES))),
    "lr_warmup_epochs": _int_at_least(0),
    "weight_decay": (lambda v: _is_number(v) and v >= 0, "must be a number >= 0"),
    "compute_dtype": (lambda v: v in COMPUTE_DTYPES, "must be one of " + ", ".join(map(repr, COMPUTE_DTYPES))),
    "variational": (lambda v: isinstance(v, bool), "must be true or false"),
    "recon_weight": (lambda v: _is_number(v) and v >= 0, "must be a number >= 0"),
    "kl_weight": (lambda v: _is_number(v) and v >= 0, "must be a number >= 0"),
}
"""Per-field check and the allowed range quoted in the error message."""


def _reject_unknown_keys(keys: Mapping[str, Any], what: str) -> None:
    unknown = sorted(set(keys) - {f.name for f in dataclasses.fields(Config)})
    if unknown:
        known = ", ".join(f.name for f in dataclasses.fields(Config))
        raise ConfigError(f"unknown {what}: {', '.join(unknown)} (known: {known})")


def get_config(profile: str | None = None, **overrides: Any) -> Config:
    """Return the Config of a profile with optional field overrides.

    profile: a name of ``PROFILES`` ("full", "ders" or "quick"); None reads the VAELIB_PROFILE
    environment variable and falls back to "full".
    """
    if profile is None:
        profile = os.environ.get(PROFILE_ENV) or "full"
    if profile not in PROFILES:
        source = f" (from {PROFILE_ENV})" if os.environ.get(PROFILE_ENV) == profile else ""
        raise ConfigError(f"profile={profile!r}{source} is invalid: must be one of " + ", ".join(map(repr, PROFILES)))
    _reject_unknown_keys(overrides, "config overrides")
    return Config(profile=profile, **{**PROFILES[profile], **overrides})
