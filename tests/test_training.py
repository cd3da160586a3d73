"""Training machinery on tiny synthetic data: β schedule, history, determinism, resume, NaN guard."""

import csv

import numpy as np
import pytest

from vaelib import device, model, runs, training
from vaelib.backend import keras
from vaelib.data import Splits

from synthetic import Interrupt, tiny_config, tiny_splits


def test_beta_warmup_matches_the_report():
    betas = [training.beta_for_epoch(epoch, 8) for epoch in range(1, 21)]
    assert betas[0] == 0.125 and betas[3] == 0.5 and betas[7:] == [1.0] * 13
    assert training.beta_for_epoch(1, 0) == 1.0


def test_learning_rate_halves_only_after_the_warm_up():
    plateau = training.ReduceLROnPlateauAfter(lr_factor=0.5, lr_patience=1, min_learning_rate=1e-5, first_epoch=3)
    plateau.set_model(training.compiled_vae(tiny_config(lr_schedule="plateau", learning_rate=1e-3)))
    rates = []
    for epoch, val_loss in enumerate([10.0, 11.0, 12.0, 9.0, 9.5, 9.0, 8.0]):
        plateau.on_epoch_end(epoch, {"val_loss": val_loss})
        rates.append(round(float(plateau.model.optimizer.learning_rate.numpy()), 8))
    # epochs 1-2 rise during the warm-up and are ignored; epochs 5 and 6 do not beat 9.0
    assert rates == [1e-3, 1e-3, 1e-3, 1e-3, 5e-4, 2.5e-4, 2.5e-4]


def test_plateau_rule_exists_only_under_its_schedule_and_keeps_a_restored_state():
    assert training.plateau_rule(tiny_config(lr_schedule="cosine")) is None
    plateau = training.plateau_rule(tiny_config(lr_schedule="plateau"))
    plateau.restore({"best": 5.0, "wait": 1})
    plateau.on_train_begin()  # where Keras' own ReduceLROnPlateau forgets both
    assert plateau.state() == {"best": 5.0, "wait": 1}


def test_history_has_the_report_columns_and_one_row_per_epoch(tmp_path):
    training.train(tiny_config(), tmp_path, verbose=False, splits=tiny_splits())
    with (tmp_path / runs.HISTORY_FILE).open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(runs.HISTORY_COLUMNS)
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    history = runs.read_history(tmp_path)
    assert list(history.columns) == list(runs.HISTORY_COLUMNS) and history["epoch"].tolist() == [1, 2, 3]
    assert history["beta"].tolist() == [0.5, 1.0, 1.0]
    assert np.isfinite(history.to_numpy()).all()
    assert runs.is_complete(tmp_path) and not (tmp_path / runs.CHECKPOINT_FILE).exists()


def test_same_seed_gives_identical_history_and_weights(tmp_path):
    paths = [tmp_path / "a", tmp_path / "b"]
    vaes = [training.train(tiny_config(), path, verbose=False, splits=tiny_splits()) for path in paths]
    histories = [(path / runs.HISTORY_FILE).read_bytes() for path in paths]
    assert histories[0] == histories[1]
    for first, second in zip(vaes[0].get_weights(), vaes[1].get_weights()):
        np.testing.assert_array_equal(first, second)


def test_resumed_run_ends_with_the_same_history_as_an_uninterrupted_one(tmp_path, capsys):
    cfg = tiny_config(lr_schedule="plateau", lr_patience=0)  # halve the rate every epoch without improvement
    training.train(cfg, tmp_path / "whole", verbose=False, splits=tiny_splits())
    with pytest.raises(KeyboardInterrupt):
        training.train(cfg, tmp_path / "cut", verbose=False, splits=tiny_splits(), callbacks=(Interrupt(2),))
    assert len(runs.read_history(tmp_path / "cut")) == 2 and not runs.is_complete(tmp_path / "cut")
    assert {"plateau_best", "plateau_wait"} <= set(runs.read_arrays(tmp_path / "cut" / runs.CHECKPOINT_FILE))
    training.train(cfg, tmp_path / "cut", verbose=True, splits=tiny_splits())
    assert "resuming cut after epoch 2" in capsys.readouterr().out
    assert (tmp_path / "cut" / runs.HISTORY_FILE).read_bytes() == (tmp_path / "whole" / runs.HISTORY_FILE).read_bytes()


