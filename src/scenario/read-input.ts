/**
 * Reading input files (scenarios, results, shards) with the guards of docs/limits.md: only regular files
 * (not /dev/zero, a FIFO or a directory), at most a given size (checked before reading and while reading, so
 * a file growing underneath cannot exhaust memory), valid UTF-8 (UTF-16 is named as such). A UTF-8 byte
 * order mark is dropped.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Largest scenario file read, bytes (docs/limits.md). */
export const MAX_SCENARIO_BYTES = 16 * 1024 ** 2;
/** Largest results, comparison or shard file read, bytes (docs/limits.md). */
export const MAX_RESULTS_BYTES = 512 * 1024 ** 2;

/** Why an input file cannot be used; `message` is a sentence fragment ("it is a directory"). */
export class ReadInputError extends Error {
  override name = 'ReadInputError';
}

const mib = (n: number) => `${Math.round(n / 1024 ** 2)} MiB`;

/**
 * Reads a text file.
 * @throws ReadInputError naming the reason (missing, not a regular file, too large, not UTF-8).
 */
export function readTextInput(file: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ReadInputError(err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ReadInputError('it is a directory');
    if (!st.isFile()) throw new ReadInputError('it is not a regular file (a device, FIFO or socket)');
    if (st.size > maxBytes) throw new ReadInputError(`it is ${mib(st.size)}, more than the ${mib(maxBytes)} limit`);
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let len = 0;
    for (;;) {
      if (len === buf.length) throw new ReadInputError(`it grew beyond the ${mib(maxBytes)} limit while being read`);
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return decodeUtf8(buf.subarray(0, len));
  } finally {
    closeSync(fd);
  }
}

/** Decodes UTF-8 strictly. @throws ReadInputError for UTF-16/32 (by byte order mark or NUL pattern) or invalid bytes. */
export function decodeUtf8(bytes: Uint8Array): string {
  const b = bytes;
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff) || (b.length >= 2 && (b[0] === 0 || b[1] === 0))) {
    throw new ReadInputError('it is UTF-16 (or UTF-32) encoded; save it as UTF-8');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(b);
  } catch {
    const at = firstInvalidByte(b);
    if (at < 0) throw new ReadInputError('it is not valid UTF-8');
    const before = Buffer.from(b.subarray(0, at)).toString('utf8').split('\n');
    throw new ReadInputError(`it is not valid UTF-8 (byte 0x${b[at].toString(16)} at line ${before.length}, column ${before[before.length - 1].length + 1}); save it as UTF-8`);
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (structure only), or -1. */
function firstInvalidByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}
