/**
 * An authorizer per event decides who may install a handler and imposes guards (SPIN's
 * authorizers). The default one gives the kernel anything and confines an application to its own
 * address space: it sees its own faults and its own strands, never another's.
 */
import type { EventName } from "../events/catalogue.js";
import type { Principal } from "./binding.js";
import type { Guard } from "./guard.js";

export type AuthorizerDecision =
  | { readonly ok: true; readonly guard: Guard }
  | { readonly ok: false; readonly reason: string };

export type Authorizer = (principal: Principal, event: EventName, guard: Guard) => AuthorizerDecision;

export const confineToOwnSpace: Authorizer = (principal, event, guard) => {
  if (principal.kind === "kernel") return { ok: true, guard };
  if (guard.space !== undefined && guard.space !== principal.space) {
    return {
      ok: false,
      reason: `application ${principal.name} (space ${principal.space}) may not handle ${event} for space ${guard.space}`,
    };
  }
  if (guard.predicate)
    return { ok: false, reason: `application ${principal.name} may not install a native predicate guard` };
  return { ok: true, guard: { ...guard, space: principal.space } };
};
