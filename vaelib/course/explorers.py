"""Interactive explorers for the classroom: ipywidgets that decode what a student points at.

Each builder returns an ``Explorer``: a widget box whose controls (sliders, drop-downs) call an
update function that decodes with an already trained model and redraws a picture; nothing trains.
The update functions are ordinary Python, so setting a control's ``value`` in a test fires them
exactly as a click in JupyterLab does.

Displayed in a notebook, an ``Explorer`` sends JupyterLab the live widget, and beside it a PNG of
its first state and a one-line text. Stored notebooks, exported slides and the static course site
drop the widget view and keep that picture (``notebooks.StaticWidgetPictures``): no broken widget,
no random model ids; nbval compares the text line, which does not change from run to run.

Written by hand on top of ipywidgets because no library draws decoded latent points: pictures are
vaelib figures (``plots``) rendered to PNG bytes, shown in an ``ipywidgets.Image``.
"""

from __future__ import annotations

import base64
import io
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from vaelib import classes, data, evaluation, generation, latent, metrics, plots
from vaelib.model import predict

NOISE_STEP = 0.05
"""Step of the noise-level slider (noise standard deviation, images in [0, 1])."""
PATH_STEPS = 11
"""Images drawn along an interpolation path (end points included)."""
SCATTER_POINTS = 2000
"""Test codes drawn behind the latent-plane cursor (a stratified subset keeps redrawing fast)."""
PLANE_INCHES = 3.8
"""Side of a latent-plane panel: two fit side by side in JupyterLab, one on a slide under its heading."""
DIMENSION_RANGE = 3.0
"""Latent-dimension sliders run from −DIMENSION_RANGE to +DIMENSION_RANGE (prior standard deviations)."""
CONTROL_LAYOUT = widgets.Layout(width="340px")
"""Width of every slider and drop-down: wide enough for a slider track beside its label and readout."""


@dataclass
class Explorer:
    """A live widget, the update that redraws it, and what static exports show instead.

    widget: the box to display; update: redraws the pictures from the controls' current values
    (the controls call it; call it yourself after changing several at once); title: the one line
    that stands for the explorer in text outputs.
    """

    widget: widgets.Widget
    update: Callable[[], None]
    title: str
    picture: widgets.Image

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["image/png"] = base64.b64encode(self.picture.value).decode("ascii")  # as notebooks store PNGs
        bundle["text/plain"] = f"{self.title} (etkileşimli; durağan kopyalarda ilk hâlinin resmi)"
        return bundle

    def response_time(self, change: Callable[[], None], repeats: int = 5) -> float:
        """Return the median seconds from a control change (``change()``) to the redrawn picture."""
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            change()
            times.append(time.perf_counter() - start)
        return float(np.median(times))


def _leaves(widget: widgets.Widget) -> list[widgets.Widget]:
    children = getattr(widget, "children", None)
    return [leaf for child in children for leaf in _leaves(child)] if children is not None else [widget]


def readout_text(explorer: Explorer) -> str:
    """Return an explorer's current state as plain text: each control's "label = value" on one line, then every
    text readout (PSNR, the classifier's verdict, ...) without its HTML. A notebook prints it under an
    explorer, so that nbval checks the state the explorer starts in."""
    lines = []
    for leaf in _leaves(explorer.widget):
        if isinstance(leaf, widgets.HTML):
            lines.extend(re.sub(r"<[^>]+>", "", part) for part in leaf.value.split("<br>"))
        elif isinstance(leaf, (widgets.Dropdown, widgets.IntSlider, widgets.FloatSlider)):
            value = leaf.label if isinstance(leaf, widgets.Dropdown) else leaf.value
            lines.append(
                f"{leaf.description} = {value:.2f}" if isinstance(value, float) else f"{leaf.description} = {value}"
            )
    return "\n".join(lines)


