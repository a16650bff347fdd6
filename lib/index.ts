/**
 * cotangent: automatic differentiation for TypeScript, in forward mode (JVP, dual numbers) and
 * reverse mode (VJP, backpropagation), over numbers, float64 tensors and containers of them.
 *
 * This file is the table of contents of the public API.
 * @module cotangent
 */

// Values
export { Tensor, tensor, type NestedArray } from "./tensor/tensor.ts";
export { zeros, ones, full, eye, arange, linspace } from "./tensor/creation.ts";
export type { Value } from "./core/value.ts";
export type { Raw } from "./tensor/elementwise.ts";
export type { Shape } from "./tensor/shape.ts";

// Transformations
export { grad, valueAndGrad, type GradOptions, type GradResult, type ValueAndGradResult } from "./api/grad.ts";
export { jvp } from "./api/jvp.ts";
export { vjp, type Pullback, type GradsOfArgs } from "./api/vjp.ts";
export { jacobian, jacfwd, jacrev, chooseJacobianMode, type JacobianMode, type JacobianOptions } from "./api/jacobian.ts";
export { hessian, hvp } from "./api/hessian.ts";
export { checkGrads, type CheckGradsOptions, type CheckGradsReport, type GradCheck } from "./api/check-grads.ts";
export type { Argnums } from "./api/args.ts";
export type { GradOf, GradsAt, AnyFunction, AuxOf } from "./api/types.ts";

// The registry: define your own primitives
export {
  definePrimitive, primitives, getPrimitive,
  type Primitive, type PrimitiveSpec, type PrimitiveDoc, type JvpRule, type VjpRule, type Sampler,
} from "./core/primitive.ts";
export { bind } from "./core/bind.ts";
export { defineUnary, defineBinary, type UnaryOp, type BinaryOp, type UnarySpec, type BinarySpec, type UnaryDerivative, type BinaryPartial } from "./primitives/elementwise-rule.ts";
export type { UnaryRun, BinaryRun } from "./tensor/kernels.ts";
export type { Domain } from "./primitives/sampling.ts";
export { setCodeGeneration } from "./core/specialize.ts";

// Ops, by family
export { add, sub, mul, div, neg, pow, square, reciprocal, mulNoNan } from "./primitives/arithmetic.ts";
export { exp, expm1, log, log2, log10, log1p, sqrt, cbrt, hypot } from "./primitives/exponential.ts";
export { sin, cos, tan, asin, acos, atan, atan2 } from "./primitives/trigonometric.ts";
export { sinh, cosh, tanh, asinh, acosh, atanh } from "./primitives/hyperbolic.ts";
export { abs, sign, maximum, minimum, clip, where } from "./primitives/piecewise.ts";
export { greater, greaterEqual, less, lessEqual, equal, notEqual } from "./primitives/comparison.ts";
export { sum, mean, prod, max, min, logsumexp, type Axis } from "./primitives/reduction.ts";
export { matmul, dot, outer, transpose } from "./primitives/linalg.ts";
export { reshape, broadcastTo, squeeze, expandDims, slice, pad, concat, stack } from "./primitives/shape.ts";
export { relu, sigmoid, softplus, softmax, logSoftmax } from "./primitives/nn.ts";
export { stopGradient } from "./primitives/stop-gradient.ts";

// Errors
export {
  CotangentError, ShapeError, TypeMismatchError, TransformError, ExpressionError,
  PrimitiveDefinitionError, GradientCheckError,
} from "./errors.ts";

// Debugging: NaN hunting (reliability, issue 6). debugNans/withDebugNans throw a NonFiniteError
// at the first primitive whose value, tangent or cotangent is NaN or ±Infinity.
export { debugNans, withDebugNans, type DebugNansOptions } from "./debug/debug-nans.ts";
export { NonFiniteError, type NonFiniteMode } from "./errors.ts";

// Formulas and computation graphs (issue 3): mathjs expression strings compiled into
// differentiable functions, and the recorded graph of a computation with forward values and
// adjoints, rendered as a text table or Graphviz DOT.
export { compileExpression, type CompileOptions, type CompiledExpression } from "./expr/compile.ts";
export { MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_DEPTH } from "./expr/limits.ts";
export { traceGraph, type TraceGraphOptions, type ComputationGraph, type GraphNode, type GraphOperand } from "./graph/trace.ts";
export { renderGraphTable, type GraphTableOptions } from "./graph/table.ts";
export { renderGraphDot, type GraphDotOptions } from "./graph/dot.ts";
