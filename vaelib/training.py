"""Train the VAE into a run directory: β warm-up, learning-rate schedule, NaN guard, checkpoints, resume.

``train(cfg, run_dir)`` is the one entry point; the CLI's ``train`` command and notebook 03
call it. A run killed mid-training and started again with the same config resumes after its
last finished epoch and ends with a byte-identical ``history.csv``: the data pipeline is a
stateless function of (seed, epoch, batch), and the checkpoint holds every model, optimiser
and callback state.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from vaelib import data, device, runs
from vaelib.backend import keras, tf
from vaelib.config import Config
from vaelib.errors import VaelibError
from vaelib.model import Autoencoder, build_vae
from vaelib.seeding import seed_everything


class TrainingError(VaelibError):
    """Training cannot start or diverged (the message says what to do)."""


def beta_for_epoch(epoch: int, warmup_epochs: int, schedule: str = "warmup", fraction: float = 0.0) -> float:
    """Return the KL weight β at a point of training under a ``config.BETA_SCHEDULES`` schedule.

    epoch: 1-based; fraction: the part of that epoch already done, in [0, 1).
    warmup (the report's, one value per epoch): min(1, epoch / warmup_epochs), so 0.125, 0.25, ... 1
    from epoch 8 for 8 epochs. constant: 1. cyclical (Fu et al., 2019, R = 0.5): training is cut
    into cycles of warmup_epochs epochs; in each cycle β rises linearly from 0 over its first half
    (step by step) and stays 1 over the second. No warm-up (warmup_epochs = 0) means β = 1.
    """
    if schedule == "constant" or warmup_epochs == 0:
        return 1.0
    if schedule == "cyclical":
        position = ((epoch - 1 + fraction) % warmup_epochs) / warmup_epochs
        return min(1.0, 2 * position)
    return min(1.0, epoch / warmup_epochs)


def loss_gradient_norms(vae: Autoencoder, noisy: np.ndarray, clean: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Return how hard each weighted term of the loss pulls on the encoder, for one batch.

    noisy, clean: ``(batch, 28, 28, 1)``; labels: ``(batch,)``. Returns the global L2 norm of the
    gradient of recon_weight·recon, β·KL and γ·SupCon (the model's current β and γ) with respect
    to the encoder's weights, keyed "recon", "kl", "supcon": the term with the small norm barely
    moves the codes, whatever its value. β, the sampled z and the batch are the caller's.
    """
    with tf.GradientTape(persistent=True) as tape:
        parts = vae.loss_parts(noisy, clean, labels, training=False)
        terms = {
            "recon": vae.recon_weight * parts["recon_loss"],
            "kl": tf.cast(vae.beta, parts["kl_loss"].dtype) * parts["kl_loss"],
            "supcon": tf.cast(vae.gamma_sc, parts["supcon_loss"].dtype) * parts["supcon_loss"],
        }
    weights = vae.encoder.trainable_variables
    return {
        name: float(tf.linalg.global_norm([g for g in tape.gradient(term, weights) if g is not None]))
        for name, term in terms.items()
    }


def plateau_start_epoch(cfg: Config) -> int:
    """Return the first 1-based epoch whose val_loss the learning-rate schedule watches.

    It is the first epoch with β = 1 for good: a rising β makes the validation loss rise by
    design. Under the cyclical schedule β never settles, and under the cosine learning-rate
    schedule the rate follows its own curve, so in both the plateau rule never acts.
    """
    if cfg.beta_schedule == "cyclical" or cfg.lr_schedule != "plateau":
        return cfg.epochs + 1
    return 1 if cfg.beta_schedule == "constant" else max(1, cfg.beta_warmup_epochs)


class BetaSchedule(keras.callbacks.Callback):
    """Set ``model.beta`` to ``kl_weight · beta_for_epoch``: at the start of every epoch, and under the
    cyclical schedule, whose β rises step by step, at the start of every batch."""

    def __init__(self, warmup_epochs: int, schedule: str, kl_weight: float = 1.0):
        super().__init__()
        self.warmup_epochs, self.schedule, self.kl_weight = warmup_epochs, schedule, kl_weight
        self.epoch = 0

    def _set(self, fraction: float) -> None:
        self.model.beta.assign(
            self.kl_weight * beta_for_epoch(self.epoch + 1, self.warmup_epochs, self.schedule, fraction)
        )

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self._set(0.0)

    def on_train_batch_begin(self, batch, logs=None):
        if self.schedule == "cyclical" and batch:
            self._set(batch / self.params["steps"])


class ReduceLROnPlateauAfter(keras.callbacks.ReduceLROnPlateau):
    """Multiply the learning rate by ``lr_factor`` after ``lr_patience`` epochs without a lower val_loss,
    watched from the end of the β warm-up (1-based epoch ``first_epoch``); never below ``min_learning_rate``.

    Keras' ``ReduceLROnPlateau`` with any improvement counting (``min_delta=0``) and no cooldown, with two
    changes. It ignores the epochs before ``first_epoch``: during the β warm-up the validation loss rises
    by design (β·KL grows each epoch), which the plain callback takes for a plateau, lowering the rate too
    early. And it keeps ``best`` and ``wait`` across ``fit`` calls, which the plain callback resets in
    ``on_train_begin``: they go into the checkpoint (``state``, ``restore``), so a resumed run lowers the
    rate at the same epochs. Keras compares the losses in float32, exactly, since val_loss is a float32 metric.
    """

    def __init__(self, lr_factor: float, lr_patience: int, min_learning_rate: float, first_epoch: int = 1):
        super().__init__(
            monitor="val_loss",
            factor=lr_factor,
            patience=lr_patience,
            mode="min",
            min_delta=0.0,
            cooldown=0,
            min_lr=min_learning_rate,
        )
        self.first_epoch = first_epoch
        self.best = math.inf

    def on_train_begin(self, logs=None):
        """Keep ``best`` and ``wait``: they are this run's so far (restored from the checkpoint on resume)."""

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 >= self.first_epoch:
            super().on_epoch_end(epoch, logs)

    def state(self) -> dict:
        """Return the state to store in a checkpoint."""
        return {"best": float(self.best), "wait": self.wait}

    def restore(self, state: dict) -> None:
        """Restore a state returned by ``state()``."""
        self.best, self.wait = float(state["best"]), int(state["wait"])


class StopOnNaN(keras.callbacks.Callback):
    """Stop training at the first batch whose loss is NaN or infinite and remember where."""

    def __init__(self):
        super().__init__()
        self.epoch = 0
        self.failure: str | None = None

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch + 1

    def on_train_batch_end(self, batch, logs=None):
        loss = float(logs["loss"])
        if not math.isfinite(loss):
            self.failure = f"the training loss became {loss} at epoch {self.epoch}, batch {batch + 1}"
            self.model.stop_training = True


class RunRecorder(keras.callbacks.Callback):
    """After every epoch, append the history row and write a checkpoint, both atomically.

    It must come after the callbacks whose state it saves (β, learning rate) in the list.
    Epochs in which the loss became NaN are not recorded.
    """

    def __init__(
        self,
        run_dir: Path,
        rows: list[dict],
        plateau: ReduceLROnPlateauAfter | None,
        nan_guard: StopOnNaN,
        elapsed_s: float,
    ):
        super().__init__()
        self.run_dir, self.rows, self.plateau, self.nan_guard = run_dir, rows, plateau, nan_guard
        self.elapsed_s = elapsed_s
        self.learning_rate = math.nan
        self.started = time.perf_counter()

    def on_epoch_begin(self, epoch, logs=None):
        self.learning_rate = float(self.model.optimizer.learning_rate.numpy())

    def on_epoch_end(self, epoch, logs=None):
        if self.nan_guard.failure:
            return
        row = {"epoch": epoch + 1, **{k: float(v) for k, v in logs.items() if k in runs.HISTORY_COLUMNS}}
        row["learning_rate"] = self.learning_rate
        self.rows.append(row)
        runs.write_history(self.run_dir, self.rows)
        elapsed = self.elapsed_s + time.perf_counter() - self.started
        save_checkpoint(
            self.run_dir / runs.CHECKPOINT_FILE,
            self.model,
            epoch + 1,
            self.plateau.state() if self.plateau is not None else None,
            elapsed,
        )


class EpochPrinter(keras.callbacks.Callback):
    """Print one line per epoch (no timings, so the line is the same on every run)."""

    def on_epoch_end(self, epoch, logs=None):
        print(
            f"epoch {epoch + 1:2d}/{self.params['epochs']}: loss {logs['loss']:.1f} "
            f"recon {logs['recon_loss']:.1f} kl {logs['kl_loss']:.2f} supcon {logs['supcon_loss']:.3f} "
            f"| val_loss {logs['val_loss']:.1f} | beta {logs['beta']:.3f}",
            flush=True,
        )


def save_checkpoint(path: Path, model: Autoencoder, epoch: int, plateau_state: dict | None, elapsed_s: float) -> None:
    """Write every model and optimiser variable, the finished epoch and callback state to one .npz.

    plateau_state: ``ReduceLROnPlateauAfter.state()``, or None under the cosine schedule (nothing to store).
    """
    arrays = {_key("model", i): v.numpy() for i, v in enumerate(model.variables)}
    arrays |= {_key("optimizer", i): v.numpy() for i, v in enumerate(model.optimizer.variables)}
    arrays |= {"epoch": np.int64(epoch), "elapsed_s": np.float64(elapsed_s)}
    if plateau_state is not None:
        arrays |= {"plateau_best": np.float64(plateau_state["best"]), "plateau_wait": np.int64(plateau_state["wait"])}
    runs.write_arrays(path, arrays)


def _key(owner: str, index: int) -> str:
    """Return the checkpoint key of a variable: its position, since paths repeat across sub-models
    and carry process-dependent counters (``seed_generator_3``)."""
    return f"{owner}/{index:03d}"


def restore_checkpoint(path: Path, model: Autoencoder, plateau: ReduceLROnPlateauAfter | None) -> tuple[int, float]:
    """Load a checkpoint written by ``save_checkpoint``; return (finished epochs, elapsed seconds).

    plateau: the run's plateau rule, whose state is restored too; None under the cosine schedule.
    """
    saved = runs.read_arrays(path)
    for prefix, variables in (("model", model.variables), ("optimizer", model.optimizer.variables)):
        for i, variable in enumerate(variables):
            variable.assign(saved[_key(prefix, i)])
    if plateau is not None:
        plateau.restore({"best": saved["plateau_best"], "wait": saved["plateau_wait"]})
    return int(saved["epoch"]), float(saved["elapsed_s"])


def learning_rate(cfg: Config, steps_per_epoch: int) -> float | keras.optimizers.schedules.LearningRateSchedule:
    """Return the optimiser's learning rate: a constant (the plateau rule changes it) or the cosine schedule.

    The cosine schedule is a function of the optimiser's step counter, which the checkpoint
    saves, so a resumed run continues on the same curve.
    """
    if cfg.lr_schedule == "plateau":
        return cfg.learning_rate
    warmup_steps = cfg.lr_warmup_epochs * steps_per_epoch
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=cfg.min_learning_rate if warmup_steps else cfg.learning_rate,
        decay_steps=cfg.epochs * steps_per_epoch - warmup_steps,
        alpha=cfg.min_learning_rate / cfg.learning_rate,
        warmup_target=cfg.learning_rate if warmup_steps else None,
        warmup_steps=warmup_steps,
    )


