"""Tests for vaelib.metrics (hand-computed values, agreement with TensorFlow and skimage) and
vaelib.metrics_files (the report's files, byte for byte)."""

from pathlib import Path

import numpy as np
import pytest
from skimage.metrics import structural_similarity

from vaelib import data, metrics, metrics_files

NOISE_FACTOR = 0.45
FIXTURES = Path(__file__).parent / "fixtures"
"""report_metrics.csv and report_metrics.txt: the original report's two files, as its README shows them."""


def _synthetic_pairs(n: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return (clean, noisy) float32 batches (n, 28, 28, 1): blocky random images and noisy copies."""
    rng = np.random.default_rng(seed)
    blocks = rng.uniform(size=(n, 7, 7, 1)).astype(np.float32)
    clean = np.repeat(np.repeat(blocks, 4, axis=1), 4, axis=2)
    return clean, data.add_noise(clean, NOISE_FACTOR, seed=seed + 1)


def _skimage_gaussian_ssim(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """SSIM per pair with skimage set up as tf.image.ssim (the report's definition)."""
    return np.array(
        [
            structural_similarity(
                x[..., 0],
                y[..., 0],
                gaussian_weights=True,
                sigma=1.5,
                use_sample_covariance=False,
                data_range=1.0,
            )
            for x, y in zip(a, b)
        ]
    )


def _tf_metric(name: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """tf.image.psnr or tf.image.ssim (max_val 1.0) per pair of (N, H, W, 1) images."""
    from vaelib.backend import tf

    return getattr(tf.image, name)(tf.constant(a), tf.constant(b), max_val=1.0).numpy()


def test_identical_images_give_zero_mse_infinite_psnr_unit_ssim():
    images, _ = _synthetic_pairs(3)
    np.testing.assert_array_equal(metrics.mse(images, images), np.zeros(3))
    assert np.all(np.isposinf(metrics.psnr(images, images)))
    np.testing.assert_allclose(metrics.ssim(images, images), np.ones(3), atol=1e-12)


def test_constant_offset_gives_hand_computed_mse_and_psnr():
    a = np.full((2, 28, 28, 1), 0.5)
    b = a + 0.1
    np.testing.assert_allclose(metrics.mse(a, b), [0.01, 0.01], rtol=1e-12)
    np.testing.assert_allclose(metrics.psnr(a, b), [20.0, 20.0], rtol=1e-12)
    np.testing.assert_allclose(metrics.psnr(a, b, data_range=2.0), [20 + 20 * np.log10(2)] * 2)


def test_random_pairs_mse_and_psnr_follow_the_definition_and_skimage():
    from skimage.metrics import mean_squared_error, peak_signal_noise_ratio

    rng = np.random.default_rng(5)
    a, b = rng.uniform(size=(2, 8, 28, 28)).astype(np.float32)
    expected_mse = ((a.astype(np.float64) - b) ** 2).reshape(8, -1).mean(axis=1)
    np.testing.assert_allclose(metrics.mse(a, b), expected_mse, rtol=1e-12)
    np.testing.assert_allclose(metrics.mse(a, b), [mean_squared_error(x, y) for x, y in zip(a, b)], rtol=1e-6)
    for data_range in (1.0, 2.0):
        np.testing.assert_allclose(
            metrics.psnr(a, b, data_range), 10 * np.log10(data_range**2 / expected_mse), rtol=1e-12
        )
        skimage_psnr = [peak_signal_noise_ratio(x, y, data_range=data_range) for x, y in zip(a, b)]
        np.testing.assert_allclose(metrics.psnr(a, b, data_range), skimage_psnr, rtol=1e-6)


def test_channel_axis_is_optional_and_shapes_must_match():
    clean, noisy = _synthetic_pairs(4)
    for fn in (metrics.mse, metrics.psnr, metrics.ssim):
        np.testing.assert_array_equal(fn(clean, noisy), fn(clean[..., 0], noisy[..., 0]))
        assert fn(clean, noisy).shape == (4,)
    with pytest.raises(ValueError, match="differ in shape"):
        metrics.mse(clean, noisy[:3])
    with pytest.raises(ValueError, match="expected images"):
        metrics.psnr(clean[0, ..., 0], noisy[0, ..., 0])
    with pytest.raises(ValueError, match="at least 11"):
        metrics.ssim(clean[:, :10], noisy[:, :10])


def test_ssim_map_is_valid_filtered():
    from scipy.signal.windows import gaussian

    kernel = metrics._gaussian_kernel()
    reference = gaussian(11, std=1.5)  # tf.image.ssim's window: 11 taps, σ = 1.5, normalised to sum 1
    np.testing.assert_allclose(kernel, reference / reference.sum(), rtol=1e-12)
    assert metrics._filter_valid(np.zeros((1, 28, 28)), kernel).shape == (1, 18, 18)


def test_synthetic_ssim_matches_skimage_and_tensorflow():
    clean, noisy = _synthetic_pairs()
    ours = metrics.ssim(noisy, clean)
    np.testing.assert_allclose(ours, _skimage_gaussian_ssim(noisy, clean), atol=1e-4)
    np.testing.assert_allclose(ours, _tf_metric("ssim", noisy, clean), atol=1e-4)


def test_synthetic_psnr_matches_tensorflow():
    clean, noisy = _synthetic_pairs()
    np.testing.assert_allclose(metrics.psnr(noisy, clean), _tf_metric("psnr", noisy, clean), atol=1e-4)


def test_real_noisy_pairs_match_skimage_and_tensorflow(real_data_dir):
    clean = data.load_fashion_mnist(real_data_dir).x_test[:50]
    noisy = data.add_noise(clean, NOISE_FACTOR, seed=0)
    ours = metrics.ssim(noisy, clean)
    np.testing.assert_allclose(ours, _skimage_gaussian_ssim(noisy, clean), atol=1e-4)
    np.testing.assert_allclose(ours, _tf_metric("ssim", noisy, clean), atol=1e-4)
    np.testing.assert_allclose(metrics.psnr(noisy, clean), _tf_metric("psnr", noisy, clean), atol=1e-4)
    # skimage's default window (uniform 7×7) scores the same pairs higher than the report's SSIM.
    assert metrics.ssim_skimage_default(noisy, clean).mean() > ours.mean() + 0.02


def test_ssim_skimage_default_is_skimage_with_defaults():
    clean, noisy = _synthetic_pairs(3)
    expected = [structural_similarity(x[..., 0], y[..., 0], data_range=1.0) for x, y in zip(noisy, clean)]
    np.testing.assert_allclose(metrics.ssim_skimage_default(noisy, clean), expected)


def test_denoising_table_means_and_deltas():
    clean, noisy = _synthetic_pairs(6)
    recon = np.clip(clean + 0.05, 0, 1)
    table = metrics.denoising_table(clean, noisy, recon, skimage_default=True)
    assert list(table.index) == ["MSE", "PSNR", "SSIM", metrics.SKIMAGE_DEFAULT_ROW]
    assert list(table.columns) == list(metrics.COLUMNS)
    base, vae, delta = table.loc["MSE"]
    assert base == pytest.approx(metrics.mse(noisy, clean).mean())
    assert vae == pytest.approx(metrics.mse(recon, clean).mean())
    assert delta == pytest.approx(100 * (base - vae) / base)
    base, vae, delta = table.loc["PSNR"]
    assert vae == pytest.approx(metrics.psnr(recon, clean).mean())
    assert delta == pytest.approx(vae - base)
    base, vae, delta = table.loc["SSIM"]
    assert base == pytest.approx(metrics.ssim(noisy, clean).mean())
    assert delta == pytest.approx(vae - base) and delta > 0


def test_report_metrics_improvement_is_computed_from_the_two_means():
    """The report's numbers themselves are checked against its files (next test); here the third column."""
    base, vae, delta = (metrics_files.REPORT_METRICS[column] for column in metrics.COLUMNS)
    assert delta["MSE"] == pytest.approx(100 * (base["MSE"] - vae["MSE"]) / base["MSE"], rel=1e-12)
    for metric in ("PSNR", "SSIM"):
        assert delta[metric] == pytest.approx(vae[metric] - base[metric], rel=1e-12)
    assert (delta > 0).all()  # the report's VAE improves on the noisy input in every metric


def test_report_numbers_reproduce_the_reports_files_byte_for_byte(tmp_path):
    """metrics.csv and metrics.txt are the report's files: its own numbers give its own bytes."""
    written = metrics_files.write_metrics(
        tmp_path, metrics_files.REPORT_METRICS, noise_factor=0.45, latent_dim=16, batch_size=256, epochs=20
    )
    assert written == [tmp_path / "metrics.csv", tmp_path / "metrics.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metrics.csv", "metrics.txt"]
    for name in ("metrics.csv", "metrics.txt"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / f"report_{name}").read_bytes(), name


def test_extra_rows_go_to_their_own_file_and_everything_reads_back(tmp_path):
    clean, noisy = _synthetic_pairs(6)
    table = metrics.denoising_table(clean, noisy, np.clip(clean + 0.05, 0, 1), skimage_default=True)
    written = metrics_files.write_metrics(tmp_path, table, noise_factor=0.45, latent_dim=16, batch_size=256, epochs=20)
    assert [path.name for path in written] == ["metrics.csv", "metrics.txt", "metrics_extra.csv"]
    report_rows = [line.split(",")[0] for line in (tmp_path / "metrics.csv").read_text().splitlines()]
    assert report_rows == ["metric", "MSE", "PSNR_dB", "SSIM"]
    assert metrics.SKIMAGE_DEFAULT_ROW not in (tmp_path / "metrics.txt").read_text()
    assert (tmp_path / "metrics_extra.csv").read_text().splitlines() == [
        "metric,baseline_noisy_to_clean,vae_recon_to_clean,delta_or_improvement",
        metrics.SKIMAGE_DEFAULT_ROW
        + ","
        + ",".join(f"{value:.4f}" for value in table.loc[metrics.SKIMAGE_DEFAULT_ROW]),
    ]
    back = metrics_files.read_metrics(tmp_path)
    assert list(back.index) == list(table.index) and list(back.columns) == list(table.columns)
    np.testing.assert_allclose(back.to_numpy(), table.to_numpy(), atol=5e-3)


def test_rewriting_without_extra_rows_drops_the_old_extra_file(tmp_path):
    clean, noisy = _synthetic_pairs(3)
    with_extra = metrics.denoising_table(clean, noisy, clean, skimage_default=True)
    metrics_files.write_metrics(tmp_path, with_extra, noise_factor=0.45, latent_dim=16, batch_size=256, epochs=20)
    metrics_files.write_metrics(
        tmp_path, metrics_files.REPORT_METRICS, noise_factor=0.45, latent_dim=16, batch_size=256, epochs=20
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metrics.csv", "metrics.txt"]
    assert list(metrics_files.read_metrics(tmp_path).index) == ["MSE", "PSNR", "SSIM"]


def test_metrics_text_formats_a_loss_with_its_sign():
    worse = metrics_files.REPORT_METRICS.copy()
    worse[metrics.COLUMNS[2]] = [-12.5, -1.25, -0.0125]
    text = metrics_files.metrics_text(worse, noise_factor=0.3, latent_dim=2, batch_size=32, epochs=1)
    assert "NOISE_FACTOR=0.3\nLATENT_DIM=2\nBATCH_SIZE=32\nEPOCHS=1\n" in text
    assert text.endswith("MSE improvement: -12.50%\nPSNR gain      : -1.250 dB\nSSIM gain      : -0.0125\n")