def test_cosine_run_resumes_from_a_checkpoint_without_plateau_state(tmp_path):
    cfg = tiny_config(lr_schedule="cosine", lr_warmup_epochs=1)
    training.train(cfg, tmp_path / "whole", verbose=False, splits=tiny_splits())
    with pytest.raises(KeyboardInterrupt):
        training.train(cfg, tmp_path / "cut", verbose=False, splits=tiny_splits(), callbacks=(Interrupt(2),))
    assert not any(key.startswith("plateau") for key in runs.read_arrays(tmp_path / "cut" / runs.CHECKPOINT_FILE))
    training.train(cfg, tmp_path / "cut", verbose=False, splits=tiny_splits())
    assert (tmp_path / "cut" / runs.HISTORY_FILE).read_bytes() == (tmp_path / "whole" / runs.HISTORY_FILE).read_bytes()


def test_finished_run_is_not_retrained(tmp_path):
    training.train(tiny_config(epochs=1, lr_warmup_epochs=0), tmp_path, verbose=False, splits=tiny_splits())
    before = (tmp_path / runs.WEIGHTS_FILE).read_bytes()
    with pytest.raises(training.TrainingError, match="already holds a finished run"):
        training.train(tiny_config(epochs=1, lr_warmup_epochs=0), tmp_path, verbose=False, splits=tiny_splits())
    assert (tmp_path / runs.WEIGHTS_FILE).read_bytes() == before