def plateau_rule(cfg: Config) -> ReduceLROnPlateauAfter | None:
    """Return the callback that lowers the learning rate on a plateau if ``cfg.lr_schedule`` is "plateau", else None.

    The cosine schedule needs no callback: the optimiser's rate is a function of its step counter.
    """
    if cfg.lr_schedule != "plateau":
        return None
    return ReduceLROnPlateauAfter(
        cfg.lr_factor, cfg.lr_patience, cfg.min_learning_rate, first_epoch=plateau_start_epoch(cfg)
    )


def compiled_vae(cfg: Config, steps_per_epoch: int = 1, networks: tuple | None = None) -> Autoencoder:
    """Return a VAE built from ``cfg`` and compiled with Adam (AdamW if ``cfg.weight_decay``), its
    optimiser variables created. steps_per_epoch: batches per epoch, which the cosine schedule needs;
    networks: see ``model.build_vae``."""
    vae = build_vae(cfg, networks)
    vae.gamma_sc.assign(cfg.gamma_sc)
    rate = learning_rate(cfg, steps_per_epoch)
    optimizer = (
        keras.optimizers.AdamW(learning_rate=rate, weight_decay=cfg.weight_decay)
        if cfg.weight_decay
        else keras.optimizers.Adam(learning_rate=rate)
    )
    vae.compile(optimizer=optimizer)
    vae.optimizer.build(vae.trainable_variables)
    return vae


