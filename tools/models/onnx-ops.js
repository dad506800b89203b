'use strict';
/**
 * Emitters shared by the graph-model and layers-model converters. A value flowing through the converted
 * graph is `{ name, shape, nchw }`: 4-D activations are kept NCHW from the input on (`nchw: true`, shape
 * in NCHW order); anything else keeps TensorFlow's layout.
 */
/** @typedef {{ name: string, shape: number[], nchw: boolean }} Value */
/** @typedef {{ values: Float32Array | Int32Array, shape: number[] }} ConstTensor */

class UnsupportedModelError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UnsupportedModelError';
  }
}

/** NHWC axis → NCHW axis. */
const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1];

/** HWIO (TF conv kernel) → OIHW (ONNX Conv weight). */
function hwioToOihw(values, [kh, kw, ci, co]) {
  const out = new Float32Array(values.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + h) * kw + w] = values[((h * kw + w) * ci + i) * co + o];
  return { values: out, dims: [co, ci, kh, kw] };
}

/** Depthwise [H, W, C, M] → grouped Conv weight [C*M, 1, H, W] (output channel c*M+m, as TF orders it). */
function depthwiseToGrouped(values, [kh, kw, c, m]) {
  const out = new Float32Array(values.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let ci = 0; ci < c; ci++)
        for (let mi = 0; mi < m; mi++)
          out[((ci * m + mi) * kh + h) * kw + w] = values[((h * kw + w) * c + ci) * m + mi];
  return { values: out, dims: [c * m, 1, kh, kw] };
}

/** Output size of a conv/pool along one axis under TF padding rules. */
function spatialOut(size, kernel, stride, dilation, padding) {
  if (padding === 'SAME') return Math.ceil(size / stride);
  if (padding === 'VALID') return Math.ceil((size - (kernel - 1) * dilation) / stride);
  throw new UnsupportedModelError(`padding ${padding} is not supported`);
}

const autoPad = (padding) => (padding === 'SAME' ? 'SAME_UPPER' : 'VALID');

/**
 * Conv2D / DepthwiseConv2D with optional bias, NCHW in and out.
 * @param {import('./onnx-builder').OnnxGraphBuilder} b
 * @param {Value} x
 * @param {ConstTensor} kernel HWIO, or [H, W, C, M] when `depthwise`
 * @param {ConstTensor | undefined} bias
 * @param {{ strides: number[], dilations: number[], padding: string, depthwise: boolean, name: string }} o
 * @returns {Value}
 */
function emitConv(b, x, kernel, bias, o) {
  const [kh, kw, ci, co] = kernel.shape;
  const weight = o.depthwise
    ? depthwiseToGrouped(kernel.values, kernel.shape)
    : hwioToOihw(kernel.values, kernel.shape);
  const outChannels = weight.dims[0];
  const inputs = [x.name, b.floatInitializer(`${o.name}/W`, weight.values, weight.dims)];
  if (bias) inputs.push(b.floatInitializer(`${o.name}/B`, Float32Array.from(bias.values), [outChannels]));
  const attrs = {
    kernel_shape: [kh, kw],
    strides: o.strides,
    dilations: o.dilations,
    group: o.depthwise ? ci : 1,
    auto_pad: autoPad(o.padding),
  };
  if (!o.depthwise && x.shape[1] !== ci)
    throw new UnsupportedModelError(`${o.name}: ${x.shape[1]} channels in, kernel expects ${ci}`);
  const name = b.node('Conv', inputs, [o.name], attrs);
  const shape = [
    x.shape[0],
    o.depthwise ? ci * co : co,
    spatialOut(x.shape[2], kh, o.strides[0], o.dilations[0], o.padding),
    spatialOut(x.shape[3], kw, o.strides[1], o.dilations[1], o.padding),
  ];
  return { name, shape, nchw: true };
}

/** Relu6 → Clip(0, 6); Relu, Sigmoid, Softmax as they are. */
function emitActivation(b, x, kind, name) {
  switch (kind) {
    case 'Relu':
      return { ...x, name: b.node('Relu', [x.name], [name]) };
    case 'Relu6':
      return { ...x, name: b.node('Clip', [x.name, b.scalar(0), b.scalar(6)], [name]) };
    case 'Sigmoid':
      return { ...x, name: b.node('Sigmoid', [x.name], [name]) };
    case 'Softmax':
      return { ...x, name: b.node('Softmax', [x.name], [name], { axis: -1 }) };
    default:
      throw new UnsupportedModelError(`activation ${kind} is not supported`);
  }
}

