"""FLOP counting and the per-layer table of a Keras model, for notebook 02's architecture story and ``vaelib bench``.

FLOPs are per image of the forward pass; one multiply-add counts as 2 FLOPs.
"""

from __future__ import annotations

import pandas as pd

from vaelib.backend import keras

layers = keras.layers


def layer_flops(layer: keras.layers.Layer) -> int:
    """Return the forward-pass FLOPs per image of one Conv2D, Conv2DTranspose or Dense layer (else 0).

    One multiply-add counts as 2 FLOPs; activations, pixel shuffles and biases are ignored
    (a fraction of a percent here). A sub-model counts as the sum of its layers.
    """
    if isinstance(layer, keras.Model):
        return forward_flops(layer)
    if isinstance(layer, layers.Conv2DTranspose):  # cost per input pixel
        height, width, channels = layer.input.shape[1:]
    elif isinstance(layer, layers.Conv2D):  # cost per output pixel
        (height, width), channels = layer.output.shape[1:3], layer.input.shape[-1]
    elif isinstance(layer, layers.Dense):
        return 2 * layer.input.shape[-1] * layer.units
    else:
        return 0
    return 2 * height * width * channels * layer.filters * layer.kernel_size[0] * layer.kernel_size[1]


def forward_flops(model: keras.Model) -> int:
    """Return the forward-pass FLOPs per image of a model: the sum of ``layer_flops`` over its layers."""
    return sum(layer_flops(layer) for layer in model.layers)


def layer_table(model: keras.Model) -> pd.DataFrame:
    """Return a table with one row per layer of ``model``, indexed by layer name.

    Columns: type (class name), output shape (batch size shown as N), parameters, forward MFLOP
    (``layer_flops`` / 10⁶, 2 decimals).
    """
    rows = []
    for layer in model.layers:
        output = layer.output.shape if not isinstance(layer.output, list) else [o.shape for o in layer.output]
        flops = layer_flops(layer)
        rows.append(
            {
                "layer": layer.name,
                "type": type(layer).__name__,
                "output shape": str(output).replace("None", "N"),
                "parameters": layer.count_params(),
                "forward MFLOP": round(flops / 1e6, 2),
            }
        )
    return pd.DataFrame(rows).set_index("layer")
