/**
 * The deepest call the fuel pass's depth count (extensions/sfi/passes/fuel.ts) lets an
 * extension in a V8 placement make (sandbox/native/native-vm.ts faults the call past it): far below V8's own stack (about
 * 10,000 frames of a small function in a thread's default stack), so V8's stack overflow, whose
 * depth depends on the tier each frame runs in and so on the timing of background compilation
 * (red team 3: a guest that caught it read a clock), is not reached first by any ordinary frame.
 */
export const MAX_CALL_DEPTH = 512;

/**
 * A frame counts one unit of depth more per this many slots it may take (8 bytes each on V8's
 * stack; extensions/sfi/frame-slots.ts estimates them from the source): MAX_CALL_DEPTH units are
 * then at most ~512 × (32 + ~8 fixed) × 8 bytes ≈ 160 KiB of V8's stack, a sixth of a thread's
 * default (984 KiB) and less of a worker's, however wide the frames (red team 12's
 * stack-overflow-wide-frames: a frame of 1,500 locals reached V8's own overflow ~80 frames down).
 * An ordinary function (under 32 locals and temporaries) counts one, as before.
 */
export const FRAME_SLOTS_PER_DEPTH_UNIT = 32;

/** The units of depth a frame of `slots` slots counts. */
export function depthUnits(slots: number): number {
  return 1 + Math.floor(slots / FRAME_SLOTS_PER_DEPTH_UNIT);
}
