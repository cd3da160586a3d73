"""The lesson runs of notebook 07b: every setting with every seed, and the latent paths they are scored on."""

import numpy as np
import pytest

from vaelib import classifier, data, device, generation, model, runs
from vaelib.course import grids, lesson, sweep

from synthetic import tiny_config, tiny_splits

VAE_2D = tiny_config(latent_dim=2)
AE_2D = tiny_config(latent_dim=2, variational=False, kl_weight=0.0)


@pytest.fixture(scope="module")
def untrained():
    """Untrained 2-D inference models by name ("vae", "ae") with their configs: enough to check the wiring."""
    return {
        "vae": (model.build_vae(VAE_2D, compute_dtype=device.INFERENCE_DTYPE), VAE_2D),
        "ae": (model.build_vae(AE_2D, compute_dtype=device.INFERENCE_DTYPE), AE_2D),
    }


@pytest.fixture
def few_path_pairs(monkeypatch):
    """Make ``path_scores`` follow 6 pairs instead of ``PATH_PAIRS``, and record the seeds they were drawn with."""
    real, seeds = lesson.path_pairs, []

    def six_pairs(labels, seed):
        seeds.append(seed)
        return real(labels, seed, n_pairs=6)

    monkeypatch.setattr(lesson, "path_pairs", six_pairs)
    return seeds


def test_every_setting_is_trained_with_every_seed_under_its_own_name():
    configs = lesson.lesson_configs()
    assert len(configs) == len(lesson.lesson_settings()) * len(grids.SEEDS)
    assert configs["vae_2d"].seed == grids.SEEDS[0] and configs["vae_2d_seed2"].seed == 2
    assert configs["vae_2d_seed2"].replace(seed=grids.SEEDS[0]) == configs["vae_2d"]
    assert configs["ae_2d"].latent_dim == 2 and not configs["ae_2d"].variational and configs["ae_2d"].gamma_sc == 0


def test_path_pairs_join_two_classes_and_do_not_depend_on_the_model():
    labels = np.arange(200) % 10
    pairs = lesson.path_pairs(labels, seed=1234, n_pairs=50)
    assert pairs.shape == (50, 2) and (labels[pairs[:, 0]] != labels[pairs[:, 1]]).all()
    assert (pairs == lesson.path_pairs(labels, seed=1234, n_pairs=50)).all()


def test_path_probabilities_follow_every_pair_from_end_to_end():
    vae = model.build_vae(tiny_config(latent_dim=2), compute_dtype=device.INFERENCE_DTYPE)
    codes = np.random.default_rng(0).standard_normal((6, 2))
    probabilities = lesson.path_probabilities(
        vae, classifier.build_classifier(), codes, np.array([[0, 1], [2, 3]]), steps=5
    )
    assert probabilities.shape == (2, 5, 10)
    np.testing.assert_allclose(probabilities.sum(axis=2), 1.0, rtol=1e-5)


def test_mean_test_kl_is_the_mean_kl_of_the_noisy_test_images_and_nan_for_an_autoencoder(untrained):
    splits = tiny_splits()
    vae, cfg = untrained["vae"]
    z_mean, z_log_var = (
        np.asarray(part, np.float64) for part in model.predict(vae.encoder, data.noisy_test_images(splits.x_test, cfg))
    )
    expected = np.mean(0.5 * np.sum(z_mean**2 + np.exp(z_log_var) - 1.0 - z_log_var, axis=1))
    assert lesson.mean_test_kl(vae, cfg, splits) == pytest.approx(expected, rel=1e-5) and expected > 0
    assert np.isnan(lesson.mean_test_kl(*untrained["ae"], splits))


def test_prior_scores_judge_generated_samples_decoded_from_the_prior(untrained, monkeypatch):
    vae, cfg = untrained["vae"]
    splits, calls = tiny_splits(), []

    def fake_scores(judge, samples, real_images):
        calls.append((judge, samples, real_images))
        return {"mean_confidence": 0.5, "classes_covered": 7, "frechet_distance": 3.0, "class_counts": [1] * 10}

    monkeypatch.setattr(lesson, "GENERATED_SAMPLES", 12)
    monkeypatch.setattr(classifier, "generation_scores", fake_scores)
    scores = lesson.prior_scores(vae, cfg, splits, judge="the judge")
    assert scores == {"mean_confidence": 0.5, "classes_covered": 7, "frechet_distance": 3.0}
    [(judge, samples, real_images)] = calls
    assert judge == "the judge" and real_images is splits.x_test
    np.testing.assert_array_equal(samples, generation.sample_prior(vae.decoder, 12, 2, seed=cfg.seed))


def test_path_scores_judge_only_the_inner_points_of_each_path(untrained, monkeypatch):
    vae, cfg = untrained["vae"]
    splits = tiny_splits()  # labels 0, 1, 2, 3, 0, 1, ...
    seen = {}

    def fake_probabilities(vae_, judge, z_mean, pairs):
        seen.update(judge=judge, z_mean=z_mean, pairs=pairs)
        probabilities = np.zeros((2, 5, 10))
        probabilities[:, [0, -1], 9] = 1.0  # end points: ignored
        # pair (0, 1): inner points top class 0, 5 (neither end), 1; pair (2, 3): 2, 3, 7 (neither end)
        for pair, inner in enumerate([[(0, 0.6), (5, 0.5), (1, 0.7)], [(2, 0.8), (3, 0.9), (7, 0.4)]]):
            for step, (label, p) in enumerate(inner, start=1):
                probabilities[pair, step] = (1 - p) / 9
                probabilities[pair, step, label] = p
        return probabilities

    monkeypatch.setattr(lesson, "path_pairs", lambda labels, seed: np.array([[0, 1], [2, 3]]))
    monkeypatch.setattr(lesson, "path_probabilities", fake_probabilities)
    scores = lesson.path_scores(vae, cfg, splits, judge="the judge")
    assert scores == {"path_confidence": pytest.approx(0.65), "path_other_class": pytest.approx(2 / 6)}
    assert seen["judge"] == "the judge" and (seen["pairs"] == [[0, 1], [2, 3]]).all()
    np.testing.assert_array_equal(
        seen["z_mean"], model.predict(vae.encoder, data.noisy_test_images(splits.x_test, cfg))[0]
    )


