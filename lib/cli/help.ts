/**
 * The help texts of `cotangent` and each subcommand.
 * @module
 */

const COMMON = `Common options:
  --at x=2,z=3     the point: a value for every variable (repeatable; values may be
                   formulas of constants such as pi/4, tensors as [1, 2] or [[1, 2], [3, 4]])
  --vars x,z       the variables and their order (default: the free symbols, sorted)
  --digits N       round printed numbers to N significant digits (default: every digit)
  --json           print one JSON object instead (NaN and Infinity as strings)
  --help, -h       this help`;

export const GENERAL_HELP = `cotangent: derivatives of formulas from the command line (automatic differentiation,
forward and reverse mode).

Usage: cotangent <command> "<expression>" --at x=2,z=3 [options]

Commands:
  grad      value and gradient of a scalar formula (reverse mode)
  jvp       value and directional derivative J·v along --tangent (forward mode)
  vjp       value and uᵀJ for a --cotangent u (reverse mode)
  jacobian  the Jacobian of one or several outputs; says which mode it used and why
  hessian   the Hessian of a scalar formula (forward over reverse)
  graph     the computation graph with values and adjoints (a table, or Graphviz with --dot)

Expressions use mathjs syntax: + - * / ^, elementwise .* ./ .^, transpose ', [a, b] vectors,
sin cos tan exp log sqrt abs max min sum mean hypot nthRoot ... and pi, e, tau. Separate
several outputs with commas: "x*y, sin(x)".

Example:
  cotangent grad "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)" --at x=2,z=3

Run cotangent <command> --help for a command's options. Exit status: 0 on success,
2 for a bad command line or expression (the error is printed on stderr).`;

/** Per command: its help text and the options it accepts beyond the common ones. */
export const COMMAND_HELP: Readonly<Record<string, { readonly text: string; readonly options: readonly string[] }>> = {
  grad: {
    options: [],
    text: `Usage: cotangent grad "<expression>" --at x=2,z=3

The value of a scalar formula and its gradient: one partial derivative per variable (a tensor
variable gets a tensor of partials), computed in one backward pass (reverse mode).

${COMMON}

Example:
  cotangent grad "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)" --at x=2,z=3`,
  },
  jvp: {
    options: ["tangent"],
    text: `Usage: cotangent jvp "<expression>" --at x=2,z=3 --tangent x=1,z=0

The value and the directional derivative J·v of the formula along the tangent v, in one
forward pass (forward mode, dual numbers). Variables missing from --tangent get 0.

  --tangent x=1,z=0   the direction v (at least one variable; repeatable)
${COMMON}

Example:
  cotangent jvp "x^2 * z" --at x=2,z=3 --tangent x=1`,
  },
  vjp: {
    options: ["cotangent"],
    text: `Usage: cotangent vjp "<expression>" --at x=2,z=3 [--cotangent u]

The value and the vector-Jacobian product uᵀJ: one cotangent per variable, in one backward
pass (reverse mode).

  --cotangent u    the output cotangent, shaped like the output (a number, or [1, 0, 2]
                   for a vector output); default 1 for a scalar output
${COMMON}

Example:
  cotangent vjp "x*y, sin(x)" --at x=2,y=3 --cotangent [1,-1]`,
  },
  jacobian: {
    options: ["mode"],
    text: `Usage: cotangent jacobian "<expression>[, <expression>...]" --at x=2,y=3 [--mode auto]

The Jacobian matrix: one row per output element (the comma-separated outputs, or the elements
of a vector formula), one column per input element. Says which mode computed it and why:
forward mode costs one pass per input (a column each), reverse mode one backward pass per
output (a row each); auto takes the cheaper.

  --mode auto|forward|reverse   (default auto)
${COMMON}

Example:
  cotangent jacobian "x*y, sin(x), x + y" --at x=2,y=3`,
  },
  hessian: {
    options: [],
    text: `Usage: cotangent hessian "<expression>" --at x=2,y=3

The value and the Hessian matrix of second derivatives of a scalar formula, over all input
elements, computed forward-over-reverse.

${COMMON}

Example:
  cotangent hessian "x^2 * y + sin(y)" --at x=1,y=2`,
  },
  graph: {
    options: ["dot", "cotangent"],
    text: `Usage: cotangent graph "<expression>" --at x=2,z=3 [--dot]

The computation graph as the lecture notes draw it: every intermediate value in evaluation
order with its formula, forward value and adjoint dF/d(node) (for a scalar output, or with
--cotangent). Repeated sub-expressions are computed once, so they are one node.

  --dot            print Graphviz DOT instead of a table (render with: dot -Tsvg)
  --cotangent u    seed of the backward pass for a vector output
${COMMON}

Examples:
  cotangent graph "sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))" --at x=0.5
  cotangent graph "(x + y) * z" --at x=-2,y=5,z=-4 --dot | dot -Tsvg > graph.svg`,
  },
};

/** The options every command takes. */
export const COMMON_OPTIONS = ["at", "vars", "digits", "json", "help"];