def test_unfinished_run_with_another_config_is_refused(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        training.train(tiny_config(), tmp_path, verbose=False, splits=tiny_splits(), callbacks=(Interrupt(1),))
    with pytest.raises(training.TrainingError, match=r"another config \(latent_dim: 16 there, 8 now\)"):
        training.train(tiny_config(latent_dim=8), tmp_path, verbose=False, splits=tiny_splits())


def test_nan_loss_stops_training_with_a_clear_message(tmp_path):
    splits = tiny_splits()
    poisoned = splits.x_train.copy()
    poisoned[:] = np.nan
    bad = Splits(poisoned, splits.y_train, splits.x_val, splits.y_val, splits.x_test, splits.y_test)
    with pytest.raises(training.TrainingError, match=r"loss became nan at epoch 1, batch 1.*Lower learning_rate"):
        training.train(tiny_config(), tmp_path, verbose=False, splits=bad)
    assert runs.read_history(tmp_path).empty and not runs.is_complete(tmp_path)


def test_beta_schedules():
    assert [training.beta_for_epoch(e, 4, "cyclical") for e in range(1, 10)] == [0, 0.5, 1, 1, 0, 0.5, 1, 1, 0]
    assert training.beta_for_epoch(1, 4, "cyclical", fraction=0.5) == 0.25  # it rises within an epoch
    assert {training.beta_for_epoch(e, 8, "constant") for e in range(1, 21)} == {1.0}
    plateau = {"lr_schedule": "plateau"}
    assert training.plateau_start_epoch(tiny_config(beta_schedule="constant", **plateau)) == 1
    assert training.plateau_start_epoch(tiny_config(**plateau)) == 2
    assert training.plateau_start_epoch(tiny_config(beta_schedule="cyclical", **plateau)) == 4  # never, in 3 epochs


def test_ssim_term_changes_only_the_total():
    plain = training.compiled_vae(tiny_config())
    with_ssim = training.compiled_vae(tiny_config(ssim_weight=100.0))
    with_ssim.set_weights(plain.get_weights())  # same weights and sampling-noise state
    x, y = tiny_splits().x_val[:8], tiny_splits().y_val[:8]
    a, b = (vae.loss_parts(x, x, y, training=False) for vae in (plain, with_ssim))
    assert float(a["recon_loss"]) == float(b["recon_loss"])
    assert float(b["loss"]) > float(a["loss"])


def test_cosine_schedule_warms_up_then_decays_to_the_minimum():
    cfg = tiny_config(lr_schedule="cosine", learning_rate=2e-3, lr_warmup_epochs=1, min_learning_rate=1e-5)
    schedule = training.learning_rate(cfg, steps_per_epoch=10)
    rates = [float(schedule(step)) for step in (0, 5, 10, 20, 30)]
    assert rates[0] == pytest.approx(1e-5) and rates[1] < rates[2] == pytest.approx(2e-3)
    assert rates[2] > rates[3] > rates[4] == pytest.approx(1e-5)
    assert training.plateau_start_epoch(cfg) == cfg.epochs + 1  # the plateau rule never acts


@pytest.mark.slow
def test_bfloat16_cosine_adamw_run_resumes_byte_identically(tmp_path):
    """In bfloat16 where it runs; where bfloat16 convolutions cannot run, training falls back to float32."""
    cfg = tiny_config(compute_dtype="bfloat16", lr_schedule="cosine", lr_warmup_epochs=1, weight_decay=1e-4)
    training.train(cfg, tmp_path / "whole", verbose=False, splits=tiny_splits())
    trained_in = device.resolve_compute_dtype("bfloat16")[0]
    assert runs.read_training(tmp_path / "whole")["compute_dtype"] == trained_in
    vae, _ = runs.load_vae(tmp_path / "whole")  # inference computes in float64 whatever training did
    layers = [
        layer for layer in vae.encoder.layers + vae.decoder.layers if not isinstance(layer, keras.layers.InputLayer)
    ]
    assert {layer.compute_dtype for layer in layers} == {device.INFERENCE_DTYPE}
    with pytest.raises(KeyboardInterrupt):
        training.train(cfg, tmp_path / "cut", verbose=False, splits=tiny_splits(), callbacks=(Interrupt(2),))
    training.train(cfg, tmp_path / "cut", verbose=False, splits=tiny_splits())
    assert (tmp_path / "cut" / runs.HISTORY_FILE).read_bytes() == (tmp_path / "whole" / runs.HISTORY_FILE).read_bytes()
    rates = runs.read_history(tmp_path / "whole")["learning_rate"].tolist()
    assert rates[0] < rates[1] > rates[2]  # warm-up epoch, then decay


def test_kl_weight_scales_beta_and_the_autoencoder_logs_no_kl(tmp_path):
    training.train(tiny_config(kl_weight=0.5), tmp_path / "half", verbose=False, splits=tiny_splits())
    assert runs.read_history(tmp_path / "half")["beta"].tolist() == [0.25, 0.5, 0.5]
    training.train(tiny_config(variational=False, kl_weight=0.0), tmp_path / "ae", verbose=False, splits=tiny_splits())
    history = runs.read_history(tmp_path / "ae")
    assert set(history["kl_loss"]) == {0.0} and set(history["beta"]) == {0.0}


def test_cyclical_beta_rises_from_zero_within_each_cycle_during_fit(tmp_path):
    """3 steps per epoch, cycles of 2 epochs: β is 0, 1/3, 2/3 in epoch 1 and 1 in epoch 2, so the logged
    (batch-mean) β is 1/3 then 1, and the next cycle starts again from 0."""
    training.train(
        tiny_config(beta_schedule="cyclical", beta_warmup_epochs=2), tmp_path, verbose=False, splits=tiny_splits()
    )
    logged = runs.read_history(tmp_path)["beta"].tolist()
    assert logged == pytest.approx([1 / 3, 1.0, 1 / 3], abs=1e-6)


def test_gradient_norms_scale_with_the_weight_of_each_term():
    vae = model.build_vae(tiny_config(), compute_dtype=device.INFERENCE_DTYPE)
    splits = tiny_splits()
    batch = (splits.x_train[:32], splits.x_train[:32], splits.y_train[:32])
    vae.gamma_sc.assign(0.0)
    assert training.loss_gradient_norms(vae, *batch)["supcon"] == 0.0
    vae.gamma_sc.assign(1.0)
    one = training.loss_gradient_norms(vae, *batch)["supcon"]
    vae.gamma_sc.assign(2.0)
    assert training.loss_gradient_norms(vae, *batch)["supcon"] == pytest.approx(2 * one, rel=1e-6) and one > 0


def test_epoch_printer_prints_one_line_per_epoch_without_timings(capsys):
    printer = training.EpochPrinter()
    printer.set_params({"epochs": 20, "steps": 3, "verbose": 0})
    logs = {
        "loss": 123.456,
        "recon_loss": 100.04,
        "kl_loss": 12.3456,
        "supcon_loss": 4.5678,
        "val_loss": 130.26,
        "beta": 0.375,
        "learning_rate": 1e-3,
    }
    printer.on_epoch_end(2, logs)
    printer.on_epoch_end(9, {**logs, "loss": 99.94, "kl_loss": 0.004, "beta": 1.0})
    assert capsys.readouterr().out.splitlines() == [
        "epoch  3/20: loss 123.5 recon 100.0 kl 12.35 supcon 4.568 | val_loss 130.3 | beta 0.375",
        "epoch 10/20: loss 99.9 recon 100.0 kl 0.00 supcon 4.568 | val_loss 130.3 | beta 1.000",
    ]
