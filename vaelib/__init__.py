"""vaelib: a convolutional VAE that denoises Fashion-MNIST, written for teaching.

Importing the package is cheap: TensorFlow is only imported by the modules that
need it, through :mod:`vaelib.backend`.
"""
