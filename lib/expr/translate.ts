/**
 * From mathjs's syntax tree to a {@link Program}. The tree is walked once, in source order,
 * next to the source's tokens, so every node's position is known: each construct is checked
 * (and rejected with its position) before anything runs, and each supported one becomes a step
 * calling the library's ops. Repeated sub-expressions become one step (the formula is pure);
 * steps on constants only are computed right away.
 * @module
 */
import type { Value } from "../core/value.ts";
import { CotangentError } from "../errors.ts";
import { stack } from "../primitives/shape.ts";
import { namedConstants } from "./constants.ts";
import type { ExpressionFunction } from "./functions.ts";
import { MAX_EXPRESSION_DEPTH } from "./limits.ts";
import { binaryOperators, unaryOperators, SUPPORTED_OPERATORS } from "./operators.ts";
import type { Step } from "./program.ts";
import { errorAt, type Span } from "./source-error.ts";
import { tokenize, type Token } from "./tokens.ts";

// The mathjs node shapes the translator reads (structural, so only `parse`'s output is needed).
export interface MathNode { readonly type: string }
interface ConstantNode extends MathNode { readonly value: unknown }
interface SymbolNode extends MathNode { readonly name: string }
interface ParenthesisNode extends MathNode { readonly content: MathNode }
interface OperatorNode extends MathNode { readonly op: string; readonly fn: string; readonly args: MathNode[]; readonly implicit: boolean; readonly isPercentage?: boolean }
interface FunctionNode extends MathNode { readonly fn: MathNode; readonly args: MathNode[] }
interface ArrayNode extends MathNode { readonly items: MathNode[] }
interface BlockNode extends MathNode { readonly blocks: { readonly node: MathNode }[] }

const isBinary = (n: MathNode): n is OperatorNode => n.type === "OperatorNode" && (n as OperatorNode).args.length === 2;

/** Constructs rejected as a whole: what to call them, the token that marks them, what to do instead. */
const UNSUPPORTED: Record<string, { what: string; marks: string[]; hint: string }> = {
  AssignmentNode: { what: "assignments are not supported", marks: ["="], hint: "A formula computes one value from its variables: write only the right-hand side." },
  FunctionAssignmentNode: { what: "function definitions are not supported", marks: ["="], hint: "Compile the body instead: its free symbols become the function's variables." },
  AccessorNode: { what: "property and index access are not supported", marks: [".", "[", "?."], hint: "Pass the element as a variable of its own, or build vectors with [a, b, c]." },
  IndexNode: { what: "indexing is not supported", marks: ["["], hint: "Pass the element as a variable of its own." },
  ObjectNode: { what: "object literals are not supported", marks: ["{"], hint: "A formula computes a number or a tensor; build vectors with [a, b, c]." },
  RangeNode: { what: "ranges (a:b) are not supported", marks: [":"], hint: "Build vectors with [a, b, c]." },
  ConditionalNode: {
    what: "conditionals (c ? a : b) are not supported", marks: ["?"],
    hint: "Use max, min or abs, or write the function as code with where(greater(...), a, b).",
  },
  RelationalNode: {
    what: "comparisons are not supported", marks: ["<", ">", "<=", ">=", "==", "!="],
    hint: "A comparison has no derivative; use max, min or abs, or write the function as code with where().",
  },
};

const COMPARISONS = new Set(["<", ">", "<=", ">=", "==", "!="]);
/** mathjs's postfix operators: transpose and factorial. */
const POSTFIX = new Set(["'", "!"]);

/**
 * Walks the syntax tree and the tokens together, emitting the program's steps. After
 * `visit(root, 0)` returns the result's slot, `template`, `steps` and `slotOfVar` describe the
 * {@link Program}.
 */
export class Translator {
  private readonly tokens: Token[];
  private pos = 0;
  /** The tree and the tokens disagreed: positions are unknown from here on (never expected). */
  private lost = false;
  private lastEnd = 0;
  readonly template: (Value | undefined)[] = [];
  readonly steps: Step[] = [];
  private readonly constant: boolean[] = [];
  private readonly slotByKey = new Map<string, number>();
  readonly slotOfVar = new Map<string, number>();

  constructor(
    private readonly api: string,
    private readonly source: string,
    private readonly explicitVars: ReadonlySet<string> | null,
    private readonly functions: ReadonlyMap<string, ExpressionFunction>,
  ) {
    this.tokens = tokenize(source);
  }

  // ---- tokens and positions

  private peek(): Token | undefined {
    return this.lost ? undefined : this.tokens[this.pos];
  }

  /** Where the next token is (null once positions are lost). */
  private here(): Span | null {
    const t = this.peek();
    return t === undefined ? (this.lost ? null : { start: this.source.length, end: this.source.length }) : { start: t.start, end: t.end };
  }

  private start(): number {
    return this.peek()?.start ?? -1;
  }

  private spanFrom(start: number): Span | null {
    return this.lost || start < 0 ? null : { start, end: Math.max(this.lastEnd, start + 1) };
  }

