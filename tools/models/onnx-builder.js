'use strict';
/**
 * A minimal ONNX graph builder on top of `onnx-proto` (opset 13). Node order, names and initializer bytes
 * depend only on the calls made, so the same conversion always serialises to the same bytes.
 */
const { onnx } = require('onnx-proto');

const OPSET = 13;
const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

class OnnxGraphBuilder {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
    /** @type {onnx.INodeProto[]} */
    this.nodes = [];
    /** @type {onnx.ITensorProto[]} */
    this.initializers = [];
    /** @type {onnx.IValueInfoProto[]} */
    this.inputs = [];
    /** @type {onnx.IValueInfoProto[]} */
    this.outputs = [];
    this.counter = 0;
  }

  /** A fresh tensor name derived from `base` (unique within this graph). */
  uniqueName(base) {
    this.counter += 1;
    return `${base}__${this.counter}`;
  }

  /**
   * @param {string} name
   * @param {Float32Array} values
   * @param {number[]} dims
   */
  floatInitializer(name, values, dims) {
    const raw = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push({ name, dataType: DataType.FLOAT, dims, rawData: Uint8Array.from(raw) });
    return name;
  }

  /**
   * @param {string} name
   * @param {number[]} values
   * @param {number[]} dims
   */
  int64Initializer(name, values, dims) {
    const buf = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => buf.writeBigInt64LE(BigInt(v), i * 8));
    this.initializers.push({ name, dataType: DataType.INT64, dims, rawData: Uint8Array.from(buf) });
    return name;
  }

  /** @param {number} value */
  scalar(value) {
    return this.floatInitializer(this.uniqueName('scalar'), Float32Array.of(value), []);
  }

  /**
   * @param {string} opType
   * @param {string[]} inputs
   * @param {string[]} outputs
   * @param {Record<string, number | number[] | string | FloatAttribute>} [attrs]
   * @param {string} [name]
   */
  node(opType, inputs, outputs, attrs = {}, name) {
    const attribute = Object.keys(attrs).map((key) => toAttribute(key, attrs[key]));
    this.nodes.push({ opType, input: inputs, output: outputs, name: name ?? outputs[0], attribute });
    return outputs[0];
  }

  /** @param {string} name @param {number[]} shape */
  input(name, shape) {
    this.inputs.push(valueInfo(name, shape));
  }

  /** @param {string} name @param {number[]} shape */
  output(name, shape) {
    this.outputs.push(valueInfo(name, shape));
  }

  /** @returns {Buffer} the serialised ModelProto */
  serialize() {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'tagphoto-convert-tfjs',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return Buffer.from(onnx.ModelProto.encode(model).finish());
  }
}

function valueInfo(name, shape) {
  return {
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: shape.map((d) => ({ dimValue: d })) } } },
  };
}

function toAttribute(name, value) {
  if (value instanceof FloatAttribute) return { name, type: AttributeType.FLOAT, f: value.value };
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: Buffer.from(value, 'utf8') };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (Number.isInteger(value)) return { name, type: AttributeType.INT, i: value };
  throw new TypeError(`attribute ${name}: wrap non-integer numbers with floatAttr()`);
}

/** Marks a number as a FLOAT attribute (a whole number would otherwise be written as INT). */
class FloatAttribute {
  /** @param {number} value */
  constructor(value) {
    this.value = value;
  }
}

/** @param {number} value */
const floatAttr = (value) => new FloatAttribute(value);

module.exports = { OnnxGraphBuilder, OPSET, floatAttr };
