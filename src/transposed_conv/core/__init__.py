"""The operation itself, in NumPy only (a test keeps TensorFlow, Keras and matplotlib out).

- ``shapes``     output-size arithmetic, integer and Keras ``"valid"``/``"same"`` padding
- ``ops``        conv2d, conv2d_transpose three ways, conv_matrix ``C``, the 1-D ops, resampling
- ``arrays``     the array plumbing ``ops`` is built from (batching, windows, col2im, crops)
- ``views``      the distribute and collect mental models, step by step
- ``layouts``    kernel layouts: Keras <-> PyTorch / MXNet
- ``porting``    PyTorch ConvTranspose1d/2d settings -> Keras, exactly
- ``decoder``    the transposed layers (output_padding) that give an encoder's sizes back
- ``subpixel``   sub-pixel convolution as a transposed convolution, ICNR, phase sums
- ``arguments``  the one home of the argument checks every layer applies
"""