def prepare_run_dir(cfg: Config, run_dir: Path) -> None:
    """Create ``run_dir`` with ``config.json``, or check that an unfinished run used the same config."""
    if runs.is_complete(run_dir):
        raise TrainingError(
            f"{run_dir} already holds a finished run; choose another --run-dir or delete that directory to train again"
        )
    config_path = run_dir / runs.CONFIG_FILE
    if config_path.exists():
        saved, wanted = runs.load_config(run_dir).to_dict(), cfg.to_dict()  # fields added since get defaults
        changed = sorted(k for k in wanted if saved[k] != wanted[k])
        if changed:
            details = ", ".join(f"{k}: {saved[k]!r} there, {wanted[k]!r} now" for k in changed)
            raise TrainingError(
                f"{run_dir} holds an unfinished run with another config ({details}); "
                "resume it with the same settings or choose another --run-dir"
            )
    else:
        runs.write_json(config_path, cfg.to_dict())


def train(
    cfg: Config,
    run_dir: Path,
    verbose: bool = True,
    splits: data.Splits | None = None,
    callbacks: tuple[keras.callbacks.Callback, ...] = (),
) -> Autoencoder:
    """Train a VAE with ``cfg`` into ``run_dir`` (resuming an unfinished run there); return it.

    splits: the data to train on; None loads Fashion-MNIST with ``data.load_splits(cfg)``.
    callbacks: extra Keras callbacks, run after the ones that record the epoch.
    Raises TrainingError when the run is already complete, was started with another config,
    or its loss became NaN (the last good checkpoint is kept).
    """
    run_dir = Path(run_dir)
    prepare_run_dir(cfg, run_dir)
    seed_everything(cfg.seed)
    dtype, reason = device.resolve_compute_dtype(cfg.compute_dtype)
    if verbose:
        print(f"{run_dir.name}: training computes in {dtype} ({reason})", flush=True)
    splits = splits or data.load_splits(cfg)
    vae = compiled_vae(cfg, data.steps_per_epoch(len(splits.x_train), cfg.batch_size))
    plateau = plateau_rule(cfg)
    first_epoch, elapsed_s = 0, 0.0
    if (run_dir / runs.CHECKPOINT_FILE).exists():
        first_epoch, elapsed_s = restore_checkpoint(run_dir / runs.CHECKPOINT_FILE, vae, plateau)
        if verbose:
            print(f"resuming {run_dir.name} after epoch {first_epoch}", flush=True)
    rows = runs.read_history(run_dir).iloc[:first_epoch].to_dict("records")
    if first_epoch < cfg.epochs:
        elapsed_s = _fit(vae, cfg, splits, run_dir, first_epoch, rows, plateau, elapsed_s, verbose, callbacks)
    _finish(vae, cfg, run_dir, elapsed_s, n_train=len(splits.x_train), compute_dtype=dtype)
    return vae


