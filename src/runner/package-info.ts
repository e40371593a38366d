/**
 * Version and provenance for reports: the package version, the repository
 * root, and the git commit (read-only `git rev-parse`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Directory of the spindrift package.json above this module (compiled or not). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string };
        if (pkg.name === 'spindrift') return dir;
      } catch { /* keep looking */ }
    }
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The package version. */
export function spindriftVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

let commitCache: string | null = null;
/** `git rev-parse HEAD` of the package root (+ " (modified)" when the tree is dirty), or "unknown". */
export function gitCommit(): string {
  if (commitCache !== null) return commitCache;
  try {
    const root = packageRoot();
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    commitCache = head + (dirty ? ' (modified)' : '');
  } catch {
    commitCache = 'unknown';
  }
  return commitCache;
}
