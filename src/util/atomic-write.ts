/**
 * Atomic file output: readers see either the old file or the complete new
 * one, never a half-written file, and a failed write leaves the target as it
 * was.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Write `data` to `path` atomically: create the parent directory if needed,
 * write a uniquely named temporary file in the same directory (same file
 * system, so the rename is atomic on POSIX), flush it to disk, then rename it
 * over `path`. On any failure the temporary file is removed and the error is
 * rethrown.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = resolve(path);
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd = -1;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, target);
  } catch (err) {
    if (fd >= 0) {
      try { closeSync(fd); } catch { /* already failing */ }
    }
    try { unlinkSync(tmp); } catch { /* may not exist */ }
    throw err;
  }
}
