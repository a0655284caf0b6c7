/**
 * The verifier: one walk over the extension's AST, dispatching every node
 * to every rule's visitor. Rule crashes become VerifierInternalError (our
 * bug), never a silent pass.
 */
import ts from "../typescript.js";
import { type Diagnostic, VerifierInternalError, diagnosticAt, sortDiagnostics } from "../diagnostics.js";
import type { Rule, RuleContext, Visitor } from "./rule.js";
import { allRules } from "./rules/index.js";

export { defineRule } from "./rule.js";
export type { Rule, RuleContext, Visitor } from "./rule.js";
export { rules, allRules, type RuleId } from "./rules/index.js";

export interface VerifyStats {
  readonly nodes: number;
  readonly rules: number;
  readonly diagnostics: number;
}

export interface VerifyResult {
  readonly diagnostics: Diagnostic[];
  readonly stats: VerifyStats;
  /** `processed N nodes, M rules, K diagnostics` */
  readonly statsLine: string;
}

export interface VerifyOptions {
  /** Rules to run (default: every registered rule). */
  readonly rules?: readonly Rule<string>[];
  /** File name shown in diagnostics (default: the SourceFile's name). */
  readonly displayFile?: string;
}

function interpolate(template: string, data: Readonly<Record<string, string>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => data?.[k] ?? `{{${k}}}`);
}

export function formatVerifyStats(s: VerifyStats): string {
  return `processed ${s.nodes} nodes, ${s.rules} rules, ${s.diagnostics} diagnostics`;
}

/** Run the rules over one source file of a program; returns diagnostics and stats. */
export function verifyDetailed(program: ts.Program, sourceFile: ts.SourceFile, opts: VerifyOptions = {}): VerifyResult {
  const rules = opts.rules ?? allRules;
  const displayFile = opts.displayFile ?? sourceFile.fileName;
  const checker = program.getTypeChecker();
  const diagnostics: Diagnostic[] = [];
  const isLibFile = (sf: ts.SourceFile): boolean => program.isSourceFileDefaultLibrary(sf);

  const visitors: { rule: Rule<string>; visit: Visitor }[] = [];
  for (const rule of rules) {
    const ctx: RuleContext<string> = {
      sourceFile,
      program,
      checker,
      isLibFile,
      report(node, messageId, data) {
        ctx.reportRange(node.getStart(sourceFile), node.getEnd(), messageId, data);
      },
      reportRange(start, end, messageId, data) {
        const template = (rule.messages as Record<string, string | undefined>)[messageId];
        if (template === undefined)
          throw new VerifierInternalError(`rule ${rule.id} reported unknown messageId ${messageId}`, {
            ruleId: rule.id,
          });
        diagnostics.push(
          diagnosticAt(sourceFile, displayFile, start, end, "verifier", rule.id, interpolate(template, data)),
        );
      },
    };
    let visit: Visitor | void;
    try {
      visit = rule.check(ctx);
    } catch (e) {
      if (e instanceof VerifierInternalError) throw e;
      throw new VerifierInternalError(`rule ${rule.id} crashed in check(): ${String(e)}`, {
        cause: e,
        ruleId: rule.id,
      });
    }
    if (visit !== undefined) visitors.push({ rule, visit });
  }

  let nodes = 0;
  const walk = (node: ts.Node): void => {
    nodes++;
    for (const { rule, visit } of visitors) {
      try {
        visit(node);
      } catch (e) {
        if (e instanceof VerifierInternalError) throw e;
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        throw new VerifierInternalError(
          `rule ${rule.id} crashed at ${displayFile}:${line + 1}:${character + 1} (${ts.SyntaxKind[node.kind]}): ${String(e)}`,
          { cause: e, ruleId: rule.id },
        );
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sourceFile);

  const sorted = sortDiagnostics(diagnostics);
  const stats: VerifyStats = { nodes, rules: rules.length, diagnostics: sorted.length };
  return { diagnostics: sorted, stats, statsLine: formatVerifyStats(stats) };
}

/** Run every rule; returns the diagnostics (use verifyDetailed for the stats line). */
export function verify(program: ts.Program, sourceFile: ts.SourceFile, opts: VerifyOptions = {}): Diagnostic[] {
  return verifyDetailed(program, sourceFile, opts).diagnostics;
}
