"""The lesson runs of notebook 07b: every setting with every seed, and the latent paths they are scored on."""

import numpy as np

from vaelib import classifier, device, model
from vaelib.course import lesson, sweep

from synthetic import tiny_config


def test_every_setting_is_trained_with_every_seed_under_its_own_name():
    configs = lesson.lesson_configs()
    assert len(configs) == len(lesson.lesson_settings()) * len(sweep.SEEDS)
    assert configs["vae_2d"].seed == sweep.SEEDS[0] and configs["vae_2d_seed2"].seed == 2
    assert configs["vae_2d_seed2"].replace(seed=sweep.SEEDS[0]) == configs["vae_2d"]
    assert configs["ae_2d"].latent_dim == 2 and not configs["ae_2d"].variational and configs["ae_2d"].gamma_sc == 0


def test_path_pairs_join_two_classes_and_do_not_depend_on_the_model():
    labels = np.arange(200) % 10
    pairs = lesson.path_pairs(labels, seed=1234, n_pairs=50)
    assert pairs.shape == (50, 2) and (labels[pairs[:, 0]] != labels[pairs[:, 1]]).all()
    assert (pairs == lesson.path_pairs(labels, seed=1234, n_pairs=50)).all()


def test_path_probabilities_follow_every_pair_from_end_to_end():
    vae = model.build_vae(tiny_config(latent_dim=2), compute_dtype=device.INFERENCE_DTYPE)
    codes = np.random.default_rng(0).standard_normal((6, 2))
    probabilities = lesson.path_probabilities(vae, classifier.build_classifier(), codes, np.array([[0, 1], [2, 3]]),
                                              steps=5)
    assert probabilities.shape == (2, 5, 10)
    np.testing.assert_allclose(probabilities.sum(axis=2), 1.0, rtol=1e-5)
