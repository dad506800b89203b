'use strict';
/**
 * TF.js layers model (Keras functional `model_config` + decoded weights) → ONNX, for the layer set of a
 * Keras MobileNetV2 classifier (nsfwjs). Layers are mapped one by one, in the order Keras lists them.
 */
const { OnnxGraphBuilder } = require('./onnx-builder');
const ops = require('./onnx-ops');

const { UnsupportedModelError } = ops;

const SAME = { same: 'SAME', valid: 'VALID' };

/**
 * @param {{ modelTopology: any }} modelJson
 * @param {Record<string, import('./onnx-ops').ConstTensor>} weights decoded weights by `<layer>/<name>`
 * @param {{ name: string, inputName: string, outputName: string }} spec
 * @returns {Buffer}
 */
function convertLayersModel(modelJson, weights, spec) {
  const config = modelJson.modelTopology.model_config ?? modelJson.modelTopology;
  if (config.class_name !== 'Model' && config.class_name !== 'Functional') {
    throw new UnsupportedModelError(`layers model ${config.class_name} is not supported (functional models only)`);
  }
  const b = new OnnxGraphBuilder(spec.name);
  /** @type {Map<string, import('./onnx-ops').Value>} */
  const values = new Map();
  const weight = (layer, name, required = true) => {
    const w = weights[`${layer}/${name}`];
    if (!w && required) throw new UnsupportedModelError(`weight ${layer}/${name} is missing`);
    return w;
  };

  for (const layer of config.config.layers) {
    const c = layer.config;
    const inbound = (layer.inbound_nodes[0] ?? []).map((ref) => {
      const v = values.get(ref[0]);
      if (!v) throw new UnsupportedModelError(`${layer.name}: input ${ref[0]} not converted yet`);
      return v;
    });
    const x = inbound[0];
    values.set(layer.name, convertLayer(layer.class_name, layer.name, c, x, inbound));
  }

  function withActivation(v, activation, name) {
    if (!activation || activation === 'linear') return v;
    const kind = { relu: 'Relu', relu6: 'Relu6', sigmoid: 'Sigmoid', softmax: 'Softmax' }[activation];
    if (!kind) throw new UnsupportedModelError(`activation ${activation} is not supported`);
    return ops.emitActivation(b, v, kind, name);
  }

  function convertLayer(kind, name, c, x, inbound) {
    switch (kind) {
      case 'InputLayer': {
        const [, h, w, ch] = c.batch_input_shape;
        const shape = [1, ch, h, w];
        b.input(spec.inputName, shape);
        return { name: spec.inputName, shape, nchw: true };
      }
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = c.padding;
        return ops.emitPad(
          b,
          x,
          [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          name,
        );
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const depthwise = kind === 'DepthwiseConv2D';
        if (depthwise && c.depth_multiplier !== 1)
          throw new UnsupportedModelError(`${name}: depth_multiplier ${c.depth_multiplier}`);
        const conv = ops.emitConv(
          b,
          x,
          weight(name, depthwise ? 'depthwise_kernel' : 'kernel'),
          c.use_bias ? weight(name, 'bias') : undefined,
          {
            strides: c.strides,
            dilations: c.dilation_rate,
            padding: SAME[c.padding],
            depthwise,
            name: c.activation && c.activation !== 'linear' ? `${name}/conv` : name,
          },
        );
        return withActivation(conv, c.activation, name);
      }
      case 'BatchNormalization': {
        if (c.axis !== -1 && c.axis !== 3) throw new UnsupportedModelError(`${name}: batch norm over axis ${c.axis}`);
        return ops.emitBatchNorm(
          b,
          x,
          {
            gamma: c.scale ? weight(name, 'gamma').values : undefined,
            beta: c.center ? weight(name, 'beta').values : undefined,
            mean: weight(name, 'moving_mean').values,
            variance: weight(name, 'moving_variance').values,
            epsilon: c.epsilon,
          },
          name,
        );
      }
      case 'ReLU': {
        if ((c.negative_slope ?? 0) !== 0 || (c.threshold ?? 0) !== 0)
          throw new UnsupportedModelError(`${name}: leaky/thresholded ReLU`);
        if (c.max_value === 6) return ops.emitActivation(b, x, 'Relu6', name);
        if (c.max_value == null) return ops.emitActivation(b, x, 'Relu', name);
        return { ...x, name: b.node('Clip', [x.name, b.scalar(0), b.scalar(c.max_value)], [name]) };
      }
      case 'Activation':
        return withActivation(x, c.activation, name);
      case 'Add':
        return inbound
          .slice(1)
          .reduce((acc, v, i) => ops.emitBinary(b, 'Add', acc, v, i === inbound.length - 2 ? name : `${name}/${i}`), x);
      case 'AveragePooling2D':
      case 'MaxPooling2D':
        return ops.emitPool(b, x, kind === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool', {
          kernel: c.pool_size,
          strides: c.strides ?? c.pool_size,
          padding: SAME[c.padding],
          name,
        });
      case 'GlobalAveragePooling2D': {
        const out = b.node('ReduceMean', [x.name], [name], { axes: [2, 3], keepdims: 0 });
        return { name: out, shape: [x.shape[0], x.shape[1]], nchw: false };
      }
      case 'Flatten': {
        const nhwc = ops.toTfLayout(b, x, `${name}/nhwc`);
        const out = b.node('Flatten', [nhwc.name], [name], { axis: 1 });
        return { name: out, shape: [nhwc.shape[0], nhwc.shape.slice(1).reduce((a, d) => a * d, 1)], nchw: false };
      }
      case 'Dense': {
        const kernel = weight(name, 'kernel');
        const inputs = [x.name, b.floatInitializer(`${name}/W`, Float32Array.from(kernel.values), kernel.shape)];
        if (c.use_bias)
          inputs.push(
            b.floatInitializer(`${name}/B`, Float32Array.from(weight(name, 'bias').values), [kernel.shape[1]]),
          );
        const hasActivation = c.activation && c.activation !== 'linear';
        const out = b.node('Gemm', inputs, [hasActivation ? `${name}/gemm` : name]);
        return withActivation({ name: out, shape: [x.shape[0], kernel.shape[1]], nchw: false }, c.activation, name);
      }
      case 'Dropout':
        return x;
      default:
        throw new UnsupportedModelError(`${name}: layer ${kind} is not supported`);
    }
  }

  const [[outputLayer]] = config.config.output_layers;
  const out = ops.toTfLayout(b, values.get(outputLayer), `${spec.outputName}/nhwc`);
  b.node('Identity', [out.name], [spec.outputName]);
  b.output(spec.outputName, out.shape);
  return b.serialize();
}

module.exports = { convertLayersModel };
