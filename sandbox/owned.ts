/**
 * Ownership of QuickJS handles (and of whole VMs) for blocks that may hand what they made to
 * someone else. `using owned = new Owned()`: whatever the block `own`s is disposed, last first, when
 * the block is left by a throw or an early return, unless it called `handOver()` (then its caller
 * owns them). DisposableStack's use() and move() in miniature: Node 20 has no DisposableStack, and
 * quickjs-emscripten's Scope cannot give up what it manages.
 *
 * A poisoned QuickJS instance (out of memory, aborted) must never be touched again, not even to
 * free a handle: `untouchable`, asked at disposal, says so, and the handles are then dropped.
 */
import "./dispose-symbol.js";

export class Owned implements Disposable {
  private items: Disposable[] = [];

  constructor(private readonly untouchable: () => boolean = () => false) {}

  own<T extends Disposable>(item: T): T {
    this.items.push(item);
    return item;
  }

  /** The block's caller owns everything owned so far: nothing is disposed at the end of the block. */
  handOver(): void {
    this.items = [];
  }

  [Symbol.dispose](): void {
    const items = this.items;
    this.items = [];
    if (this.untouchable()) return;
    // Every item is disposed even if one fails; the first failure is thrown after.
    let failed = false;
    let failure: unknown;
    for (let i = items.length - 1; i >= 0; i--) {
      try {
        items[i]![Symbol.dispose]();
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
    if (failed) throw failure;
  }
}
