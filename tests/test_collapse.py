"""The posterior-collapse runs of notebook 02c: their settings, their scores, the cached table."""

import pytest

from vaelib import runs, training
from vaelib.course import collapse, grids, lesson

from synthetic import tiny_config, tiny_splits


def test_both_schedules_reach_the_same_beta_with_every_seed_and_no_supcon():
    configs = collapse.collapse_configs()
    assert len(configs) == len(collapse.SCHEDULES) * len(grids.SEEDS)
    assert {cfg.kl_weight for cfg in configs.values()} == {collapse.COLLAPSE_BETA}
    assert {cfg.gamma_sc for cfg in configs.values()} == {0.0}
    assert {(cfg.beta_schedule, cfg.seed) for cfg in configs.values()} == {
        (schedule, seed) for schedule in ("constant", "warmup") for seed in grids.SEEDS
    }
    warmup = configs[f"warmup_seed{grids.SEEDS[0]}"]
    betas = [training.beta_for_epoch(epoch, warmup.beta_warmup_epochs, "warmup") for epoch in range(1, 5)]
    assert betas[0] < 1.0 and betas[-1] == 1.0  # times kl_weight: β grows to COLLAPSE_BETA


def test_a_run_is_scored_by_its_kl_and_active_dimensions(tmp_path):
    training.train(tiny_config(), tmp_path, verbose=False, splits=tiny_splits())
    row = collapse.score_collapse_run(tmp_path, tiny_splits())
    assert set(row) == {"first_epoch_kl", "final_kl", "test_kl", "active_dims", "psnr"}
    assert 0 <= row["active_dims"] <= tiny_config().latent_dim and row["test_kl"] >= 0
    assert row["first_epoch_kl"] == runs.read_history(tmp_path)["kl_loss"].iloc[0]


@pytest.mark.parametrize(
    ("reader", "command"),
    [(collapse.read_table, "python -m vaelib collapse"), (lesson.read_table, "python -m vaelib lesson")],
)
def test_reading_a_missing_table_says_how_to_make_it(tmp_path, reader, command):
    with pytest.raises(runs.RunError, match=f"not found: make it first with `{command}`"):
        reader(tmp_path)
