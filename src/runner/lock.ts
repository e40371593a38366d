/**
 * One run per output folder: a lock file DIR/.spindrift.lock holding the
 * owner's process id, host and start time. A second run into the same folder
 * refuses with one line; a lock left by a run that was killed (its process no
 * longer exists on this host) is detected and taken over.
 *
 * The lock file appears complete or not at all: it is written to a temporary
 * name and hard-linked into place (link(2) fails if the name exists).
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ProblemError } from '../util/errors.js';

/** Name of the lock file inside an output folder. */
export const LOCK_FILE = '.spindrift.lock';

interface LockContent {
  pid: number;
  host: string;
  started: string;
  token: string;
}

/** A held lock; `release` removes it (only if it is still ours). */
export interface RunLock {
  readonly path: string;
  release(): void;
}

/** True when a process with this id exists on this host (EPERM: exists, owned by another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LockContent;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

/**
 * Take the lock of output folder `dir` (which must exist). Throws a
 * ProblemError naming the folder when another live run holds it.
 */
export function acquireRunLock(dir: string): RunLock {
  const path = join(dir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.${mine.token}`);
  writeFileSync(tmp, JSON.stringify(mine) + '\n');
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        createLock(tmp, path, mine);
        return held(path, mine.token);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const other = readLock(path);
      if (other !== null && (other.host !== mine.host || processAlive(other.pid))) {
        const where = other.host === mine.host ? `process ${other.pid}` : `process ${other.pid} on host ${other.host}`;
        throw new ProblemError(dir, `another spindrift run is writing to this folder (${where}, started ${other.started}); wait for it to finish or choose another --out${other.host === mine.host ? '' : ` (remove ${path} if that run is gone)`}`);
      }
      // Stale (its process is gone) or unreadable: take it over by renaming ours over it, then check we won.
      const takeover = `${tmp}.takeover`;
      writeFileSync(takeover, JSON.stringify(mine) + '\n');
      renameSync(takeover, path);
      if (readLock(path)?.token === mine.token) return held(path, mine.token);
    }
    throw new ProblemError(dir, 'could not take the output folder\'s lock (other runs keep starting); try again');
  } finally {
    try { unlinkSync(tmp); } catch { /* already gone */ }
  }
}

/** Create the lock file `path` (fails with EEXIST if it exists): a hard link of the complete `tmp`, or O_EXCL where links are unsupported. */
function createLock(tmp: string, path: string, content: LockContent): void {
  try {
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    writeFileSync(path, JSON.stringify(content) + '\n', { flag: 'wx' });
  }
}

function held(path: string, token: string): RunLock {
  let released = false;
  return {
    path,
    release(): void {
      if (released) return;
      released = true;
      if (readLock(path)?.token === token) {
        try { unlinkSync(path); } catch { /* already gone */ }
      }
    },
  };
}
