/** Built-in (trusted, native) policies: page replacement and thread scheduling. */
export {
  builtinPolicies,
  checkPolicyChoice,
  createPager,
  createScheduler,
  formatPolicies,
  listPolicies,
  pagerAliases,
  pagers,
  policyNames,
  resolvePagerName,
  resolveSchedulerName,
  schedulerAliases,
  schedulers,
} from "./registry.js";
export type { PagerName, PolicyChoiceLike, PolicyListing, PolicyProblem, SchedulerName } from "./registry.js";
export { definePolicy, PolicyError, resolveOptions } from "./define.js";
export type {
  BuiltinPolicy,
  OptionSpec,
  OptionSpecs,
  OptionsOf,
  OptionValue,
  PolicyErrorCode,
  PolicyKind,
} from "./define.js";
