// The course's explorers, run by the reader's browser: no kernel, no widget manager.
// Each explorer is one HTML output (viz/explorers.py): a static picture and caption, a JSON
// config, and this script (after explorer_math.js, the arithmetic). mount() replaces the
// static part with labelled native controls (keyboard and screen readers work as for any
// form) and an SVG redrawn on every change. Nothing here computes a size or a value itself:
// TCMath does, and tests/browser checks TCMath against the Python package.
var TCExplorers = (function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const CELL = 26; // px per grid cell before a row is scaled to fit

  // ------------------------------------------------------------------ text, as Python writes it
  function fmtG(v) { // Python's f"{v:g}"
    if (Object.is(v, -0)) return "-0";
    if (v === 0) return "0";
    const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(6)))));
    if (exp < -4 || exp >= 6) {
      let [m, e] = v.toExponential(5).split("e");
      m = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
      const n = Number(e);
      return m + "e" + (n < 0 ? "-" : "+") + String(Math.abs(n)).padStart(2, "0");
    }
    const fixed = v.toFixed(Math.max(0, 5 - exp));
    return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  }
  function fmtSigned3(v) { // Python's f"{v:+.3f}"
    const negative = v < 0 || Object.is(v, -0);
    return (negative ? "-" : "+") + Math.abs(v).toFixed(3);
  }
  function cellText(v) { // canvas.number_text: whole numbers as such, else two digits
    v = Math.abs(v) < 1e-9 ? 0 : v;
    if (Number.isInteger(v)) return v.toFixed(0);
    const t = v.toPrecision(2);
    return t.includes("e") ? fmtG(Number(t)) : String(Number(t));
  }
  function padText(p) { return typeof p === "string" ? "'" + p + "'" : String(p); }
  function opText(op) { return op === null ? "None" : String(op); }

  // ------------------------------------------------------------------ settings and state
  function cycle(values, n) { return Array.from({ length: n }, (_, q) => values[q % values.length]); }
  function grid(flat, h, w) { return Array.from({ length: h }, (_, r) => flat.slice(r * w, r * w + w)); }

  // The explorer's setting from its controls' values (strings) and its fixed part.
  function setting(cfg, v) {
    const f = Object.assign({}, cfg.fixed, v);
    const num = (x) => (typeof x === "string" ? Number(x) : x);
    const pad = f.padding === "valid" || f.padding === "same" ? f.padding : num(f.padding);
    const op = f.output_padding === "None" || f.output_padding === null ? null : num(f.output_padding);
    const s = { dims: num(f.dims), i: num(f.i), k: num(f.k), s: num(f.s), padding: pad, op: op, d: num(f.d), row: num(f.row) || 0, col: num(f.col) || 0 };
    const ih = s.dims === 2 ? s.i : 1, kh = s.dims === 2 ? s.k : 1;
    s.x = f.x || grid(cycle(cfg.x_cycle, ih * s.i), ih, s.i);
    s.kernel = f.kernel || grid(cycle(cfg.k_cycle, kh * s.k), kh, s.k);
    return s;
  }

  // Per axis: the 1-D explorer is the 2-D one with a trivial first axis (size, kernel,
  // stride and dilation 1), as explorer_text.ops_arguments passes it to the ops.
  function axes(s) {
    const real = { i: s.x[0].length, k: s.kernel[0].length, s: s.s, padding: s.padding, op: s.op, d: s.d };
    const keras = typeof s.padding === "string";
    const trivial = { i: 1, k: 1, s: 1, padding: keras ? s.padding : 0, op: s.op === null ? null : 0, d: 1 };
    const first = s.dims === 2 ? Object.assign({}, real, { i: s.x.length, k: s.kernel.length }) : trivial;
    return [first, real];
  }
  function opArgs(ax) {
    const both = (key) => ax.map((a) => a[key]);
    const keras = typeof ax[1].padding === "string";
    return { s: both("s"), padding: keras ? ax[1].padding : both("padding"), op: ax[1].op === null ? null : both("op"), d: both("d") };
  }

  // What cannot be drawn, named; null when the setting is one the course computes.
  function refusal(s) {
    const keras = typeof s.padding === "string";
    if (keras && s.s > 1 && s.d > 1) {
      return "Keras refuses strides > 1 together with dilation_rate > 1 (building the layer fails). PyTorch computes it: choose an integer padding to see it.";
    }
    if (s.op !== null && s.op >= s.s) {
      let msg = "output_padding must be smaller than the stride s=" + s.s + ", got " + s.op + ". Keras and the course's functions refuse it.";
      if (!keras && s.op < s.d) msg += " PyTorch accepts it (its output_padding must be smaller than the stride or the dilation).";
      else if (!keras) msg += " So does PyTorch (its output_padding must be smaller than the stride or the dilation).";
      return msg;
    }
    return null;
  }

  function state(cfg, values) {
    const s = setting(cfg, values);
    const st = { setting: s, error: refusal(s) };
    if (st.error) return st;
    const ax = axes(s);
    try {
      st.crops = ax.map((a) => TCMath.convTransposeCrop(a.i, a.k, a.s, a.padding, a.op, a.d));
    } catch (err) {
      st.error = err.message;
      return st;
    }
    const arg = opArgs(ax);
    st.spans = ax.map((a) => TCMath.effectiveKernelSize(a.k, a.d));
    st.full = ax.map((a, n) => (a.i - 1) * a.s + st.spans[n]);
    st.out = TCMath.conv2dTranspose(s.x, s.kernel, arg.s, arg.padding, arg.op, arg.d);
    st.fullOut = TCMath.conv2dTranspose(s.x, s.kernel, arg.s, 0, null, arg.d);
    const h = st.crops[0][1], w = st.crops[1][1];
    if (s.dims === 2) {
      s.row = Math.min(s.row, h - 1);
      s.col = Math.min(s.col, w - 1);
      st.cell = [s.row, s.col];
    } else {
      s.row = Math.min(s.row, w - 1);
      st.cell = [0, s.row];
    }
    st.feeders = TCMath.feeders([s.x.length, s.x[0].length], [s.kernel.length, s.kernel[0].length], st.cell, arg.s, arg.padding, arg.op, arg.d);
    st.value = st.out[st.cell[0]][st.cell[1]];
    st.canvas = canvas(s, ax, st);
    const inCells = s.x.length * s.x[0].length, outCells = h * w;
    if (cfg.show.includes("matrices") && inCells <= 36 && outCells <= 100) {
      st.matrix = TCMath.transposedMatrix([s.x.length, s.x[0].length], s.kernel, arg.s, arg.padding, arg.op, arg.d);
    }
    return st;
  }

  // The collect view: the stretched input with span-1-start zeros before it (cut where that is
  // negative), as long as the window needs; which cells hold input values and enter the sum.
  function canvas(s, ax, st) {
    const dims = [0, 1].map((n) => {
      const before = st.spans[n] - 1 - st.crops[n][0];
      const length = st.crops[n][1] + st.spans[n] - 1;
      const source = Array.from({ length }, (_, c) => {
        const t = c - before;
        return t >= 0 && t <= (ax[n].i - 1) * ax[n].s && t % ax[n].s === 0 ? t / ax[n].s : -1;
      });
      return { before, length, source };
    });
    const values = [], isInput = [], inSum = [];
    const [r0, c0] = st.cell, span = st.spans, d = [ax[0].d, ax[1].d];
    for (let r = 0; r < dims[0].length; r++) {
      values.push([]); isInput.push([]); inSum.push([]);
      for (let c = 0; c < dims[1].length; c++) {
        const i = dims[0].source[r], j = dims[1].source[c];
        const input = i >= 0 && j >= 0;
        values[r].push(input ? s.x[i][j] : 0);
        isInput[r].push(input);
        const tap = r >= r0 && r < r0 + span[0] && (r - r0) % d[0] === 0 && c >= c0 && c < c0 + span[1] && (c - c0) % d[1] === 0;
        inSum[r].push(input && tap);
      }
    }
    return { values, isInput, inSum, before: dims.map((x) => x.before) };
  }

  // ------------------------------------------------------------------ captions (viz/explorers.py mirrors them)
  function ruleLine(s, st) {
    const k = s.k, d = s.d, span = st.spans[1], i = s.i;
    if (typeof s.padding === "number") {
      const op = s.op === null ? 0 : s.op;
      return "output size o = (i-1)·s - 2·p + d·(k-1) + output_padding + 1 = (" + i + "-1)·" + s.s + " - 2·" + s.padding + " + " + d + "·(" + k + "-1) + " + op + " + 1 = " + st.crops[1][1];
    }
    const head = "Keras padding='" + s.padding + "', output_padding=" + opText(s.op) + ": o = ";
    if (s.op === null && s.padding === "valid") {
      return head + "i·s + max(d·(k-1)+1 - s, 0) = " + i + "·" + s.s + " + max(" + span + " - " + s.s + ", 0) = " + st.crops[1][1];
    }
    if (s.op === null) return head + "i·s = " + i + "·" + s.s + " = " + st.crops[1][1];
    const pad = s.padding === "same" ? Math.floor(span / 2) : 0;
    return head + "(i-1)·s + d·(k-1)+1 - 2·pad + output_padding = (" + i + "-1)·" + s.s + " + " + span + " - 2·" + pad + " + " + s.op + " = " + st.crops[1][1] + ", pad = " + (s.padding === "same" ? "(d·(k-1)+1)//2" : "0 for 'valid'");
  }
  function cropLine(s, st) {
    const [start, length] = st.crops[1], full = st.full[1];
    const what = s.dims === 2 ? "rows and columns" : "cells";
    let line = "the output keeps " + what + " " + start + " to " + (start + length - 1) + " of the full output, which has (i-1)·s + d·(k-1) + 1 = " + full;
    if (start + length > full) line += ", with " + (start + length - full) + " zero " + (start + length - full === 1 ? "cell" : "cells") + " appended";
    return line;
  }
  function cellLines(s, st) {
    const name = s.dims === 2 ? "output[" + st.cell[0] + ", " + st.cell[1] + "]" : "output[" + st.cell[1] + "]";
    const dist = st.feeders.map(([i, j, a, b]) => fmtG(s.x[i][j]) + "·" + fmtG(s.kernel[a][b])).join(" + ") || "nothing (0)";
    const kh = s.kernel.length, kw = s.kernel[0].length, cv = st.canvas, [r0, c0] = st.cell;
    const dh = s.dims === 2 ? s.d : 1, terms = [];
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const r = r0 + a * dh, c = c0 + b * s.d;
        if (cv.isInput[r][c]) terms.push(fmtG(cv.values[r][c]) + "·" + fmtG(s.kernel[kh - 1 - a][kw - 1 - b]));
      }
    }
    return [name + " = " + fmtG(st.value), "distribute: " + dist, "collect (flipped kernel over the window): " + (terms.join(" + ") || "only inserted zeros (0)")];
  }
  function caption(cfg, values) {
    const st = state(cfg, values), s = st.setting;
    if (st.error) return ["Not a setting that can be drawn: " + st.error];
    const lines = cfg.show.includes("rule") ? [ruleLine(s, st), cropLine(s, st)] : [];
    return lines.concat(cellLines(s, st));
  }

  // ------------------------------------------------------------------ code a learner can copy
  function literal(rows, dims) {
    const row = (r) => "[" + r.map(fmtG).join(", ") + "]";
    return dims === 2 ? "[" + rows.map(row).join(", ") + "]" : row(rows[0]);
  }
  function kerasCode(s, st) {
    const two = s.dims === 2, name = two ? "Conv2DTranspose" : "Conv1DTranspose";
    let padding = s.padding, op = s.op, slice = null;
    if (typeof padding === "number") { // PyTorch's crop: Keras' full output, then a slice
      const [start, length] = st.crops[1];
      op = Math.max(0, start + length - st.full[1]);
      padding = "valid";
      if (start > 0 || length !== st.full[1] + op) slice = start + ":" + (start + length);
    }
    const args = ["1", String(s.k), "strides=" + s.s, 'padding="' + padding + '"'];
    if (op !== null) args.push("output_padding=" + op);
    if (s.d > 1) args.push("dilation_rate=" + s.d);
    args.push("use_bias=False");
    const lines = [
      "import keras",
      "import numpy as np",
      "",
      'x = np.array(' + literal(s.x, s.dims) + ', dtype="float32")',
      'kernel = np.array(' + literal(s.kernel, s.dims) + ', dtype="float32")',
      "layer = keras.layers." + name + "(" + args.join(", ") + ")",
      "layer.build((1, " + (two ? "*x.shape" : "len(x)") + ", 1))",
      "layer.set_weights([kernel[" + (two ? ":, :" : ":") + ", None, None]])",
      "y = keras.ops.convert_to_numpy(layer(x[None, " + (two ? ":, :" : ":") + ", None]))[0, " + (two ? ":, :" : ":") + ", 0]",
    ];
    if (slice) lines.push("y = y[" + (two ? slice + ", " + slice : slice) + "]  # PyTorch's padding crops the full output");
    if (s.d > 1) lines.splice(5, 0, "# TensorFlow runs a dilated transposed convolution with its oneDNN CPU kernels or on a GPU; its plain CPU kernel refuses it (notebook 03)");
    return lines.join("\n");
  }
  function torchCode(s, st) {
    const two = s.dims === 2, name = two ? "ConvTranspose2d" : "ConvTranspose1d";
    const [start, length] = st.crops[1], full = st.full[1];
    let padding = start, op = length - (full - 2 * start), slice = null;
    if (op < 0 || op >= Math.max(s.s, s.d)) { // no padding gives this crop: slice the full output
      padding = 0;
      op = Math.max(0, start + length - full);
      slice = start + ":" + (start + length);
    }
    const args = ["1", "1", String(s.k), "stride=" + s.s, "padding=" + padding, "output_padding=" + op];
    if (s.d > 1) args.push("dilation=" + s.d);
    args.push("bias=False");
    const lines = [
      "import numpy as np",
      "import torch",
      "",
      "x = np.array(" + literal(s.x, s.dims) + ', dtype="float32")',
      "kernel = np.array(" + literal(s.kernel, s.dims) + ', dtype="float32")',
      "conv = torch.nn." + name + "(" + args.join(", ") + ")",
      "with torch.no_grad():",
      "    conv.weight.copy_(torch.from_numpy(kernel)[None, None])",
      "    y = conv(torch.from_numpy(x)[None, None])[0, 0].numpy()",
    ];
    if (slice) lines.push("y = y[" + (two ? slice + ", " + slice : slice) + "]  # Keras' crop of the full output");
    return lines.join("\n");
  }

  // ------------------------------------------------------------------ drawing
  function svgEl(tag, attrs, parent) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }
  function colour(stops, t) {
    t = Math.min(1, Math.max(0, t)) * (stops.length - 1);
    const n = Math.min(stops.length - 2, Math.floor(t)), f = t - n;
    return stops[n].map((c, q) => Math.round(255 * (c + f * (stops[n + 1][q] - c))));
  }
  function limits(values, diverging) {
    const flat = values.flat();
    let lo = Math.min(...flat), hi = Math.max(...flat);
    if (diverging) { hi = Math.max(Math.abs(lo), Math.abs(hi), 1e-12); lo = -hi; }
    return [lo, hi > lo ? hi : lo + 1];
  }
  function outline(g, x, y, w, h, color, cfg, dash) {
    const style = cfg.style;
    svgEl("rect", { x, y, width: w, height: h, fill: "none", stroke: style.halo, "stroke-width": style.halo_width }, g);
    const r = svgEl("rect", { x, y, width: w, height: h, fill: "none", stroke: color, "stroke-width": style.outline_width }, g);
    if (dash) r.setAttribute("stroke-dasharray", dash);
  }

  // One grid of numbers: {title, values, cmap, diverging, marks, inputs, frame, crop}.
  function drawGrid(svg, x0, y0, size, p, cfg) {
    const g = svgEl("g", { transform: "translate(" + x0 + "," + y0 + ")" }, svg);
    const title = svgEl("text", { x: 0, y: -6, "font-size": 12, fill: "#222" }, g);
    title.textContent = p.title;
    const [lo, hi] = limits(p.values, p.diverging);
    p.values.forEach((row, r) => row.forEach((v, c) => {
      const rgb = colour(cfg.cmaps[p.cmap], (v - lo) / (hi - lo));
      svgEl("rect", { x: c * size, y: r * size, width: size, height: size, fill: "rgb(" + rgb + ")", stroke: "#999", "stroke-width": 0.6 }, g);
      if (size >= 14 && !(p.blank && p.blank[r][c])) {
        const dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 127.5;
        const t = svgEl("text", { x: (c + 0.5) * size, y: (r + 0.5) * size + 4, "text-anchor": "middle", "font-size": Math.min(11, size * 0.45), fill: dark ? "white" : "black" }, g);
        t.textContent = cellText(v);
      }
    }));
    const each = (mask, color, inset) => mask && mask.forEach((row, r) => row.forEach((on, c) => on && outline(g, c * size + inset, r * size + inset, size - 2 * inset, size - 2 * inset, color, cfg)));
    each(p.inputs, cfg.style.input, 2.5); // inset: a red outline on the same cell stays visible
    each(p.marks, cfg.style.sum, 0);
    if (p.crop) outline(g, p.crop[1] * size, p.crop[0] * size, p.crop[3] * size, p.crop[2] * size, cfg.style.crop, cfg, "6 4");
    if (p.frame) {
      const [r, c, h, w] = p.frame, m = 3;
      svgEl("rect", { x: c * size - m, y: r * size - m, width: w * size + 2 * m, height: h * size + 2 * m, fill: "none", stroke: cfg.style.window, "stroke-width": 3 }, g);
    }
    return g;
  }
  function mask(h, w, on) { return Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => on(r, c))); }

  function panels(s, st) {
    const kh = s.kernel.length, kw = s.kernel[0].length, [r0, c0] = st.cell;
    const sends = mask(s.x.length, s.x[0].length, (i, j) => st.feeders.some((f) => f[0] === i && f[1] === j));
    const used = mask(kh, kw, (a, b) => st.feeders.some((f) => f[2] === a && f[3] === b));
    const flippedUsed = mask(kh, kw, (a, b) => used[kh - 1 - a][kw - 1 - b]);
    const [start0, len0] = st.crops[0], [start1, len1] = st.crops[1];
    const fh = Math.max(st.full[0], start0 + len0), fw = Math.max(st.full[1], start1 + len1);
    const full = mask(fh, fw, (r, c) => (r < st.full[0] && c < st.full[1] ? st.fullOut[r][c] : 0));
    const appended = mask(fh, fw, (r, c) => r >= st.full[0] || c >= st.full[1]);
    const d = s.dims === 2 ? [s.d, s.d] : [1, s.d], sx = s.dims === 2 ? s.s : 1;
    const landing = mask(fh, fw, (r, c) => st.feeders.some(([i, j]) => {
      const dr = r - i * sx, dc = c - j * s.s;
      return dr >= 0 && dc >= 0 && dr % d[0] === 0 && dc % d[1] === 0 && dr / d[0] < kh && dc / d[1] < kw;
    }));
    const fullCell = mask(fh, fw, (r, c) => r === r0 + start0 && c === c0 + start1);
    const cv = st.canvas;
    return [
      [
        { title: "distribute: input", values: s.x, cmap: "input", marks: sends },
        { title: "kernel", values: s.kernel, cmap: "kernel", diverging: true, marks: used },
        { title: "full output: kernel copies (blue), crop (dashed)", values: full, cmap: "output", inputs: landing, marks: fullCell, crop: [start0, start1, len0, len1], blank: appended },
      ],
      [
        { title: "collect: stretched + padded input", values: cv.values, cmap: "stretched", inputs: cv.isInput, marks: cv.inSum, frame: [r0, c0, st.spans[0], st.spans[1]] },
        { title: "flipped kernel", values: s.kernel.map((row) => row.slice().reverse()).reverse(), cmap: "kernel", diverging: true, marks: flippedUsed },
        { title: "output", values: st.out, cmap: "output", marks: mask(len0, len1, (r, c) => r === r0 && c === c0) },
      ],
    ];
  }

  // Rows of grids, each row's cells one size, as large as fits (and, for tall matrices, at
  // most maxHeight px high); a panel is at least as wide as its title.
  function drawRows(svg, rows, width, cfg) {
    let y = 22;
    const titleWidth = (p) => p.title.length * 6.3;
    for (const row of rows) {
      const cells = row.reduce((n, p) => n + p.values[0].length, 0);
      const gap = 24 * (row.length - 1) + 4;
      let size = Math.max(6, Math.min(CELL, (width - gap) / cells));
      if (row.maxHeight) size = Math.max(4, Math.min(size, row.maxHeight / Math.max(...row.map((p) => p.values.length))));
      let x = 2;
      for (const p of row) {
        drawGrid(svg, x, y, size, p, cfg);
        x += Math.max(p.values[0].length * size, titleWidth(p)) + 24;
      }
      y += Math.max(...row.map((p) => p.values.length)) * size + 34;
    }
    return y;
  }

  function matrixRows(st) {
    const m = st.matrix, t = m[0].map((_, c) => m.map((row) => row[c]));
    const row = [
      { title: "C = Mᵀ (" + t.length + "x" + t[0].length + ")", values: t, cmap: "kernel", diverging: true },
      { title: "Cᵀ = M (" + m.length + "x" + m[0].length + "): this layer", values: m, cmap: "kernel", diverging: true },
    ];
    row.maxHeight = 360;
    return [row];
  }

  // ------------------------------------------------------------------ the 06 decoder explorer
  function codeState(cfg, values) {
    const code = [0, 1, 2].map((n) => Number(values["c" + n]));
    const f = cfg.filters, output = f[0].map((_, t) => code.reduce((sum, c, n) => sum + c * f[n][t], 0));
    return { code, output };
  }
  function codeCaption(cfg, values) {
    return ["output = " + codeState(cfg, values).output.map(fmtSigned3).join(", ")];
  }
  function drawCode(svg, cfg, values, width) {
    const { code, output } = codeState(cfg, values), f = cfg.filters, n = output.length;
    const lines = f.map((row, q) => row.map((v) => code[q] * v)).concat([output]);
    const flat = lines.flat(), lo = Math.min(...flat, -0.05), hi = Math.max(...flat, 0.05);
    const h = 220, left = 46, top = 24, w = Math.min(width - 190, 480) - left;
    const X = (t) => left + (t * w) / (n - 1), Y = (v) => top + ((hi - v) * (h - top - 20)) / (hi - lo);
    const title = svgEl("text", { x: left, y: 14, "font-size": 12, fill: "#222" }, svg);
    title.textContent = "decoder output = weighted sum of its filters";
    svgEl("line", { x1: left, x2: left + w, y1: Y(0), y2: Y(0), stroke: "#ccc" }, svg);
    [lo, 0, hi].forEach((v) => { const t = svgEl("text", { x: left - 6, y: Y(v) + 4, "font-size": 10, "text-anchor": "end" }, svg); t.textContent = v.toFixed(2); });
    lines.forEach((pts, q) => {
      const sum = q === f.length, style = cfg.style;
      const attrs = { fill: "none", points: pts.map((v, t) => X(t) + "," + Y(v)).join(" "), stroke: sum ? style.sum_line : style.filter_colors[q % 3], "stroke-width": sum ? 3 : 1.5 };
      if (!sum && style.filter_dashes[q % 3]) attrs["stroke-dasharray"] = style.filter_dashes[q % 3];
      svgEl("polyline", attrs, svg);
      const label = svgEl("text", { x: left + w + 12, y: top + 12 + 16 * q, "font-size": 11, fill: attrs.stroke }, svg);
      label.textContent = sum ? "sum = output (thick)" : fmtSigned3(code[q]).slice(0, -1) + " x filter " + (q + 1) + " (" + ["solid", "dashed", "dotted"][q % 3] + ")";
    });
    return h + 10;
  }

  // ------------------------------------------------------------------ controls and mounting
  function control(spec, id, onChange) {
    const box = document.createElement("span");
    box.className = "tc-control";
    box.style.cssText = "display: inline-block; margin: 0 1.2em 0.4em 0; white-space: nowrap";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = spec.label + " ";
    let input;
    if (spec.kind === "select") {
      input = document.createElement("select");
      for (const [value, text] of spec.options) {
        const o = document.createElement("option");
        o.value = value; o.textContent = text;
        input.appendChild(o);
      }
    } else {
      input = document.createElement("input");
      Object.assign(input, { type: "range", min: spec.min, max: spec.max, step: spec.step || 1 });
    }
    input.id = id;
    input.name = spec.name;
    input.value = String(spec.value);
    const shown = document.createElement("output");
    shown.setAttribute("for", id);
    shown.textContent = spec.kind === "select" ? "" : input.value;
    input.addEventListener("input", () => { shown.textContent = spec.kind === "select" ? "" : input.value; onChange(); });
    box.append(label, input, shown);
    return { label: box, input, shown };
  }

  function mount(id) {
    const root = document.getElementById(id);
    if (!root || root.dataset.mounted) return;
    const cfg = JSON.parse(root.querySelector("script.tc-config").textContent);
    root.dataset.mounted = "1";
    const live = document.createElement("div");
    live.className = "tc-live";
    const form = document.createElement("div");
    form.className = "tc-controls";
    form.setAttribute("role", "group");
    form.setAttribute("aria-label", cfg.label);
    const controls = {};
    const text = document.createElement("div");
    text.className = "tc-caption";
    text.setAttribute("aria-live", "polite");
    const svg = svgEl("svg", { role: "img" });
    const code = document.createElement("div");
    code.className = "tc-code";
    for (const spec of cfg.controls) {
      controls[spec.name] = control(spec, id + "-" + spec.name, redraw);
      // JupyterLab's command-mode shortcuts match the focused element itself (ArrowRight moves
      // to the next heading and takes the focus away): a control's keys are the control's own.
      controls[spec.name].input.setAttribute("data-lm-suppress-shortcuts", "true");
      form.appendChild(controls[spec.name].label);
    }
    live.append(form, text, svg, code);
    root.querySelector(".tc-static").replaceWith(live);

    function values() {
      const v = {};
      for (const [name, c] of Object.entries(controls)) v[name] = c.input.value;
      return v;
    }
    function redraw() {
      const v = values(), width = Math.max(320, Math.min(900, root.clientWidth || 760));
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      let lines, height, report;
      if (cfg.kind === "code") {
        lines = codeCaption(cfg, v);
        height = drawCode(svg, cfg, v, width);
        report = { output: codeState(cfg, v).output };
      } else {
        const st = state(cfg, v);
        lines = caption(cfg, v);
        report = { error: st.error };
        if (st.error) {
          height = 10;
          code.textContent = "";
        } else {
          limitCells(controls, st);
          let rows = panels(st.setting, st);
          if (st.matrix) rows = rows.concat(matrixRows(st));
          height = drawRows(svg, rows, width, cfg);
          Object.assign(report, { sizes: st.crops.map((c) => c[1]), crops: st.crops, cell: st.cell, value: st.value, output: st.out, feeders: st.feeders, matrix: st.matrix || null });
          if (cfg.show.includes("code")) showCode(code, st);
        }
      }
      svg.setAttribute("width", width);
      svg.setAttribute("height", height);
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("aria-label", (report.error ? "" : cfg.description + " ") + lines.join(". "));
      text.replaceChildren(...lines.map((line, n) => { const p = document.createElement("div"); if (n === (cfg.show.includes("rule") ? 2 : 0)) p.style.fontWeight = "bold"; p.textContent = line; return p; }));
      report.caption = lines;
      root.dataset.report = JSON.stringify(report);
      root.dataset.redraws = String(Number(root.dataset.redraws || 0) + 1);
    }
    redraw();
  }

  // The output-cell sliders end at the output's last cell.
  function limitCells(controls, st) {
    const last = { row: st.crops[st.setting.dims === 2 ? 0 : 1][1] - 1, col: st.crops[1][1] - 1 };
    for (const name of ["row", "col"]) {
      const c = controls[name];
      if (!c) continue;
      c.input.max = String(last[name]);
      if (Number(c.input.value) > last[name]) c.input.value = String(last[name]);
      c.shown.textContent = c.input.value;
    }
    if (controls.col) controls.col.label.style.display = st.setting.dims === 2 ? "inline-block" : "none";
    if (controls.row && controls.col) controls.row.label.firstChild.textContent = st.setting.dims === 2 ? "output row " : "output cell ";
  }

  function showCode(box, st) {
    const s = st.setting, parts = [];
    if (typeof s.padding === "string" || s.s === 1 || s.d === 1) parts.push(["Keras", kerasCode(s, st)]);
    else parts.push(["Keras", null]);
    parts.push(["PyTorch", torchCode(s, st)]);
    box.replaceChildren(...parts.map(([name, text]) => {
      const block = document.createElement("div");
      const head = document.createElement("div");
      head.textContent = name + (text ? ": the same output (copy and run)" : ": refuses strides > 1 with dilation_rate > 1");
      block.appendChild(head);
      if (text) {
        const pre = document.createElement("pre");
        pre.textContent = text;
        pre.dataset.framework = name;
        block.appendChild(pre);
      }
      return block;
    }));
  }

  return { mount, state, caption, codeCaption, kerasCode, torchCode, fmtG, fmtSigned3, cellText, setting };
})();