  /** Consumes the next token, which should be `text`; returns its span. */
  private take(text?: string): Span | null {
    const t = this.peek();
    if (t === undefined || (text !== undefined && t.text !== text)) {
      this.lost = true;
      return null;
    }
    this.pos++;
    this.lastEnd = t.end;
    return { start: t.start, end: t.end };
  }

  /** The first of `texts` ahead at the current bracket level (to point into a rejected construct). */
  private find(texts: readonly string[]): Span | null {
    if (this.lost) return null;
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (depth === 0 && texts.includes(t.text)) return { start: t.start, end: t.end };
      if (t.text === "(" || t.text === "[" || t.text === "{") depth++;
      else if (t.text === ")" || t.text === "]" || t.text === "}") depth--;
      if (depth < 0) break;
    }
    return this.here();
  }

  private fail(span: Span | null, what: string, hint?: string): never {
    throw errorAt(this.source, span, `${this.api}: ${what}`, hint);
  }

  // ---- slots and steps

  private constantSlot(value: Value): number {
    const key = typeof value === "number" ? `n:${Object.is(value, -0) ? "-0" : String(value)}` : null;
    if (key !== null) {
      const known = this.slotByKey.get(key);
      if (known !== undefined) return known;
    }
    const slot = this.template.length;
    this.template.push(value);
    this.constant.push(true);
    if (key !== null) this.slotByKey.set(key, slot);
    return slot;
  }

  private variableSlot(name: string): number {
    let slot = this.slotOfVar.get(name);
    if (slot === undefined) {
      slot = this.template.length;
      this.template.push(undefined);
      this.constant.push(false);
      this.slotOfVar.set(name, slot);
    }
    return slot;
  }

  /**
   * Adds a step (or reuses an identical earlier one). Steps on constants only are computed
   * now, so their errors are reported at compile time with their position.
   */
  private emit(key: string, apply: (args: Value[]) => Value, args: number[], span: Span | null): number {
    const fullKey = `${key}(${args.join(",")})`;
    const known = this.slotByKey.get(fullKey);
    if (known !== undefined) return known;
    let slot: number;
    if (args.every((a) => this.constant[a])) {
      let value: Value;
      try {
        value = apply(args.map((a) => this.template[a]!));
      } catch (e) {
        if (e instanceof CotangentError) {
          const part = span === null ? "a constant part" : `\`${this.source.slice(span.start, span.end)}\``;
          this.fail(span, `${part} cannot be computed`, e.message);
        }
        throw e;
      }
      slot = this.constantSlot(value);
    } else {
      slot = this.template.length;
      this.template.push(undefined);
      this.constant.push(false);
      this.steps.push({ out: slot, args, apply, span });
    }
    this.slotByKey.set(fullKey, slot);
    return slot;
  }

  // ---- the walk

  /** Checks and translates `node` at nesting `depth`; returns the slot holding its value. */
  visit(node: MathNode, depth: number): number {
    if (depth > MAX_EXPRESSION_DEPTH) {
      this.fail(this.here(), `the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, "Simplify it, or write it as code with the library's ops.");
    }
    switch (node.type) {
      case "ConstantNode": return this.constantNode(node as ConstantNode);
      case "SymbolNode": return this.symbolNode(node as SymbolNode);
      case "ParenthesisNode": {
        this.take("(");
        const inner = this.visit((node as ParenthesisNode).content, depth + 1);
        this.take(")");
        return inner;
      }
      case "OperatorNode":
        return isBinary(node) ? this.binaryChain(node, depth) : this.unaryOperator(node as OperatorNode, depth);
      case "FunctionNode": return this.functionCall(node as FunctionNode, depth);
      case "ArrayNode": return this.array(node as ArrayNode, depth);
      case "BlockNode": {
        const blocks = (node as BlockNode).blocks;
        if (blocks.length === 1) return this.visit(blocks[0]!.node, depth);
        return this.fail(this.find([";"]), `the source holds ${blocks.length} statements (separated by ';' or a line break)`, "Give a single formula.");
      }
      default: {
        const rule = UNSUPPORTED[node.type];
        if (rule !== undefined) return this.fail(this.find(rule.marks), rule.what, rule.hint);
        return this.fail(this.here(), `unsupported syntax (${node.type})`);
      }
    }
  }

  private constantNode(node: ConstantNode): number {
    const span = this.take();
    const v = node.value;
    if (typeof v === "number") return this.constantSlot(v);
    if (typeof v === "string") return this.fail(span, "strings are not supported", "A formula computes with numbers and tensors; remove the quotes.");
    return this.fail(span, `\`${String(v)}\` is not a number; only numbers and the constants pi, e and tau are supported`);
  }

  private symbolNode(node: SymbolNode): number {
    const span = this.take();
    const name = node.name;
    const vars = this.explicitVars;
    if (vars !== null ? vars.has(name) : !namedConstants.has(name) && !this.functions.has(name)) return this.variableSlot(name);
    const constant = namedConstants.get(name);
    if (constant !== undefined) return this.constantSlot(constant);
    const fn = this.functions.get(name);
    if (fn !== undefined) return this.fail(span, `\`${name}\` is a function, used here without arguments`, `Call it: ${fn.signature}.`);
    return this.fail(span, `unknown symbol \`${name}\``, `The variables are ${[...vars!].join(", ") || "(none)"} (from the vars option); add it there, or use a constant (pi, e, tau). Units are not supported.`);
  }

  /**
   * A left-to-right chain of binary operators (`a + b * c - d` has the spine `(a + (b*c)) - d`),
   * walked as a loop so a long flat sum costs no nesting depth.
   */
  private binaryChain(node: OperatorNode, depth: number): number {
    const chain: OperatorNode[] = [];
    let bottom: MathNode = node;
    while (isBinary(bottom)) {
      chain.push(bottom);
      bottom = bottom.args[0]!;
    }
    const start = this.start();
    let left = this.visit(bottom, depth);
    for (let k = chain.length - 1; k >= 0; k--) {
      const op = chain[k]!;
      if (op.isPercentage) this.fail(this.take("%"), "percentages are not supported", "Write the fraction: x / 100.");
      const opSpan = op.implicit ? null : this.take(op.op);
      const rule = binaryOperators.get(op.op);
      if (rule === undefined) {
        const hint = COMPARISONS.has(op.op)
          ? "A comparison has no derivative; use max, min or abs, or write the function as code with where()."
          : `Supported operators: ${SUPPORTED_OPERATORS}.`;
        this.fail(opSpan, `operator \`${op.op}\` (${op.fn}) is not supported`, hint);
      }
      const right = this.visit(op.args[1]!, depth + 1);
      left = this.emit(`o${op.op}`, rule.apply, [left, right], this.spanFrom(start));
    }
    return left;
  }

  private unaryOperator(node: OperatorNode, depth: number): number {
    const start = this.start();
    const rule = unaryOperators.get(node.op);
    const unsupported = `operator \`${node.op}\` (${node.fn}) is not supported`;
    const hint = `Supported operators: ${SUPPORTED_OPERATORS}.`;
    let arg: number;
    if (POSTFIX.has(node.op)) {
      arg = this.visit(node.args[0]!, depth + 1);
      const opSpan = this.take(node.op);
      if (rule === undefined) this.fail(opSpan, unsupported, hint);
    } else {
      const opSpan = this.take(node.op);
      if (rule === undefined) this.fail(opSpan, unsupported, hint);
      arg = this.visit(node.args[0]!, depth + 1);
    }
    return this.emit(`u${node.op}`, rule.apply, [arg], this.spanFrom(start));
  }

  private functionCall(node: FunctionNode, depth: number): number {
    const start = this.start();
    if (node.fn.type !== "SymbolNode") {
      this.fail(this.here(), "calling the result of an expression is not supported", "Call functions by name, e.g. sin(x).");
    }
    const name = (node.fn as SymbolNode).name;
    const nameSpan = this.take();
    const fn = this.functions.get(name);
    if (fn === undefined) {
      if (this.explicitVars?.has(name) || namedConstants.has(name)) {
        this.fail(nameSpan, `\`${name}\` is called like a function, but it is a ${namedConstants.has(name) ? "constant" : "variable"}`, `To multiply, write ${name} * (...).`);
      }
      this.fail(nameSpan, `unknown function \`${name}\``, `Supported functions: ${[...this.functions.keys()].join(", ")}. (To multiply by a variable, write ${name} * (...).)`);
    }
    const count = node.args.length;
    if (count < fn.minArgs || count > fn.maxArgs) {
      const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      this.fail(nameSpan, `${name} takes ${expected} argument${expected === "1" ? "" : "s"}, got ${count}`, `Call it as ${fn.signature}.`);
    }
    this.take("(");
    const args = node.args.map((arg, i) => {
      if (i > 0) this.take(",");
      return this.visit(arg, depth + 1);
    });
    this.take(")");
    return this.emit(`f:${name}`, fn.apply, args, this.spanFrom(start));
  }

  /** `[a, b, c]` stacks its items into a vector; `[[a, b], [c, d]]` and `[a, b; c, d]` into a matrix. */
  private array(node: ArrayNode, depth: number): number {
    const start = this.start();
    const bracketed = this.peek()?.text === "[";
    if (bracketed) this.take("[");
    if (node.items.length === 0) {
      if (bracketed) this.take("]");
      this.fail(this.spanFrom(start), "empty arrays are not supported", "Give at least one element: [a, b, c].");
    }
    const items = node.items.map((item, i) => {
      const sep = this.peek()?.text;
      if (i > 0 && (sep === "," || sep === ";")) this.take();
      return this.visit(item, depth + 1);
    });
    if (bracketed) {
      const sep = this.peek()?.text;
      if (sep === "," || sep === ";") this.take(); // mathjs allows a trailing comma
      this.take("]");
    }
    return this.emit("[]", (values) => stack(values), items, this.spanFrom(start));
  }
}