/** MaxPool / AveragePool, NCHW. */
function emitPool(b, x, op, o) {
  const attrs = { kernel_shape: o.kernel, strides: o.strides, auto_pad: autoPad(o.padding) };
  const name = b.node(op, [x.name], [o.name], attrs);
  const shape = [
    x.shape[0],
    x.shape[1],
    spatialOut(x.shape[2], o.kernel[0], o.strides[0], 1, o.padding),
    spatialOut(x.shape[3], o.kernel[1], o.strides[1], 1, o.padding),
  ];
  return { name, shape, nchw: true };
}

/** Zero padding given TF-layout paddings [[before, after] per NHWC axis]. */
function emitPad(b, x, paddingsNhwc, name) {
  const perAxis = x.nchw ? [0, 3, 1, 2].map((tfAxis) => paddingsNhwc[tfAxis]) : paddingsNhwc;
  const pads = [...perAxis.map((p) => p[0]), ...perAxis.map((p) => p[1])];
  const padsName = b.int64Initializer(`${name}/pads`, pads, [pads.length]);
  const out = b.node('Pad', [x.name, padsName], [name], { mode: 'constant' });
  return { name: out, shape: x.shape.map((d, i) => d + perAxis[i][0] + perAxis[i][1]), nchw: x.nchw };
}

/** Back to TF's NHWC layout (used before reshapes, flattens and at graph outputs). */
function toTfLayout(b, x, name) {
  if (!x.nchw) return x;
  const out = b.node('Transpose', [x.name], [name], { perm: [0, 2, 3, 1] });
  return { name: out, shape: [x.shape[0], x.shape[2], x.shape[3], x.shape[1]], nchw: false };
}

/** Numpy-style broadcast of two shapes. */
function broadcastShape(a, c) {
  const rank = Math.max(a.length, c.length);
  const out = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const dc = c[c.length - rank + i] ?? 1;
    if (da !== dc && da !== 1 && dc !== 1) throw new UnsupportedModelError(`cannot broadcast [${a}] with [${c}]`);
    out.push(Math.max(da, dc));
  }
  return out;
}

/**
 * A TF constant as an operand of an elementwise op whose other operand is `peer`: per-channel vectors
 * and NHWC 4-D constants are laid out to broadcast against NCHW activations.
 * @returns {Value}
 */
function constOperand(b, c, peer, name) {
  const values = Float32Array.from(c.values);
  if (!peer.nchw || c.shape.length === 0)
    return { name: b.floatInitializer(name, values, c.shape), shape: c.shape, nchw: false };
  if (c.shape.length === 1) {
    const dims = [1, c.shape[0], 1, 1];
    return { name: b.floatInitializer(name, values, dims), shape: dims, nchw: true };
  }
  if (c.shape.length === 4) {
    const [n, h, w, ch] = c.shape;
    const out = new Float32Array(values.length);
    for (let ni = 0; ni < n; ni++)
      for (let hi = 0; hi < h; hi++)
        for (let wi = 0; wi < w; wi++)
          for (let ci = 0; ci < ch; ci++)
            out[((ni * ch + ci) * h + hi) * w + wi] = values[((ni * h + hi) * w + wi) * ch + ci];
    const dims = [n, ch, h, w];
    return { name: b.floatInitializer(name, out, dims), shape: dims, nchw: true };
  }
  throw new UnsupportedModelError(`${name}: constant of rank ${c.shape.length} next to an NCHW tensor`);
}

/** Add / Sub / Mul / Div of two values of the same layout. */
function emitBinary(b, op, left, right, name) {
  if (left.shape.length === 4 && right.shape.length === 4 && left.nchw !== right.nchw) {
    throw new UnsupportedModelError(`${name}: mixed NCHW and NHWC operands`);
  }
  const out = b.node(op, [left.name, right.name], [name]);
  return { name: out, shape: broadcastShape(left.shape, right.shape), nchw: left.nchw || right.nchw };
}

/** BatchNormalization (inference) folded into a per-channel scale and shift. */
function emitBatchNorm(b, x, { gamma, beta, mean, variance, epsilon }, name) {
  const channels = mean.length;
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = (gamma ? gamma[c] : 1) / Math.sqrt(variance[c] + epsilon);
    shift[c] = (beta ? beta[c] : 0) - mean[c] * scale[c];
  }
  const dims = [1, channels, 1, 1];
  const scaled = b.node('Mul', [x.name, b.floatInitializer(`${name}/scale`, scale, dims)], [`${name}/mul`]);
  return { ...x, name: b.node('Add', [scaled, b.floatInitializer(`${name}/shift`, shift, dims)], [name]) };
}

module.exports = {
  UnsupportedModelError,
  NHWC_TO_NCHW_AXIS,
  hwioToOihw,
  depthwiseToGrouped,
  emitConv,
  emitActivation,
  emitPool,
  emitPad,
  emitBinary,
  emitBatchNorm,
  constOperand,
  toTfLayout,
};
