"""Data, models and training (Keras); built on ``core``.

- ``data``          load_mnist (Keras' loader or the shipped sample, and which one), curves, batches
- ``metrics``       reconstruction scores: binary cross-entropy, PSNR
- ``artifacts``     checkerboard measure, phase means, input gradients of strided stacks
- ``reference``     Keras layers the NumPy operations are checked against; PyTorch-port layers
- ``mnist_models``  notebook 07's MNIST autoencoders and their code layer
- ``patch_model``   notebook 06's 1-D patch autoencoder: builders, its filters
- ``superres``      notebook 11: MNIST 14x14 -> 28x28, five upsampling heads, one table
- ``training``      the one registry of trained variants (06, 07, 11) and the one ``fit``
- ``weights``       shipped weights and the user's cache, checked by sha256
"""
