/**
 * The shape of a verifier rule (typescript-eslint's createRule is the model).
 * `MessageId` is a string union inferred from `messages`, so every
 * `ctx.report(node, id)` is type-checked against the rule's own messages.
 */
import type ts from "typescript";

export type Visitor = (node: ts.Node) => void;

export interface RuleContext<MessageId extends string> {
  readonly sourceFile: ts.SourceFile;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** True for the ES library `.d.ts` files (not the API file, not the extension). */
  isLibFile(sf: ts.SourceFile): boolean;
  /** Report at a node (from its first token to its end); `{{key}}` in the message is replaced from `data`. */
  report(node: ts.Node, messageId: MessageId, data?: Readonly<Record<string, string>>): void;
  /** Report at an explicit text range of the extension file. */
  reportRange(start: number, end: number, messageId: MessageId, data?: Readonly<Record<string, string>>): void;
}

export interface Rule<MessageId extends string = string> {
  /** kebab-case; equals the file name under rules/ and a heading in docs/verifier-rules.md. */
  readonly id: string;
  readonly messages: Readonly<Record<MessageId, string>>;
  /** One line: what an extension could do if this rule were absent. */
  readonly why: string;
  /**
   * Markdown for the rule's section of docs/verifier-rules.md, after `why`: how the rule decides,
   * what it still allows, the finding and exercises behind it. The section is generated from the
   * rule (extensions/verifier/doc.ts), so the doc cannot drift from the code.
   */
  readonly details?: string;
  /** Called once per file; whole-file checks may report here. The returned visitor sees every AST node. */
  check(ctx: RuleContext<MessageId>): Visitor | void;
}

/** Identity function whose only job is to infer `MessageId` from `messages`. */
export function defineRule<const MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}
