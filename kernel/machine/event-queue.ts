/**
 * The one queue of future events, ordered by simulated time and, at equal times, by the order in
 * which they were scheduled: that tie-break is what makes two runs of one scenario identical.
 */
export interface TimedEvent {
  readonly time: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** An event a scheduler keeps and schedules again each time it has fired (no allocation per use). */
export interface ReusableEvent extends TimedEvent {
  time: number;
  seq: number;
}

export class EventQueue {
  private heap: TimedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest event, or Infinity. */
  get nextTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0]!.time;
  }

  schedule(time: number, fire: () => void): void {
    this.push({ time, seq: this.seq++, fire });
  }

  /**
   * Schedule `event` (which must not be in the queue: it has fired, or was never scheduled) at
   * `time`, with the next sequence number: ordered exactly as `schedule(time, event.fire)` would be.
   */
  reschedule(event: ReusableEvent, time: number): void {
    event.time = time;
    event.seq = this.seq++;
    this.push(event);
  }

  private push(event: TimedEvent): void {
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = event;
  }

  pop(): TimedEvent | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: TimedEvent, b: TimedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
