"""The classroom explorers without a browser: moving a control redraws the picture and the verdict."""

import base64

import numpy as np
import pytest

from vaelib import classifier, device, model
from vaelib.course import explorers

from synthetic import tiny_config, tiny_splits

pytest.importorskip("ipywidgets", reason="ipywidgets is not installed: `make venv` installs it (course extra)")


@pytest.fixture(scope="module")
def models():
    """An untrained VAE with a 2-D latent, an untrained autoencoder and classifier: decoding is all we need."""
    cfg = tiny_config(latent_dim=2)
    vae = model.build_vae(cfg, compute_dtype=device.INFERENCE_DTYPE)
    ae = model.build_vae(cfg.replace(variational=False, kl_weight=0.0), compute_dtype=device.INFERENCE_DTYPE)
    return {"VAE": vae, "AE": ae}, classifier.build_classifier()


@pytest.fixture(scope="module")
def test_images():
    splits = tiny_splits(n_val=64)
    labels = np.arange(len(splits.y_test)) % 10  # every class present, as in Fashion-MNIST's test set
    return splits.x_test, labels


def test_the_noise_slider_redraws_the_picture_and_the_scores(models, test_images):
    explorer = explorers.denoiser(models[0]["VAE"], *test_images, noise_factor=0.45, seed=1234)
    before = (explorer.picture.value, explorer.widget.children[2].value)
    level = explorer.widget.children[0].children[2]
    level.value = 0.9
    after = (explorer.picture.value, explorer.widget.children[2].value)
    assert after[0] != before[0] and after[1] != before[1]
    assert "PSNR" in after[1] and "SSIM" in after[1]
    level.value = 0.45  # back to the first state: the same picture (noise is fixed per image)
    assert explorer.picture.value == before[0]


def test_each_latent_plane_has_its_own_cursor_and_verdict(models, test_images):
    rng = np.random.default_rng(0)
    codes = {"AE": 50 * rng.standard_normal((64, 2)), "VAE": rng.standard_normal((64, 2))}
    explorer = explorers.latent_planes(models[0], codes, test_images[1], models[1], seed=0)
    vae_column, ae_column = explorer.widget.children  # in the order of the models dict
    assert ae_column.children[0].max > 10 * vae_column.children[0].max  # each over its own scale
    vae_picture, ae_picture = vae_column.children[2].value, ae_column.children[2].value
    vae_column.children[0].value = vae_column.children[0].min
    assert vae_column.children[2].value != vae_picture and ae_column.children[2].value == ae_picture
    assert "sınıflandırıcı" in vae_column.children[3].value and "%" in vae_column.children[3].value


def test_the_interpolation_slider_moves_along_the_path(models, test_images):
    explorer = explorers.interpolation(models[0], *test_images, models[1])
    start, end, t = explorer.widget.children[0].children
    first = explorer.picture.value
    t.value = 1.0
    assert explorer.picture.value != first
    assert explorer.widget.children[2].value.count("t = 1.0") == len(models[0])


def test_one_slider_per_active_dimension(models):
    vae = models[0]["VAE"]
    explorer = explorers.latent_dimensions(vae, np.zeros(2), dims=[1])
    (slider,) = explorer.widget.children[0].children
    first = explorer.picture.value
    slider.value = 2.5
    assert explorer.picture.value != first


def test_static_copies_get_a_picture_and_a_stable_line(models, test_images):
    explorer = explorers.interpolation(models[0], *test_images, models[1])
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == explorer.picture.value
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == "Ara değerleme kaşifi (etkileşimli; durağan kopyalarda ilk hâlinin resmi)"


def test_the_readout_names_every_control_and_every_score(models, test_images):
    explorer = explorers.denoiser(models[0]["VAE"], *test_images, noise_factor=0.45, seed=1234)
    lines = explorers.readout_text(explorer).splitlines()
    assert lines[:3] == ["Sınıf = Tişört/Üst", "Örnek = 0", "Gürültü = 0.45"]
    assert lines[3].startswith("gürültülü girdi: PSNR ") and "<" not in lines[4]
