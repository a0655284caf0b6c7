/**
 * What `spin bench kernel` can be asked (kernel-throughput.ts measures it): a module without the
 * kernel, so that the command line can describe the options without loading what runs them.
 */
export interface ThroughputOptions {
  refs: number;
  reps: number;
  pages: number;
  frames: number;
  seed: number;
}

export const DEFAULT_THROUGHPUT: ThroughputOptions = { refs: 1_000_000, reps: 7, pages: 3072, frames: 1024, seed: 42 };
