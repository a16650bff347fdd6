/**
 * How a recorded node reads in a table: `v3 = v1 + v2`, `v4 = exp(v3)`, `v5 = v1 * W`. The
 * arithmetic primitives are written as mathjs operators (dotted when a tensor is involved, as
 * mathjs would need); everything else as a call with its parameters.
 * @module
 */

/** Operators by primitive name: [for scalars, elementwise on tensors]. */
const INFIX: Readonly<Record<string, readonly [string, string]>> = {
  add: ["+", "+"],
  sub: ["-", "-"],
  mul: ["*", ".*"],
  div: ["/", "./"],
  pow: ["^", ".^"],
  matmul: ["*", "*"],
};

/** Call names that read better than the primitive's name. */
const CALL_NAMES: Readonly<Record<string, string>> = { maximum: "max", minimum: "min", broadcastTo: "broadcast" };

/** One operand as the formula shows it: its name (or constant text) and whether it is a tensor. */
export interface OperandText {
  readonly text: string;
  readonly tensor: boolean;
}

function paramsText(op: string, params: unknown): string {
  if (params === undefined || params === null || typeof params !== "object") return "";
  // Flags that are off (keepdims=false) say nothing a reader needs.
  const entries = Object.entries(params as Record<string, unknown>).filter(([, v]) => v !== false && v !== undefined);
  if (op === "transpose") return "";
  return entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
}

/**
 * The right-hand side of a node's formula from its primitive, operands and parameters.
 * A transpose of the last two axes of a matrix is written `a'`.
 */
export function formulaOf(op: string, operands: readonly OperandText[], params: unknown): string {
  const infix = INFIX[op];
  if (infix !== undefined && operands.length === 2) {
    const sign = operands.some((o) => o.tensor) ? infix[1] : infix[0];
    return `${operands[0]!.text} ${sign} ${operands[1]!.text}`;
  }
  if (op === "neg" && operands.length === 1) return `-${operands[0]!.text}`;
  if (op === "transpose" && operands.length === 1) {
    const perm = (params as { perm?: number[] } | undefined)?.perm;
    if (perm !== undefined && perm.length === 2) return `${operands[0]!.text}'`;
    return `transpose(${operands[0]!.text}, ${JSON.stringify(perm)})`;
  }
  const name = CALL_NAMES[op] ?? op;
  const extra = paramsText(op, params);
  return `${name}(${operands.map((o) => o.text).join(", ")}${extra === "" ? "" : `; ${extra}`})`;
}
