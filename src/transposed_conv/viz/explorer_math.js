// Transposed-convolution arithmetic for the explorers, a mirror of the Python package:
// core/shapes.py (sizes and crops), core/ops.py conv2d_transpose / conv1d_transpose
// (single channel, float64 values bitwise equal to NumPy's) and core/terms.py feeders.
// A plain script defining one global, TCMath; it never touches the DOM.
// Errors are thrown as Error with the message Python's ValueError has.
// tests/browser/test_explorer_math.py compares it with Python on random settings.
var TCMath = (function () {
  "use strict";

  // Python's floor division and ceil(a / b) for integers (b > 0).
  function floorDiv(a, b) {
    return Math.floor(a / b);
  }

  function ceilDiv(a, b) {
    return -floorDiv(-a, b);
  }

  // Python's repr of the values the explorers pass: None, 'same', 7.
  function pyRepr(v) {
    if (v === null || v === undefined) return "None";
    return typeof v === "string" ? "'" + v + "'" : String(v);
  }

  function effectiveKernelSize(k, d = 1) {
    return d * (k - 1) + 1;
  }

  function checkOutput(length, what) {
    if (length < 1) {
      throw new Error("padding is too large: the " + what + " would have size " + length);
    }
    return length;
  }

  function checkOutputPadding(op, s) {
    if (op >= s) {
      throw new Error("output_padding must be smaller than the stride s=" + s + ", got " + op);
    }
  }

  function convTransposeOutputSize(i, k, s = 1, p = 0, outputPadding = 0, d = 1) {
    checkOutputPadding(outputPadding, s);
    const full = (i - 1) * s + effectiveKernelSize(k, d);
    return checkOutput(full - 2 * p + outputPadding, "transposed output");
  }

  function kerasConvTransposeOutputSize(
    i, k, s = 1, padding = "valid", outputPadding = null, d = 1
  ) {
    const span = effectiveKernelSize(k, d);
    let length;
    if (outputPadding === null) {
      length = padding === "valid" ? i * s + Math.max(span - s, 0) : i * s;
    } else {
      checkOutputPadding(outputPadding, s);
      const pad = padding === "same" ? floorDiv(span, 2) : 0;
      length = (i - 1) * s + span - 2 * pad + outputPadding;
    }
    return checkOutput(length, "transposed output");
  }

  // [start, length]: the output is full[start:start+length], zero-extended past the end.
  function convTransposeCrop(i, k, s = 1, padding = 0, outputPadding = null, d = 1) {
    if (typeof padding === "string") {
      const length = kerasConvTransposeOutputSize(i, k, s, padding, outputPadding, d);
      if (padding === "valid") return [0, length];
      if (ceilDiv(length, s) !== i) {
        // TensorFlow refuses a 'same' output its forward convolution does not map back to i
        throw new Error(
          "output_padding=" + pyRepr(outputPadding) + " with padding='same', k=" + k +
          ", s=" + s + " gives output size " + length +
          ", which a 'same' convolution maps to " + ceilDiv(length, s) +
          " not i=" + i + "; TensorFlow rejects it too"
        );
      }
      const full = (i - 1) * s + effectiveKernelSize(k, d);
      return [floorDiv(Math.max(full - length, 0), 2), length];
    }
    const op = outputPadding === null ? 0 : outputPadding;
    return [padding, convTransposeOutputSize(i, k, s, padding, op, d)];
  }

  // A number or a pair as a pair; a pair holding a string or null is refused as Python's
  // check_int refuses it (one string pads both axes; null means null on both).
  function pair(name, value, minimum = 0) {
    if (!Array.isArray(value)) return [value, value];
    value.forEach(function (v) {
      if (typeof v !== "number") {
        throw new Error(name + " must be an integer >= " + minimum + ", got " + pyRepr(v));
      }
    });
    return value.slice();
  }

  function paddingPair(padding) {
    return typeof padding === "string" ? [padding, padding] : pair("padding", padding);
  }

  function outputPaddingPair(outputPadding) {
    return outputPadding === null ? [null, null] : pair("output_padding", outputPadding);
  }

  // Python's transpose_setup: both axes' [start, length], axis 0's error first.
  function crops(inHW, kernelHW, strides, padding, outputPadding, dilation) {
    const s = pair("strides", strides, 1);
    const d = pair("dilation", dilation, 1);
    const pads = paddingPair(padding);
    const ops = outputPaddingPair(outputPadding);
    const c = [0, 1].map(function (ax) {
      return convTransposeCrop(inHW[ax], kernelHW[ax], s[ax], pads[ax], ops[ax], d[ax]);
    });
    return { s: s, d: d, crops: c };
  }

  function zeros(h, w) {
    return Array.from({ length: h }, function () {
      return new Array(w).fill(0.0);
    });
  }

  // Adds in col2im's order (tap a, then tap b outermost), so every cell sums its
  // products in NumPy's order and the float64 result is bitwise the same.
  function fullOutput(x, kernel, s, d) {
    const h = x.length, w = x[0].length, kh = kernel.length, kw = kernel[0].length;
    const full = zeros((h - 1) * s[0] + effectiveKernelSize(kh, d[0]),
      (w - 1) * s[1] + effectiveKernelSize(kw, d[1]));
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        for (let i = 0; i < h; i++) {
          for (let j = 0; j < w; j++) {
            full[i * s[0] + a * d[0]][j * s[1] + b * d[1]] += x[i][j] * kernel[a][b];
          }
        }
      }
    }
    return full;
  }

  // full[start:start+length] on both axes, zeros where it runs past the end.
  function crop(full, c) {
    const out = zeros(c[0][1], c[1][1]);
    for (let r = 0; r < c[0][1]; r++) {
      const row = full[c[0][0] + r];
      if (row === undefined) continue;
      for (let q = 0; q < c[1][1]; q++) {
        const v = row[c[1][0] + q];
        if (v !== undefined) out[r][q] = v;
      }
    }
    return out;
  }

  function conv2dTranspose(x, kernel, strides = 1, padding = 0, outputPadding = null,
    dilation = 1) {
    const kHW = [kernel.length, kernel[0].length];
    const setup = crops([x.length, x[0].length], kHW, strides, padding, outputPadding, dilation);
    return crop(fullOutput(x, kernel, setup.s, setup.d), setup.crops);
  }

  // As Python's conv1d_transpose: a height-one 2-D problem (a string padding pads both axes).
  function conv1dTranspose(x, kernel, stride = 1, padding = 0, outputPadding = null,
    dilation = 1) {
    const out = conv2dTranspose(
      [x], [kernel], [1, stride],
      typeof padding === "string" ? padding : [0, padding],
      outputPadding === null ? null : [0, outputPadding],
      [1, dilation]
    );
    return out[0];
  }

  // Taps a with i*s + a*d == f for some 0 <= i < nIn, descending (ascending i).
  // Searched, not solved like Python's _axis_taps: the explorers' kernels are small.
  function axisTaps(nIn, k, s, d, f) {
    const taps = [];
    for (let a = k - 1; a >= 0; a--) {
      const rest = f - a * d;
      if (rest >= 0 && rest % s === 0 && rest / s < nIn) taps.push(a);
    }
    return taps;
  }

  // [[i, j, a, b], ...]: output cell [r, c] receives x[i][j] * kernel[a][b] for each.
  function feeders(inputHW, kernelHW, cell, strides = 1, padding = 0, outputPadding = null,
    dilation = 1) {
    const inHW = pair("input_hw", inputHW, 1), kHW = pair("kernel_hw", kernelHW, 1);
    const setup = crops(inHW, kHW, strides, padding, outputPadding, dilation);
    const c = setup.crops, s = setup.s, d = setup.d;
    if (cell[0] >= c[0][1] || cell[1] >= c[1][1]) {
      throw new Error("cell must lie inside the " + c[0][1] + "x" + c[1][1] +
        " output, got (" + cell[0] + ", " + cell[1] + ")");
    }
    const fr = cell[0] + c[0][0], fc = cell[1] + c[1][0]; // position in the full output
    const rows = axisTaps(inHW[0], kHW[0], s[0], d[0], fr);
    const cols = axisTaps(inHW[1], kHW[1], s[1], d[1], fc);
    const out = [];
    rows.forEach(function (a) {
      cols.forEach(function (b) {
        out.push([floorDiv(fr - a * d[0], s[0]), floorDiv(fc - b * d[1], s[1]), a, b]);
      });
    });
    return out;
  }

  // M with M @ x.ravel() == conv2dTranspose(x).ravel(): column q is the q-th unit input's output.
  function transposedMatrix(inputHW, kernel, strides = 1, padding = 0, outputPadding = null,
    dilation = 1) {
    const hw = pair("input_hw", inputHW, 1), n = hw[0] * hw[1];
    let m = null;
    for (let q = 0; q < n; q++) {
      const unit = zeros(hw[0], hw[1]);
      unit[Math.floor(q / hw[1])][q % hw[1]] = 1.0;
      const column = [].concat.apply([], conv2dTranspose(unit, kernel, strides, padding,
        outputPadding, dilation));
      if (m === null) m = zeros(column.length, n);
      column.forEach(function (v, r) { m[r][q] = v; });
    }
    return m;
  }

  return {
    effectiveKernelSize: effectiveKernelSize,
    convTransposeOutputSize: convTransposeOutputSize,
    kerasConvTransposeOutputSize: kerasConvTransposeOutputSize,
    convTransposeCrop: convTransposeCrop,
    conv2dTranspose: conv2dTranspose,
    conv1dTranspose: conv1dTranspose,
    feeders: feeders,
    transposedMatrix: transposedMatrix,
  };
})();
