/**
 * The named constants of the expression language (mathjs's names). A variable of the same
 * name, listed in `vars`, takes precedence.
 * @module
 */

/** Constant name -> value. */
export const namedConstants: ReadonlyMap<string, number> = new Map([
  ["pi", Math.PI],
  ["PI", Math.PI],
  ["e", Math.E],
  ["E", Math.E],
  ["tau", 2 * Math.PI],
]);