def test_path_scores_follow_the_same_pairs_in_every_run(untrained, few_path_pairs):
    splits, judge = tiny_splits(), classifier.build_classifier(device.INFERENCE_DTYPE)
    for name in ("vae", "ae"):
        scores = lesson.path_scores(*untrained[name], splits, judge)
        assert 0.1 <= scores["path_confidence"] <= 1.0 and 0.0 <= scores["path_other_class"] <= 1.0
    assert few_path_pairs == [lesson.lesson_base().seed] * 2


def test_a_lesson_row_holds_every_measured_column(untrained, monkeypatch, few_path_pairs, tmp_path):
    vae, cfg = untrained["vae"]
    splits, judge = tiny_splits(), classifier.build_classifier(device.INFERENCE_DTYPE)
    monkeypatch.setattr(lesson, "GENERATED_SAMPLES", 12)
    monkeypatch.setattr(runs, "load_vae", lambda run_dir: (vae, cfg))
    monkeypatch.setattr(
        sweep,
        "score_run",
        lambda run_dir, splits_: {"psnr": 15.0, "ssim": 0.5, "knn5_acc": 0.7, "linear_probe_acc": 0.6},
    )
    row = lesson.score_lesson_run(tmp_path, splits, judge)
    assert set(lesson.METRICS) <= set(row) and all(np.isfinite(row[name]) for name in lesson.METRICS)
    assert row["psnr"] == 15.0 and row["test_kl"] == lesson.mean_test_kl(vae, cfg, splits)
    assert row["path_confidence"] == lesson.path_scores(vae, cfg, splits, judge)["path_confidence"]


def test_run_lesson_trains_every_lesson_config_under_its_name_and_writes_one_row_each(monkeypatch, tmp_path):
    trained = {}

    def fake_ensure_trained(cfg, run_dir, splits, tag, verbose=True):
        trained[run_dir] = cfg
        return run_dir

    def fake_score(run_dir, splits, judge):
        assert judge == "the judge"
        return {name: len(run_dir.name) + i / 8 for i, name in enumerate(lesson.METRICS)}

    monkeypatch.setattr(lesson.data, "load_splits", lambda cfg: tiny_splits())
    classifier_dirs = []
    monkeypatch.setattr(classifier, "train_classifier", lambda cfg, out_dir, splits: classifier_dirs.append(out_dir))
    monkeypatch.setattr(classifier, "load_classifier", lambda out_dir: classifier_dirs.append(out_dir) or "the judge")
    monkeypatch.setattr(grids, "ensure_trained", fake_ensure_trained)
    monkeypatch.setattr(lesson, "score_lesson_run", fake_score)
    table = lesson.run_lesson(root=tmp_path, classifier_dir=tmp_path / "judge", splits=tiny_splits(), verbose=False)
    assert classifier_dirs == [tmp_path / "judge"] * 2
    configs = lesson.lesson_configs()
    assert trained == {tmp_path / name: cfg for name, cfg in configs.items()}
    assert list(table.index) == list(configs) and (tmp_path / lesson.LESSON_CSV).exists()
    assert list(table["seed"]) == [cfg.seed for cfg in configs.values()]
    assert list(table["latent_dim"]) == [cfg.latent_dim for cfg in configs.values()]
    assert table.loc["vae_2d_seed2", "setting"] == "vae_2d" and table.loc["ae_16d", "variational"] == False  # noqa: E712
    assert table.loc["beta=4.0", "frechet_distance"] == len("beta=4.0") + lesson.METRICS.index("frechet_distance") / 8
    assert table.equals(lesson.read_table(tmp_path))


def test_latents_2d_are_the_test_codes_of_the_first_seed_of_every_2d_run(untrained, monkeypatch, tmp_path):
    splits, loaded = tiny_splits(), []

    def fake_load(run_dir):
        loaded.append(run_dir)
        return untrained["vae" if lesson.lesson_configs()[run_dir.name].variational else "ae"]

    monkeypatch.setattr(runs, "load_vae", fake_load)
    codes = lesson.latents_2d(splits, root=tmp_path)
    assert list(codes) == list(lesson.TWO_D_RUNS) and loaded == [tmp_path / name for name in lesson.TWO_D_RUNS]
    assert all(lesson.lesson_configs()[name].seed == grids.SEEDS[0] for name in codes)
    ae, ae_cfg = untrained["ae"]
    np.testing.assert_array_equal(
        codes["ae_2d"], model.predict(ae.encoder, data.noisy_test_images(splits.x_test, ae_cfg))
    )
    assert {code.shape for code in codes.values()} == {(len(splits.x_test), 2)}
    assert not np.array_equal(codes["ae_2d"], codes["vae_2d"])
