/**
 * The deepest call the fuel pass's depth count (extensions/sfi/passes/fuel.ts) lets an
 * extension in a V8 placement make (sandbox/native/native-vm.ts faults the call past it): far below V8's own stack (about
 * 10,000 frames of a small function in a thread's default stack), so V8's stack overflow, whose
 * depth depends on the tier each frame runs in and so on the timing of background compilation
 * (red team 3: a guest that caught it read a clock), is not reached first by any ordinary frame.
 */
export const MAX_CALL_DEPTH = 512;
