"""Course tooling: what runs the course around the library, not what a model computes.

- ``notebooks``: pair the jupytext sources with their ``.ipynb`` and execute them (``vaelib report``);
- ``slides``: offline reveal.js decks of the executed notebooks (``vaelib slides``);
- ``sweep``: the grids of runs behind notebook 08 (``vaelib sweep``);
- ``lesson``: the runs behind notebook 07b, autoencoder vs VAE (``vaelib lesson``);
- ``bench``: training speed in float32 and bfloat16 (``vaelib bench``);
- ``architecture``: FLOPs and the per-layer table of a model, for notebook 02 and ``bench``.

``notebooks`` and ``slides`` need the ``course`` extra (``pip install -e '.[course]'``); the others
need the runtime dependencies only.
"""
