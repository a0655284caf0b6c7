/** The registry: rule id → rule. Keys must equal each rule's id and its file name (a meta-test checks). */
import type { Rule } from "../rule.js";
import noArguments from "./no-arguments.js";
import noBigint from "./no-bigint.js";
import noBuiltinMutation from "./no-builtin-mutation.js";
import noCapabilityWidening from "./no-capability-widening.js";
import noComputedMember from "./no-computed-member.js";
import noDebugger from "./no-debugger.js";
import noDeclare from "./no-declare.js";
import noDynamicImport from "./no-dynamic-import.js";
import noEval from "./no-eval.js";
import noExplicitAny from "./no-explicit-any.js";
import noForeignImport from "./no-foreign-import.js";
import noFunctionConstructor from "./no-function-constructor.js";
import noGlobalObject from "./no-global-object.js";
import noNonNullAssertion from "./no-non-null-assertion.js";
import noNonlinearRegexp from "./no-nonlinear-regexp.js";
import noOverload from "./no-overload.js";
import noProto from "./no-proto.js";
import noPrototype from "./no-prototype.js";
import noProxy from "./no-proxy.js";
import noReflect from "./no-reflect.js";
import noReflectiveObjectApi from "./no-reflective-object-api.js";
import noRequire from "./no-require.js";
import noSymbolRegistry from "./no-symbol-registry.js";
import noTopLevelSideEffects from "./no-top-level-side-effects.js";
import noTsDirective from "./no-ts-directive.js";
import noTypeAssertion from "./no-type-assertion.js";
import noTypePredicate from "./no-type-predicate.js";
import noUndeclaredWrite from "./no-undeclared-write.js";
import noUnicodeEscape from "./no-unicode-escape.js";
import noUnsafeAny from "./no-unsafe-any.js";
import noWith from "./no-with.js";

export const rules = {
  "no-arguments": noArguments,
  "no-bigint": noBigint,
  "no-builtin-mutation": noBuiltinMutation,
  "no-capability-widening": noCapabilityWidening,
  "no-computed-member": noComputedMember,
  "no-debugger": noDebugger,
  "no-declare": noDeclare,
  "no-dynamic-import": noDynamicImport,
  "no-eval": noEval,
  "no-explicit-any": noExplicitAny,
  "no-foreign-import": noForeignImport,
  "no-function-constructor": noFunctionConstructor,
  "no-global-object": noGlobalObject,
  "no-non-null-assertion": noNonNullAssertion,
  "no-nonlinear-regexp": noNonlinearRegexp,
  "no-overload": noOverload,
  "no-proto": noProto,
  "no-prototype": noPrototype,
  "no-proxy": noProxy,
  "no-reflect": noReflect,
  "no-reflective-object-api": noReflectiveObjectApi,
  "no-require": noRequire,
  "no-symbol-registry": noSymbolRegistry,
  "no-top-level-side-effects": noTopLevelSideEffects,
  "no-ts-directive": noTsDirective,
  "no-type-assertion": noTypeAssertion,
  "no-type-predicate": noTypePredicate,
  "no-undeclared-write": noUndeclaredWrite,
  "no-unicode-escape": noUnicodeEscape,
  "no-unsafe-any": noUnsafeAny,
  "no-with": noWith,
} satisfies Record<string, Rule<string>>;

export type RuleId = keyof typeof rules;

export const allRules: readonly Rule<string>[] = Object.values(rules);
