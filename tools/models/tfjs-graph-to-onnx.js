'use strict';
/**
 * TF.js graph model (model.json topology + decoded weights) → ONNX, for the op set that the human
 * library's CenterNet and BlazeFace use. Only the nodes the requested outputs depend on are converted.
 */
const { OnnxGraphBuilder } = require('./onnx-builder');
const ops = require('./onnx-ops');

const { UnsupportedModelError, NHWC_TO_NCHW_AXIS } = ops;

const ELEMENTWISE = { Add: 'Add', AddV2: 'Add', Sub: 'Sub', Mul: 'Mul', RealDiv: 'Div' };

const decodeString = (attr) => Buffer.from(attr.s, 'base64').toString('utf8');
const intList = (attr) => attr.list.i.map(Number);
const tensorName = (input) => input.replace(/^\^/, '').replace(/:0$/, '');

/**
 * @param {{ modelTopology: { node: Array<{ name: string, op: string, input?: string[], attr?: any }> } }} modelJson
 * @param {Record<string, import('./onnx-ops').ConstTensor>} weights decoded weights by node name
 * @param {{ name: string, inputName: string, outputs: Record<string, string> }} spec outputs: TF node → ONNX output name
 * @returns {Buffer}
 */
function convertGraphModel(modelJson, weights, spec) {
  const nodes = new Map(modelJson.modelTopology.node.map((n) => [n.name, n]));
  const b = new OnnxGraphBuilder(spec.name);
  /** @type {Map<string, import('./onnx-ops').Value>} */
  const values = new Map();

  const constOf = (name) => {
    const c = weights[tensorName(name)];
    if (!c) throw new UnsupportedModelError(`${name} is not a constant`);
    return c;
  };
  const isConst = (name) => nodes.get(tensorName(name))?.op === 'Const';

  const operand = (name, peer, onnxName) =>
    isConst(name) ? ops.constOperand(b, constOf(name), peer, onnxName) : valueOf(name);

  function valueOf(input) {
    const name = tensorName(input);
    const known = values.get(name);
    if (known) return known;
    const node = nodes.get(name);
    if (!node) throw new UnsupportedModelError(`graph has no node ${name}`);
    const converted = convertNode(node);
    values.set(name, converted);
    return converted;
  }

  function convertNode(node) {
    const attr = node.attr ?? {};
    const inputs = (node.input ?? []).filter((i) => !i.startsWith('^'));
    switch (node.op) {
      case 'Placeholder': {
        const [n, h, w, c] = attr.shape.shape.dim.map((d) => Number(d.size));
        const shape = [n, c, h, w];
        b.input(spec.inputName, shape);
        return { name: spec.inputName, shape, nchw: true };
      }
      case 'Identity':
        return valueOf(inputs[0]);
      case 'Conv2D':
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2dNative':
        return convertConv(node, inputs, attr);
      case 'Relu':
      case 'Relu6':
      case 'Sigmoid':
        return ops.emitActivation(b, valueOf(inputs[0]), node.op, node.name);
      case 'Add':
      case 'AddV2':
      case 'Sub':
      case 'Mul':
      case 'RealDiv': {
        if (isConst(inputs[0]) && isConst(inputs[1]))
          throw new UnsupportedModelError(`${node.name}: constant folding is not supported`);
        const peer = isConst(inputs[0]) ? valueOf(inputs[1]) : valueOf(inputs[0]);
        const left = operand(inputs[0], peer, `${node.name}/a`);
        const right = operand(inputs[1], peer, `${node.name}/b`);
        return ops.emitBinary(b, ELEMENTWISE[node.op], left, right, node.name);
      }
      case 'Mean': {
        const x = valueOf(inputs[0]);
        const axes = Array.from(constOf(inputs[1]).values).map((a) => (a < 0 ? a + x.shape.length : a));
        const onnxAxes = x.nchw ? axes.map((a) => NHWC_TO_NCHW_AXIS[a]) : axes;
        const keep = attr.keep_dims?.b ? 1 : 0;
        if (!keep && x.nchw) throw new UnsupportedModelError(`${node.name}: Mean without keep_dims on a 4-D tensor`);
        const name = b.node('ReduceMean', [x.name], [node.name], { axes: onnxAxes, keepdims: keep });
        const shape = x.shape
          .map((d, i) => (onnxAxes.includes(i) ? 1 : d))
          .filter((d, i) => keep || !onnxAxes.includes(i));
        return { name, shape, nchw: x.nchw };
      }
      case 'ResizeBilinear': {
        const x = valueOf(inputs[0]);
        const [h, w] = Array.from(constOf(inputs[1]).values);
        const mode = attr.align_corners?.b ? 'align_corners' : attr.half_pixel_centers?.b ? 'half_pixel' : 'asymmetric';
        const sizes = b.int64Initializer(`${node.name}/sizes`, [x.shape[0], x.shape[1], h, w], [4]);
        const name = b.node('Resize', [x.name, '', '', sizes], [node.name], {
          mode: 'linear',
          coordinate_transformation_mode: mode,
        });
        return { name, shape: [x.shape[0], x.shape[1], h, w], nchw: true };
      }
      case 'ConcatV2': {
        const parts = inputs.slice(0, -1).map(valueOf);
        const rank = parts[0].shape.length;
        let axis = Number(constOf(inputs[inputs.length - 1]).values[0]);
        if (axis < 0) axis += rank;
        const onnxAxis = parts[0].nchw ? NHWC_TO_NCHW_AXIS[axis] : axis;
        const name = b.node(
          'Concat',
          parts.map((p) => p.name),
          [node.name],
          { axis: onnxAxis },
        );
        const shape = parts[0].shape.slice();
        shape[onnxAxis] = parts.reduce((sum, p) => sum + p.shape[onnxAxis], 0);
        return { name, shape, nchw: parts[0].nchw };
      }
      case 'MaxPool': {
        const ksize = intList(attr.ksize);
        const strides = intList(attr.strides);
        return ops.emitPool(b, valueOf(inputs[0]), 'MaxPool', {
          kernel: [ksize[1], ksize[2]],
          strides: [strides[1], strides[2]],
          padding: decodeString(attr.padding),
          name: node.name,
        });
      }
      case 'Pad': {
        const p = constOf(inputs[1]);
        const pairs = [];
        for (let i = 0; i < p.shape[0]; i++) pairs.push([p.values[2 * i], p.values[2 * i + 1]]);
        return ops.emitPad(b, valueOf(inputs[0]), pairs, node.name);
      }
      case 'Reshape': {
        const x = ops.toTfLayout(b, valueOf(inputs[0]), `${node.name}/nhwc`);
        const target = Array.from(constOf(inputs[1]).values);
        const total = x.shape.reduce((a, d) => a * d, 1);
        const known = target.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
        const shape = target.map((d) => (d === -1 ? total / known : d));
        const shapeName = b.int64Initializer(`${node.name}/shape`, target, [target.length]);
        return { name: b.node('Reshape', [x.name, shapeName], [node.name]), shape, nchw: false };
      }
      default:
        throw new UnsupportedModelError(`${node.name}: op ${node.op} is not supported`);
    }
  }

  function convertConv(node, inputs, attr) {
    const depthwise = node.op.includes('Depthwise');
    const strides = intList(attr.strides);
    const dilations = attr.dilations ? intList(attr.dilations) : [1, 1, 1, 1];
    if (attr.data_format && decodeString(attr.data_format) !== 'NHWC')
      throw new UnsupportedModelError(`${node.name}: only NHWC graphs are supported`);
    const fused = attr.fused_ops ? attr.fused_ops.list.s.map((s) => Buffer.from(s, 'base64').toString('utf8')) : [];
    if (fused.length > 0 && fused[0] !== 'BiasAdd')
      throw new UnsupportedModelError(`${node.name}: fused ${fused.join(',')} is not supported`);
    const convName = fused.length > 1 ? `${node.name}/conv` : node.name;
    let out = ops.emitConv(
      b,
      valueOf(inputs[0]),
      constOf(inputs[1]),
      fused[0] === 'BiasAdd' ? constOf(inputs[2]) : undefined,
      {
        strides: [strides[1], strides[2]],
        dilations: [dilations[1], dilations[2]],
        padding: decodeString(attr.padding),
        depthwise,
        name: convName,
      },
    );
    if (fused.length > 2) throw new UnsupportedModelError(`${node.name}: fused ${fused.join(',')} is not supported`);
    if (fused.length === 2) out = ops.emitActivation(b, out, fused[1], node.name);
    return out;
  }

  for (const [tfName, onnxName] of Object.entries(spec.outputs)) {
    const v = ops.toTfLayout(b, valueOf(tfName), `${onnxName}/nhwc`);
    b.node('Identity', [v.name], [onnxName]);
    b.output(onnxName, v.shape);
  }
  return b.serialize();
}

module.exports = { convertGraphModel };