def figure_png(fig: Figure) -> bytes:
    """Return a figure as PNG bytes (at ``plots.DPI``) and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=plots.DPI, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def class_verdict(judge, images: np.ndarray) -> list[str]:
    """Return "class (confidence %)" of the classifier ``judge`` for each image ``(n, 28, 28, 1)``."""
    probabilities = predict(judge, images)
    names = classes.class_names()
    return [f"{names[p.argmax()]} (%{100 * p.max():.0f})" for p in probabilities]


def _image_picture(images: np.ndarray, titles: Sequence[str]) -> bytes:
    return figure_png(plots.image_grid(images, 1, len(images), titles=list(titles)))


def _slider(description: str, low: float, high: float, step: float, value: float) -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        readout_format=".2f",
        layout=CONTROL_LAYOUT,
    )


def _observe(controls: Sequence[widgets.Widget], update: Callable[[], None]) -> None:
    for control in controls:
        control.observe(lambda _change: update(), names="value")


def denoiser(vae, x_test: np.ndarray, y_test: np.ndarray, noise_factor: float, seed: int) -> Explorer:
    """Pick a test image and a noise level → noisy input, reconstruction, clean target, PSNR and SSIM.

    x_test: ``(n, 28, 28, 1)`` clean test images in [0, 1]; y_test: their classes ``(n,)``.
    The noise of image i is drawn with seed ``seed + i`` (``data.add_noise``), so one noise
    pattern is scaled by the slider: the picture changes only with the level.
    """
    names = classes.class_names()
    kind = widgets.Dropdown(
        options=[(name, c) for c, name in enumerate(names)], value=0, description="Sınıf", layout=CONTROL_LAYOUT
    )
    which = widgets.IntSlider(
        value=0, min=0, max=49, description="Örnek", continuous_update=False, layout=CONTROL_LAYOUT
    )
    level = _slider("Gürültü", 0.0, 1.0, NOISE_STEP, noise_factor)
    picture, scores = widgets.Image(format="png"), widgets.HTML()

    def update() -> None:
        index = int(np.flatnonzero(y_test == kind.value)[which.value])
        clean = x_test[index : index + 1]
        noisy = data.add_noise(clean, level.value, seed=seed + index)
        reconstruction = evaluation.reconstruct(vae, noisy)
        picture.value = _image_picture(
            np.concatenate([noisy, reconstruction, clean]), ["gürültülü girdi", "VAE çıktısı", "temiz hedef"]
        )
        rows = [
            (label, metrics.psnr(image, clean)[0], metrics.ssim(image, clean)[0])
            for label, image in (("gürültülü girdi", noisy), ("VAE çıktısı", reconstruction))
        ]
        scores.value = "<br>".join(f"{label}: PSNR {p:.2f} dB, SSIM {s:.3f}" for label, p, s in rows)

    _observe((kind, which, level), update)
    update()
    box = widgets.VBox([widgets.HBox([kind, which, level]), picture, scores])
    return Explorer(box, update, "Gürültü giderici kaşifi", picture)


def _plane_panel(name: str, vae, codes: np.ndarray, labels: np.ndarray, judge, seed: int):
    """Return (controls, picture, verdict, update) of one model's 2-D latent plane."""
    low, high = np.percentile(codes, [0.5, 99.5], axis=0)
    centre = np.median(codes, axis=0)
    x = _slider("z₁", float(low[0]), float(high[0]), float((high[0] - low[0]) / 100), float(centre[0]))
    y = _slider("z₂", float(low[1]), float(high[1]), float((high[1] - low[1]) / 100), float(centre[1]))
    shown = latent.subsample(len(codes), min(SCATTER_POINTS, len(codes)), seed, labels)
    picture, verdict = widgets.Image(format="png"), widgets.HTML()

    def update() -> None:
        point = np.array([[x.value, y.value]], dtype=np.float32)
        image = generation.decode(vae.decoder, point)
        fig = plots.latent_scatter(codes[shown], labels[shown], name, legend="numbers")
        fig.set_size_inches(PLANE_INCHES, PLANE_INCHES)
        fig.axes[0].plot(*point[0], marker="X", markersize=14, color="black")
        inset = fig.add_axes((0.68, 0.68, 0.3, 0.3))
        inset.imshow(image[0, ..., 0], vmin=0, vmax=1, cmap="gray")
        inset.set_axis_off()
        picture.value = figure_png(fig)
        verdict.value = f"<b>{name}</b>: sınıflandırıcı {class_verdict(judge, image)[0]}"

    return [x, y], picture, verdict, update


def latent_planes(
    models: dict[str, object], codes: dict[str, np.ndarray], labels: np.ndarray, judge, seed: int
) -> Explorer:
    """Side by side 2-D latent planes: move a point in each → its decoded image and the classifier's verdict.

    models: name → a trained model with a 2-D latent (``vae.decoder``); codes: name → its test codes
    ``(n, 2)``; labels: their classes. Each panel has its own sliders over its own codes' range
    (0.5–99.5 percentiles): an autoencoder's codes and a VAE's live on different scales. The scatter
    behind the cursor shows ``SCATTER_POINTS`` codes, a stratified subset drawn with ``seed``.
    """
    panels = [_plane_panel(name, models[name], codes[name], labels, judge, seed) for name in models]
    for controls, _, _, update in panels:
        _observe(controls, update)
        update()

    def update_all() -> None:
        for _, _, _, update in panels:
            update()

    columns = [widgets.VBox([*controls, picture, verdict]) for controls, picture, verdict, _ in panels]
    return Explorer(widgets.HBox(columns), update_all, "İki boyutlu gizil düzlem kaşifi", panels[0][1])


