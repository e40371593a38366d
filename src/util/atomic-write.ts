/**
 * Safe file output: atomic replacement of regular files, and the checks that
 * keep `--out` from doing damage.
 *
 * - A regular file (or a new one) is written atomically: a temporary file in
 *   the same directory, flushed, then renamed over the target. Readers see the
 *   old file or the complete new one; a failed write leaves the target as it was.
 * - A symbolic link is followed: its final target is replaced (atomically,
 *   beside the target), the link itself stays a link.
 * - A special file (character device, FIFO, socket: /dev/null, /dev/full, a
 *   terminal) is never replaced: the data is written through it, and a failed
 *   write (ENOSPC on /dev/full) is an error.
 * - Missing folders are created one level at a time, so a path under a
 *   pseudo file system such as /proc fails at once instead of looping, and a
 *   regular file where a folder is needed is reported by name.
 *
 * Errors are `OutputPathError`s with one plain line naming the path.
 */
import {
  accessSync, closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** An output path that cannot be used (one line naming the path). */
export class OutputPathError extends Error {
  constructor(readonly path: string, readonly detail: string, readonly code?: string) {
    super(`${path}: ${detail}`);
    this.name = 'OutputPathError';
  }
}

/** True for the `--out` values that mean standard output: `-` and `/dev/stdout`. */
export function isStdoutPath(path: string): boolean {
  return path === '-' || path === '/dev/stdout';
}

function statOrNull(path: string, follow: boolean): Stats | null {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') {
      // Name the file that stands where a folder is needed.
      for (let p = dirname(resolve(path)); p !== dirname(p); p = dirname(p)) {
        try {
          if (!statSync(p).isDirectory()) throw new OutputPathError(p, `is a file, not a folder (needed for ${path})`, code);
          break;
        } catch (e) {
          if (e instanceof OutputPathError) throw e;
        }
      }
      throw new OutputPathError(path, 'a part of this path is a file, not a folder', code);
    }
    throw new OutputPathError(path, `cannot inspect the path (${code ?? (err as Error).message})`, code);
  }
}

function errnoDetail(err: unknown): { detail: string; code?: string } {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded', EISDIR: 'is a folder, not a file', ENOTDIR: 'a part of this path is a file, not a folder',
    EEXIST: 'already exists', ENOENT: 'cannot be created here', EIO: 'input/output error', ELOOP: 'too many symbolic links',
  };
  return { detail: (e.code && why[e.code]) ?? e.message ?? String(err), ...(e.code ? { code: e.code } : {}) };
}

/** Follow symbolic links of `path` (absolute) to the final target, which may not exist yet. */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const st = statOrNull(p, false);
    if (st === null || !st.isSymbolicLink()) return p;
    // Links under /proc (/dev/stderr -> /proc/self/fd/2 -> "pipe:[...]") are kernel magic: use them as they are.
    if (p.startsWith('/proc/')) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new OutputPathError(path, 'too many levels of symbolic links', 'ELOOP');
}

/**
 * Check, without creating anything, that `dir` is a folder or can be created:
 * its nearest existing ancestor must be a folder we may write into.
 */
export function checkDirectory(dir: string): void {
  let p = resolve(dir);
  for (;;) {
    const st = statOrNull(p, true);
    if (st !== null) {
      if (!st.isDirectory()) throw new OutputPathError(p, p === resolve(dir) ? 'is a file, not a folder' : `is a file, not a folder (needed for ${dir})`, 'ENOTDIR');
      if (p.startsWith('/proc/') || p === '/proc' || p.startsWith('/sys/') || p === '/sys') {
        throw new OutputPathError(resolve(dir), 'is under a kernel pseudo file system (/proc, /sys), not a place for output', 'EINVAL');
      }
      try {
        accessSync(p, constants.W_OK | constants.X_OK);
      } catch (err) {
        throw new OutputPathError(p, `cannot write into this folder (${errnoDetail(err).detail})`, (err as NodeJS.ErrnoException).code);
      }
      return;
    }
    const up = dirname(p);
    if (up === p) return;
    p = up;
  }
}

/**
 * Create `dir` and its missing parents one level at a time (never looping:
 * the first level that cannot be created is reported by name).
 */
export function ensureDirectory(dir: string): void {
  checkDirectory(dir);
  const target = resolve(dir);
  const missing: string[] = [];
  let p = target;
  while (statOrNull(p, true) === null) {
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statOrNull(m, true)?.isDirectory()) continue; // created concurrently
      const { detail } = errnoDetail(err);
      throw new OutputPathError(m, code === 'EEXIST' ? 'is a file, not a folder' : `cannot create this folder (${detail})`, code);
    }
  }
}

/**
 * Check, without writing, that `path` can receive a file: not a folder, and
 * its folder exists or can be created. Standard output (`-`, /dev/stdout)
 * passes.
 */
export function checkOutputFile(path: string): void {
  if (isStdoutPath(path)) return;
  const target = followLinks(path);
  const st = statOrNull(target, true);
  if (st !== null) {
    if (st.isDirectory()) throw new OutputPathError(path, 'is a folder; give a file name', 'EISDIR');
    if (!st.isFile()) {
      try {
        accessSync(target, constants.W_OK);
      } catch (err) {
        throw new OutputPathError(path, `cannot write to this special file (${errnoDetail(err).detail})`, (err as NodeJS.ErrnoException).code);
      }
      return;
    }
  }
  checkDirectory(dirname(target));
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Write `data` to `path`: atomically for a regular (or new) file, following
 * symbolic links to their target; through the file for a special file (which
 * is never replaced). Missing folders are created. Throws an OutputPathError
 * naming the path; on failure the target is unchanged and no temporary file
 * is left.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = followLinks(path);
  const st = statOrNull(target, true);
  if (st !== null && st.isDirectory()) throw new OutputPathError(path, 'is a folder; give a file name', 'EISDIR');
  if (st !== null && !st.isFile()) {
    let fd = -1;
    try {
      fd = openSync(target, 'w');
      writeAll(fd, data);
    } catch (err) {
      const { detail, code } = errnoDetail(err);
      throw new OutputPathError(path, `cannot write to this special file (${detail})`, code);
    } finally {
      if (fd >= 0) closeSync(fd);
    }
    return;
  }
  const dir = dirname(target);
  ensureDirectory(dir);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd = -1;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, target);
  } catch (err) {
    if (fd >= 0) {
      try { closeSync(fd); } catch { /* already failing */ }
    }
    try { unlinkSync(tmp); } catch { /* may not exist */ }
    const { detail, code } = errnoDetail(err);
    throw new OutputPathError(path, `cannot write the file (${detail})`, code);
  }
}
