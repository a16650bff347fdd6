/**
 * Compares what an example printed with the `// expected` comment on its console.log line,
 * leniently: whitespace is ignored (so `[ 1, 2 ]` matches `[1, 2]` and util.inspect's line
 * breaks do not matter) and numbers are compared as numbers, to 1e-12 relative.
 *
 * An expectation starting with `≈` (or `~`) compares each number only to the digits shown:
 * `// ≈ 1.2753` accepts 1.27532042.
 */

/** A piece of printed output: a number, or a run of other non-blank characters. */
type Token = { kind: "number"; value: number; text: string } | { kind: "text"; text: string };

const NUMBER = /[-+]?(?:Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/iy;

/**
 * Splits output into numbers and text. Whitespace separates numbers but is otherwise dropped,
 * so `[ 1, 2 ]` and `[1,2]` give the same tokens.
 */
export function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") tokens.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // A number starts at a digit, a sign or a dot, but not inside a word (x1, Float64Array).
    const prev = s[i - 1] ?? " ";
    if (!/[\w$.]/.test(prev) || (prev === "." && !/\d/.test(s[i - 2] ?? ""))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(s);
      const after = m ? s[i + m[0].length] ?? " " : " ";
      if (m && /[\d.IN]/i.test(m[0].replace(/^[-+]/, "")[0]!) && !/[\w$]/.test(after)) {
        flush();
        tokens.push({ kind: "number", value: Number(m[0]), text: m[0] });
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return tokens;
}

/** Allowed difference when the expectation shows `text` with only some digits. */
function shownPrecision(text: string): number {
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(text);
  if (!m) return 0;
  const decimals = m[2]?.length ?? 0;
  const exponent = Number(m[3] ?? 0);
  return 0.5 * 10 ** (exponent - decimals) * (1 + 1e-9);
}

function numbersAgree(actual: number, expected: number, expectedText: string, approximate: boolean): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  const diff = Math.abs(actual - expected);
  if (approximate) return diff <= shownPrecision(expectedText);
  return diff <= 1e-12 * Math.max(Math.abs(actual), Math.abs(expected)) || diff <= 1e-15;
}

/**
 * Checks `actual` output against an `expected` comment. Returns null when they agree, else a
 * message naming the first difference.
 */
export function compareOutput(actual: string, expected: string): string | null {
  const approximate = /^[≈~]/.test(expected);
  const exp = tokenize(approximate ? expected.replace(/^[≈~]\s*/, "") : expected);
  const act = tokenize(actual);
  const n = Math.max(exp.length, act.length);
  for (let i = 0; i < n; i++) {
    const a = act[i];
    const e = exp[i];
    if (a === undefined || e === undefined) {
      return `printed ${JSON.stringify(actual)} but the comment expects ${JSON.stringify(expected)} (${a === undefined ? "output ends early" : "extra output"} at ${JSON.stringify((a ?? e)!.text)})`;
    }
    const same =
      a.kind === "number" && e.kind === "number"
        ? numbersAgree(a.value, e.value, e.text, approximate)
        : a.kind === "text" && e.kind === "text" && a.text === e.text;
    if (!same) {
      return `printed ${JSON.stringify(actual)} but the comment expects ${JSON.stringify(expected)} (${JSON.stringify(a.text)} vs ${JSON.stringify(e.text)})`;
    }
  }
  return null;
}
