/**
 * Browser counterpart of workloads/read-input.ts: the page reads no files. Scenarios, traces and
 * extensions reach the project's parsers as text (parseScenario, parseTrace, an extension request
 * with its source); a path that would be read is refused with the usual InputFileError, so the
 * caller reports it the way it reports any file it cannot read.
 */
import { InputFileError, type InputKind } from "../../workloads/input-kinds.js";

export {
  EXTENSION_INPUT,
  InputFileError,
  SCENARIO_INPUT,
  TRACE_INPUT,
  type InputKind,
} from "../../workloads/input-kinds.js";

const NO_FILES = "the playground reads no files (paste the text into the page instead)";

export function describeFsError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** There are no files in the page, so no symbolic link either. */
export function danglingLinkReason(_file: string, _error: unknown): string | undefined {
  return undefined;
}

/** There are no files in the page, so none is a regular one. */
export function notRegularReason(_stat: unknown): string | undefined {
  return NO_FILES;
}

export function openInput(file: string, _kind: InputKind): { fd: number; size: number } {
  throw new InputFileError(file, NO_FILES);
}

export function readChunk(file: string): number {
  throw new InputFileError(file, NO_FILES);
}

export function closeInput(): void {}

export function readInputBytes(file: string, _kind: InputKind): Uint8Array {
  throw new InputFileError(file, NO_FILES);
}

export function readInputText(file: string, _kind: InputKind): string {
  throw new InputFileError(file, NO_FILES);
}
