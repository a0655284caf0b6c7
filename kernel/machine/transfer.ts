/**
 * A transfer the kernel asks of the disk, with what its completion does as data (paging.ts reads
 * it when the disk is done, and recycles the object): no closure per fault.
 */
import type { DiskRequest, DiskRequestKind } from "./disk.js";
import type { SimThread } from "./threads.js";

/** Why the kernel moves a page: what its completion does (and the kind Disk.IOComplete reports). */
export type TransferPurpose = "page-in" | "prefetch" | "write-back" | "io";

export interface Transfer extends DiskRequest {
  kind: DiskRequestKind;
  block: number;
  pages: number;
  purpose: TransferPurpose;
  /** The application whose page (or I/O) it is. */
  space: number;
  /** The page's slot in its address space and the frame it moves into or out of (page transfers). */
  slot: number;
  frame: number;
  /** Write-back: the swap slot written and the content written there. */
  swapSlot: number;
  data: number;
  /** Application I/O: the thread that waits for it. */
  thread: SimThread | undefined;
}
