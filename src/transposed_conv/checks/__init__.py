"""Self-checks for the exercises: print pass or "not yet" with a hint, never raise.

One module per notebook (``nb00_start_here`` ... ``nb11_superres``) on a shared
:mod:`.core` (the pass / "not yet" lines, graded mode, comparisons that never
crash); everything is re-exported here, so a check cell calls ``checks.<name>(answer)``.
"""

from .core import MAX_ITEMS, NOT_YET, PASS, graded, report, same_array, same_number
from .nb00_start_here import start_by_hand, start_output_size
from .nb01_conv_matrix import (
    CONV_MATRIX_CASES,
    conv_matrix_function,
    matrix_nonzeros,
    matrix_shape,
    matrix_transpose_by_hand,
)
from .nb02_mental_models import (
    DISTRIBUTE_CASES,
    distribute_cell,
    distribute_function,
    flipped_kernel,
    stretched_size,
)
from .nb03_output_size import (
    ISSUE_14158,
    LAYER_KEYS,
    decoder_output_paddings,
    output_padding_needed,
    padding_shape,
    same_shape,
    seven_to_twenty_eight,
    stride_padding_by_hand,
)
from .nb04_channels_layouts import (
    PORT_CASES,
    keras_kernel_shape,
    multichannel_by_hand,
    torch_to_keras_function,
    transpose_param_count,
)
from .nb05_upsampling import even_kernel, flat_stride3_kernel, nearest_then_conv, overlap_pattern
from .nb06_curves import DECODE_CODE, DECODE_FILTERS, code_length, decode_by_hand, taper_weights
from .nb07_mnist import (
    phase_spread_function,
    reading_layer_params,
    strided_code_size,
    upsampled_size,
)
from .nb08_gradients import even_k4_kernel, flat_kernel_3x3, striped_k4_kernel
from .nb09_subpixel import depth_to_space_function, flat_subpixel_kernel
from .nb10_porting import PORT_LAYER, keras_seven_to_fourteen, torch_port, torch_seven_to_fourteen
from .nb11_superres import flatten_phases

__all__ = [
    "CONV_MATRIX_CASES",
    "DECODE_CODE",
    "DECODE_FILTERS",
    "DISTRIBUTE_CASES",
    "ISSUE_14158",
    "LAYER_KEYS",
    "MAX_ITEMS",
    "NOT_YET",
    "PASS",
    "PORT_CASES",
    "PORT_LAYER",
    "code_length",
    "conv_matrix_function",
    "decode_by_hand",
    "decoder_output_paddings",
    "depth_to_space_function",
    "distribute_cell",
    "distribute_function",
    "even_k4_kernel",
    "even_kernel",
    "flat_kernel_3x3",
    "flat_stride3_kernel",
    "flat_subpixel_kernel",
    "flatten_phases",
    "flipped_kernel",
    "graded",
    "keras_kernel_shape",
    "keras_seven_to_fourteen",
    "matrix_nonzeros",
    "matrix_shape",
    "matrix_transpose_by_hand",
    "multichannel_by_hand",
    "nearest_then_conv",
    "output_padding_needed",
    "overlap_pattern",
    "padding_shape",
    "phase_spread_function",
    "reading_layer_params",
    "report",
    "same_array",
    "same_number",
    "same_shape",
    "seven_to_twenty_eight",
    "start_by_hand",
    "start_output_size",
    "stretched_size",
    "stride_padding_by_hand",
    "strided_code_size",
    "striped_k4_kernel",
    "taper_weights",
    "torch_port",
    "torch_seven_to_fourteen",
    "torch_to_keras_function",
    "transpose_param_count",
    "upsampled_size",
]
