"""The sweep machinery on a tiny grid: one row per grid point, finished runs skipped, interrupted sweeps resumed."""

import pandas as pd
import pytest

from vaelib import runs, training
from vaelib.course import grids, sweep

from synthetic import Interrupt, tiny_config, tiny_splits

GRID = {"latent_dim": (4, 16), "gamma_sc": (0.0, 1.0)}
ONE_SEED = grids.SEEDS[:1]


def test_run_names_share_the_reference_point():
    base = tiny_config()
    assert sweep.run_name(base, "latent_dim", 16) == "reference"
    assert sweep.run_name(base, "noise_factor", 0.1) == "noise_factor=0.1"


@pytest.mark.slow
def test_sweep_table_has_one_row_per_grid_point_and_skips_finished_runs(tmp_path, capsys):
    table = sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits(), seeds=ONE_SEED)
    assert list(table.columns) == list(sweep.COLUMNS)
    assert list(zip(table["grid"], table["run"])) == [
        ("latent_dim", "latent_dim=4"),
        ("latent_dim", "reference"),
        ("gamma_sc", "gamma_sc=0.0"),
        ("gamma_sc", "reference"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gamma_sc=0.0", "latent_dim=4", "reference", "sweep.csv"]
    first = (tmp_path / sweep.SWEEP_CSV).read_text()
    assert capsys.readouterr().out.count("[sweep] training") == 3
    sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits(), seeds=ONE_SEED)
    assert capsys.readouterr().out.count("is complete: skipped") == 3
    assert (tmp_path / sweep.SWEEP_CSV).read_text() == first


@pytest.mark.slow
def test_interrupted_sweep_resumes_the_unfinished_run(tmp_path, monkeypatch):
    real_train = training.train
    calls = []

    def train_then_cut_once(cfg, run_dir, **kwargs):
        calls.append(run_dir.name)
        extra = (Interrupt(after_epoch=1),) if run_dir.name == "reference" and calls.count("reference") == 1 else ()
        return real_train(cfg, run_dir, callbacks=extra, **kwargs)

    monkeypatch.setattr(training, "train", train_then_cut_once)
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits(), seeds=ONE_SEED)
    assert runs.is_complete(tmp_path / "latent_dim=4") and not runs.is_complete(tmp_path / "reference")
    assert len(sweep.read_table(tmp_path)) == 1  # the finished grid point is already in the table
    table = sweep.run_sweep(GRID, root=tmp_path, base=tiny_config(), splits=tiny_splits(), seeds=ONE_SEED)
    assert calls == ["latent_dim=4", "reference", "reference", "gamma_sc=0.0"]
    assert len(table) == 4 and len(runs.read_history(tmp_path / "reference")) == 3


def test_reading_a_missing_sweep_says_how_to_make_it(tmp_path):
    with pytest.raises(runs.RunError, match="python -m vaelib sweep"):
        sweep.read_table(tmp_path)


@pytest.mark.slow
def test_every_grid_point_is_trained_with_every_seed(tmp_path):
    table = sweep.run_sweep(
        {"latent_dim": (4,)}, root=tmp_path, base=tiny_config(), splits=tiny_splits(), seeds=(1234, 7)
    )
    assert list(zip(table["run"], table["seed"])) == [("latent_dim=4", 1234), ("latent_dim=4_seed7", 7)]
    assert runs.load_config(tmp_path / "latent_dim=4_seed7").seed == 7
    assert table["psnr"].iloc[0] != table["psnr"].iloc[1]  # another seed, another run


@pytest.mark.slow
def test_a_finished_run_without_weights_is_trained_again(tmp_path, capsys):
    run_dir = grids.ensure_trained(tiny_config(), tmp_path / "run", tiny_splits(), "test")
    weights = (run_dir / runs.WEIGHTS_FILE).read_bytes()
    (run_dir / runs.WEIGHTS_FILE).unlink()  # as in a clean clone, which has the run's small files only
    grids.ensure_trained(tiny_config(), run_dir, tiny_splits(), "test")
    assert "[test] training run again: its weights are not stored" in capsys.readouterr().out
    assert runs.is_complete(run_dir) and (run_dir / runs.WEIGHTS_FILE).read_bytes() == weights


ROWS = pd.DataFrame(
    {"psnr": [17.0, 17.1, 17.2, 17.5, 17.6, 17.4, 17.15]},
    index=pd.Index(["a", "a", "a", "b", "b", "b", "c"], name="value"),
)


def test_seed_stats_give_mean_sd_and_count_per_setting_in_order():
    stats = grids.seed_stats(ROWS, ("psnr",))
    assert list(stats.index) == ["a", "b", "c"]
    assert stats.loc["a", ("psnr", "mean")] == pytest.approx(17.1)
    assert stats.loc["a", ("psnr", "sd")] == pytest.approx(0.1)
    assert list(stats[("psnr", "n")]) == [3, 3, 1]
    assert grids.mean_sd_table(stats.loc[["a"]], {"psnr": 2}).loc["a", "psnr"] == "17.10 ± 0.10"


def test_a_difference_is_separated_only_when_no_seed_of_one_setting_reaches_the_other():
    apart = grids.compare_seeds(ROWS, "a", "b", "psnr")
    assert apart["separated"] and apart["difference"] == pytest.approx(0.4)
    assert not grids.compare_seeds(ROWS.drop(index="b"), "a", "c", "psnr")["separated"]


@pytest.mark.slow
def test_running_one_grid_keeps_the_rows_of_the_others(tmp_path):
    sweep.run_sweep({"latent_dim": (4,)}, root=tmp_path, base=tiny_config(), splits=tiny_splits(), seeds=ONE_SEED)
    table = sweep.run_sweep(
        {"gamma_sc": (0.0,)}, root=tmp_path, base=tiny_config(), splits=tiny_splits(), seeds=ONE_SEED
    )
    assert list(table["grid"]) == ["latent_dim", "gamma_sc"]


@pytest.mark.parametrize("names", [["no_such_grid"], ["latent_dim", "no_such_grid"]])
def test_sweep_command_refuses_an_unknown_grid_in_one_line(tmp_path, monkeypatch, capsys, names):
    from vaelib.course.commands import main  # what `python -m vaelib` runs

    monkeypatch.setattr(sweep, "run_sweep", lambda *args, **kwargs: pytest.fail("trained despite a bad grid"))
    assert main(["sweep", *names, "--root", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err == f"error: unknown grid no_such_grid: choose from {', '.join(sweep.GRIDS)}\n"
    assert list(tmp_path.iterdir()) == []