def interpolation(models: dict[str, object], x_test: np.ndarray, y_test: np.ndarray, judge) -> Explorer:
    """Choose two classes and a position t on the straight latent path between their first test images:
    every model's decoded path, the image at t, and the classifier's verdict on it.

    models: name → trained model (``vae.encoder``, ``vae.decoder``); x_test, y_test: clean test images and classes.
    """
    names = classes.class_names()
    options = [(name, c) for c, name in enumerate(names)]
    start = widgets.Dropdown(options=options, value=1, description="Başlangıç", layout=CONTROL_LAYOUT)
    end = widgets.Dropdown(options=options, value=7, description="Bitiş", layout=CONTROL_LAYOUT)
    t = _slider("t", 0.0, 1.0, 1 / (PATH_STEPS - 1), 0.5)
    picture, verdict = widgets.Image(format="png"), widgets.HTML()

    def update() -> None:
        ends = [int(np.flatnonzero(y_test == c)[0]) for c in (start.value, end.value)]
        rows, lines = [], []
        for name, vae in models.items():
            z = evaluation.encode(vae, x_test[ends])[0]
            path = generation.decode_interpolation(vae.decoder, z[0], z[1], PATH_STEPS)
            here = generation.decode(vae.decoder, (1 - t.value) * z[:1] + t.value * z[1:])
            rows.append(np.concatenate([path, here]))
            lines.append(f"<b>{name}</b>, t = {t.value:.1f}: sınıflandırıcı {class_verdict(judge, here)[0]}")
        titles = [f"{s / (PATH_STEPS - 1):.1f}" for s in range(PATH_STEPS)] + [f"t = {t.value:.1f}"]
        fig = plots.image_rows(rows, list(models))
        for ax, title in zip(fig.axes[: len(titles)], titles):  # the first row's axes come first
            ax.set_title(title)
        picture.value = figure_png(fig)
        verdict.value = "<br>".join(lines)

    _observe((start, end, t), update)
    update()
    box = widgets.VBox([widgets.HBox([start, end, t]), picture, verdict])
    return Explorer(box, update, "Ara değerleme kaşifi", picture)


def latent_dimensions(vae, z_base: np.ndarray, dims: Sequence[int]) -> Explorer:
    """One slider per latent dimension of ``dims`` (the active ones) → the decoded image.

    z_base: ``(latent_dim,)`` the code the sliders start from (e.g. a test image's μ); the other
    dimensions keep its values.
    """
    sliders = [
        _slider(plots.latent_name(int(d)), -DIMENSION_RANGE, DIMENSION_RANGE, 0.1, float(z_base[d])) for d in dims
    ]
    picture = widgets.Image(format="png")

    def update() -> None:
        z = np.array(z_base, dtype=np.float32, copy=True)
        for d, slider in zip(dims, sliders):
            z[d] = slider.value
        picture.value = _image_picture(generation.decode(vae.decoder, z[None]), ["çözülen"])

    _observe(sliders, update)
    update()
    box = widgets.HBox([widgets.VBox(sliders), picture])
    return Explorer(box, update, "Gizil boyut kaşifi", picture)


def classroom_explorers() -> dict[str, tuple[Explorer, widgets.ValueWidget, list]]:
    """Build the four explorers of the notebooks on the committed runs; return each with one of its controls
    and the values a benchmark moves that control through."""
    from vaelib import classifier, runs
    from vaelib.course import lesson, project

    vae, cfg = runs.load_vae(runs.require_complete(project.REFERENCE_RUN_DIR))
    splits = data.load_splits(cfg)
    judge = classifier.load_classifier(project.CLASSIFIER_DIR)
    models_2d = {name: runs.load_vae(lesson.LESSON_DIR / name)[0] for name in ("ae_2d", "vae_2d")}
    codes = {name: z for name, z in lesson.latents_2d(splits).items() if name in models_2d}
    z_mean, z_log_var = evaluation.encode(vae, splits.x_test[:1])
    built = {
        "denoiser": denoiser(vae, splits.x_test, splits.y_test, cfg.noise_factor, cfg.seed),
        "latent_planes": latent_planes(models_2d, codes, splits.y_test, judge, cfg.seed),
        "interpolation": interpolation(models_2d, splits.x_test, splits.y_test, judge),
        "latent_dimensions": latent_dimensions(vae, z_mean[0], np.arange(cfg.latent_dim)[:4]),
    }
    controls = {
        "denoiser": (built["denoiser"].widget.children[0].children[2], [0.2, 0.6, 0.8, 0.3, 0.45]),
        "latent_planes": (built["latent_planes"].widget.children[1].children[0], None),
        "interpolation": (built["interpolation"].widget.children[0].children[2], [0.1, 0.3, 0.7, 0.9, 0.5]),
        "latent_dimensions": (built["latent_dimensions"].widget.children[0].children[0], [-2.0, -1.0, 1.0, 2.0, 0.0]),
    }
    result = {}
    for name, (control, values) in controls.items():
        values = values or list(np.linspace(control.min, control.max, 5))
        result[name] = (built[name], control, values)
    return result


def response_times(repeats: int = 5) -> dict[str, float]:
    """Return each classroom explorer's median seconds from moving one control to the redrawn picture."""
    times = {}
    for name, (explorer, control, values) in classroom_explorers().items():
        steps = iter(values * repeats)

        def move(control=control, steps=steps) -> None:
            control.value = next(steps)

        times[name] = explorer.response_time(move, repeats=len(values) * repeats)
    return times
