/**
 * Which functions the public API (lib/index.ts) exports, and whether each one's TSDoc has an
 * `@example` (typedoc's validation only checks that a comment exists).
 */
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "./run-examples.ts";

/** An exported function or function-valued constant. */
export interface ExportedCallable {
  name: string;
  /** Where it is declared, repository-relative. */
  file: string;
  hasExample: boolean;
}

/** The exported callables of lib/index.ts, read from a program that includes it. */
export function exportedCallables(program: ts.Program): ExportedCallable[] {
  const index = program.getSourceFile(join(ROOT, "lib", "index.ts"));
  if (index === undefined) throw new Error("the program does not include lib/index.ts");
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(index)!;
  return checker.getExportsOfModule(moduleSymbol).flatMap((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.declarations ?? [];
    const isCallable = declarations.some(
      (d) => ts.isFunctionDeclaration(d) || (ts.isVariableDeclaration(d) && checker.getTypeOfSymbol(symbol).getCallSignatures().length > 0),
    );
    if (!isCallable) return [];
    const hasExample = declarations.some((d) => ts.getJSDocTags(d).some((tag) => tag.tagName.text === "example"));
    const file = declarations[0]!.getSourceFile().fileName.slice(ROOT.length + 1);
    return [{ name: exported.name, file, hasExample }];
  });
}
