/**
 * Where things are in an expression string. mathjs's syntax tree carries no source positions,
 * so the translator re-reads the source with this tokenizer, which splits it exactly as mathjs's
 * own `getToken` does, and walks the tree and the tokens side by side (both are in source
 * order). That is how an error can say "unknown function `foo` at char 5".
 * @module
 */

/** One token: its text and its place in the source (`start` inclusive, `end` exclusive, 0-based). */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// mathjs's delimiters, longest first (parse.js DELIMITERS).
const DELIMITERS_3 = new Set([">>>"]);
const DELIMITERS_2 = new Set([".*", "./", ".^", "^|", "==", "!=", "<=", ">=", "<<", ">>", "?.", "??"]);
const DELIMITERS_1 = new Set([",", "(", ")", "[", "]", "{", "}", '"', "'", ";", "+", "-", "*", "/", "%", "^", "~", "!", "&", "|", "=", ":", "?", "<", ">"]);

const isDigit = (c: string) => c >= "0" && c <= "9";
const isLatinOrGreek = (c: string) => /^[a-zA-Z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]$/.test(c);
const isMathSymbolPair = (high: string, low: string) =>
  high === "\uD835" && /^[\uDC00-\uDFFF]$/.test(low) &&
  /^[^\uDC55\uDC9D\uDCA0\uDCA1\uDCA3\uDCA4\uDCA7\uDCA8\uDCAD\uDCBA\uDCBC\uDCC4\uDD06\uDD0B\uDD0C\uDD15\uDD1D\uDD3A\uDD3F\uDD45\uDD47-\uDD49\uDD51\uDEA6\uDEA7\uDFCC\uDFCD]$/.test(low);

/** mathjs's `parse.isAlpha`: letters, `_`, `$`, accented Latin, Greek, letterlike and math alphanumerics. */
function isAlpha(s: string, i: number): boolean {
  const c = s.charAt(i);
  return isLatinOrGreek(c) || isMathSymbolPair(c, s.charAt(i + 1)) || isMathSymbolPair(s.charAt(i - 1), c);
}

/** A `.` that is a decimal mark rather than the start of `.*`, `./` or `.^`. */
const isDecimalMark = (c: string, next: string) => c === "." && next !== "/" && next !== "*" && next !== "^";

/**
 * Splits `source` into tokens as mathjs does, skipping whitespace, newlines and `#` comments.
 * Never throws: a character mathjs would reject becomes a one-character token (mathjs's parser
 * has already reported it by the time positions are needed).
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source.charAt(i);
    if (c === "#") {
      while (i < n && source.charAt(i) !== "\n") i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\u00A0" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    const c2 = source.substr(i, 2);
    const c3 = source.substr(i, 3);
    if (DELIMITERS_3.has(c3)) {
      i += 3;
    } else if (DELIMITERS_2.has(c2) && (c2 !== "?." || !isDigit(source.charAt(i + 2)))) {
      i += 2;
    } else if (DELIMITERS_1.has(c)) {
      i += 1;
    } else if (isDigit(c) || c === ".") {
      i = numberEnd(source, i);
    } else if (isAlpha(source, i)) {
      while (i < n && (isAlpha(source, i) || isDigit(source.charAt(i)))) i++;
    } else {
      i += 1;
    }
    tokens.push({ text: source.slice(start, i), start, end: i });
  }
  return tokens;
}

/** End of the number starting at `i` (or of a lone `.`), following mathjs's rules. */
function numberEnd(s: string, i: number): number {
  const prefix = s.substr(i, 2);
  if (prefix === "0b" || prefix === "0o" || prefix === "0x") {
    i += 2;
    while (isAlpha(s, i) || isDigit(s.charAt(i))) i++;
    if (s.charAt(i) === ".") {
      i++;
      while (isAlpha(s, i) || isDigit(s.charAt(i))) i++;
    } else if (s.charAt(i) === "i") {
      i++;
      while (isDigit(s.charAt(i))) i++;
    }
    return i;
  }
  if (s.charAt(i) === ".") {
    i++;
    if (!isDigit(s.charAt(i))) return i; // a lone dot: mathjs's dot-notation delimiter
  } else {
    while (isDigit(s.charAt(i))) i++;
    if (isDecimalMark(s.charAt(i), s.charAt(i + 1))) i++;
  }
  while (isDigit(s.charAt(i))) i++;
  const e = s.charAt(i);
  if ((e === "e" || e === "E") && (isDigit(s.charAt(i + 1)) || s.charAt(i + 1) === "-" || s.charAt(i + 1) === "+")) {
    i++;
    if (s.charAt(i) === "+" || s.charAt(i) === "-") i++;
    while (isDigit(s.charAt(i))) i++;
  }
  return i;
}
