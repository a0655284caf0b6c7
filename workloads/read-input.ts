/**
 * Reading a file the user named (a scenario, a trace, an extension): the one way we do it.
 *
 * Before a byte is read, the file must be a regular file (a symbolic link is followed only to a
 * regular file) no larger than its kind's limit: `/dev/zero`, a named pipe or a directory is
 * refused by name instead of filling memory or blocking forever. It is opened non-blocking (so a
 * FIFO swapped in after the check cannot hang the open), checked again through the descriptor,
 * and read only up to the limit (files that report size 0 but have content, like those in /proc,
 * stay bounded too). Every failure is an `InputFileError` whose reason is in words.
 */
import fs from "node:fs";
import { InputFileError, type InputKind } from "./input-kinds.js";
import { bytesText } from "./limits.js";
import { visible } from "./visible.js";

export { EXTENSION_INPUT, InputFileError, SCENARIO_INPUT, TRACE_INPUT, type InputKind } from "./input-kinds.js";

const ERRNO_REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ELOOP: "too many levels of symbolic links (a link that points back at itself?)",
  ENOTDIR: "a part of the path is not a directory",
  ENAMETOOLONG: "the file name is too long",
  EIO: "an input/output error on the device",
  ENXIO: "no such device",
  ENODEV: "no such device",
  EMFILE: "too many open files in this process",
  ENFILE: "too many open files on this system",
  EAGAIN: "it would block (it is not a regular file)",
  EOVERFLOW: "it is too large to read",
  EFBIG: "it is too large to read",
};

/** The reason an fs call failed, in words (the code is kept in brackets for searching). */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === "ERR_INVALID_ARG_VALUE" || e?.code === "ERR_INVALID_ARG_TYPE")
    return "the file name is not a valid path (it contains a NUL byte?)";
  const words = e?.code === undefined ? undefined : ERRNO_REASONS[e.code];
  if (words !== undefined) return words;
  const message = error instanceof Error ? error.message : String(error);
  return visible(message, 200);
}

/** Why a file that exists is not a regular file, or undefined if it is one. */
export function notRegularReason(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return "it is a directory";
  if (stat.isFIFO()) return "it is a named pipe (FIFO), not a regular file; save the data to a file first";
  if (stat.isCharacterDevice()) return "it is a character device (like /dev/zero), not a regular file";
  if (stat.isBlockDevice()) return "it is a block device, not a regular file";
  if (stat.isSocket()) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

function tooLarge(file: string, kind: InputKind, size: number | undefined): InputFileError {
  const measured = size === undefined ? "more than" : `${bytesText(size)}, more than`;
  const article = /^[aeiou]/.test(kind.what) ? "an" : "a";
  return new InputFileError(
    file,
    `it is ${measured} the ${bytesText(kind.maxBytes)} ${article} ${kind.what} file may be; ${kind.whenTooLarge}`,
  );
}

/** Open `file` for reading after checking what it is; the caller closes the descriptor. */
export function openInput(file: string, kind: InputKind): { fd: number; size: number } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new InputFileError(file, danglingLinkReason(file, error) ?? describeFsError(error));
  }
  const reason = notRegularReason(stat);
  if (reason !== undefined) throw new InputFileError(file, reason);
  if (stat.size > kind.maxBytes) throw tooLarge(file, kind, stat.size);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (error) {
    throw new InputFileError(file, describeFsError(error));
  }
  try {
    const opened = fs.fstatSync(fd);
    const again = notRegularReason(opened);
    if (again !== undefined) throw new InputFileError(file, again);
    if (opened.ino !== stat.ino || opened.dev !== stat.dev)
      throw new InputFileError(file, "it was replaced while being opened; try again");
    if (opened.size > kind.maxBytes) throw tooLarge(file, kind, opened.size);
    return { fd, size: opened.size };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/** A symbolic link whose target is missing says so (ENOENT alone would puzzle: the link is there). */
export function danglingLinkReason(file: string, error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException)?.code !== "ENOENT") return undefined;
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return undefined;
    return `it is a symbolic link to ${visible(fs.readlinkSync(file), 200)}, which does not exist`;
  } catch {
    return undefined;
  }
}

/**
 * Reads the next chunk of an open input into `buffer` at `offset`, up to `length` bytes; 0 at the
 * end. Errors become InputFileError.
 */
export function readChunk(file: string, fd: number, buffer: Buffer, offset: number, length: number): number {
  try {
    return fs.readSync(fd, buffer, offset, length, null);
  } catch (error) {
    throw new InputFileError(file, describeFsError(error));
  }
}

/** The whole file as bytes, checked and bounded as described above. */
export function readInputBytes(file: string, kind: InputKind): Buffer {
  const { fd, size } = openInput(file, kind);
  try {
    // The size is a hint (it can be 0 for files in /proc, or change while we read): read until the
    // end, growing the buffer, but never past the limit.
    let buffer = Buffer.allocUnsafe(Math.min(kind.maxBytes, size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > kind.maxBytes) throw tooLarge(file, kind, undefined);
        const bigger = Buffer.allocUnsafe(Math.min(kind.maxBytes + 1, Math.max(64 * 1024, buffer.length * 2)));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readChunk(file, fd, buffer, length, buffer.length - length);
      if (n === 0) break;
      length += n;
    }
    if (length > kind.maxBytes) throw tooLarge(file, kind, undefined);
    return buffer.subarray(0, length);
  } finally {
    closeInput(fd);
  }
}

/** Close what openInput opened. */
export function closeInput(fd: number): void {
  fs.closeSync(fd);
}

/** The whole file as UTF-8 text, with a leading byte-order mark removed. */
export function readInputText(file: string, kind: InputKind): string {
  const text = readInputBytes(file, kind).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