def _fit(
    vae: Autoencoder,
    cfg: Config,
    splits: data.Splits,
    run_dir: Path,
    first_epoch: int,
    rows: list[dict],
    plateau: ReduceLROnPlateauAfter | None,
    elapsed_s: float,
    verbose: bool,
    extra_callbacks: tuple[keras.callbacks.Callback, ...],
) -> float:
    """Run ``fit`` from ``first_epoch`` to ``cfg.epochs``; return the total training seconds."""
    nan_guard = StopOnNaN()
    recorder = RunRecorder(run_dir, rows, plateau, nan_guard, elapsed_s)
    callbacks = [BetaSchedule(cfg.beta_warmup_epochs, cfg.beta_schedule, cfg.kl_weight), nan_guard]
    if plateau is not None:
        callbacks.append(plateau)
    callbacks.append(recorder)
    if verbose:
        callbacks.append(EpochPrinter())
    callbacks.extend(extra_callbacks)
    vae.fit(
        data.train_dataset(splits.x_train, splits.y_train, cfg, first_epoch=first_epoch),
        steps_per_epoch=data.steps_per_epoch(len(splits.x_train), cfg.batch_size),
        epochs=cfg.epochs,
        initial_epoch=first_epoch,
        validation_data=data.eval_dataset(splits.x_val, splits.y_val, cfg, data.VAL_NOISE_OFFSET),
        callbacks=callbacks,
        shuffle=False,  # the dataset shuffles itself, deterministically per epoch
        verbose=0,
    )
    if nan_guard.failure:
        raise TrainingError(
            f"{nan_guard.failure}; the checkpoint of the last good epoch is kept in "
            f"{run_dir}. Lower learning_rate and train again in a new run directory"
        )
    return recorder.elapsed_s + time.perf_counter() - recorder.started


def _finish(vae: Autoencoder, cfg: Config, run_dir: Path, elapsed_s: float, n_train: int, compute_dtype: str) -> None:
    """Write the final weights, then ``training.json`` (which marks the run complete), then drop the checkpoint.

    compute_dtype: the dtype training computed in (``cfg.compute_dtype`` resolved on this machine).
    """
    final = build_vae(cfg)  # no optimiser state
    final.set_weights(vae.get_weights())
    runs.write_weights(final, run_dir / runs.WEIGHTS_FILE)
    runs.write_json(
        run_dir / runs.TRAINING_FILE,
        {
            "compute_dtype": compute_dtype,
            "epochs": cfg.epochs,
            "train_images": n_train,
            "wall_time_s": round(elapsed_s, 1),
            "images_per_s": round(cfg.epochs * n_train / elapsed_s, 1),
        },
    )
    (run_dir / runs.CHECKPOINT_FILE).unlink(missing_ok=True)
