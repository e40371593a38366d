/**
 * Memory checks before a run: how much memory this process may still use,
 * and the refusal of a run whose estimate does not fit (one line with the
 * estimate and the limit that applies, before anything is allocated or written).
 *
 * Available memory is the smallest of
 * - free memory: MemAvailable of /proc/meminfo (memory the kernel can hand
 *   out without swapping; os.freemem() where /proc is absent),
 * - `ulimit -v`: the address-space limit (/proc/self/limits) minus the
 *   address space already mapped (VmSize of /proc/self/status),
 * - the cgroup limit: memory.max minus memory.current (cgroup v2, reclaimable
 *   file cache counted as free), or memory.limit_in_bytes (v1),
 * plus this process's resident memory (the estimates include it).
 */
import { readFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { ProblemError } from '../util/errors.js';
import { formatBytes } from '../util/format-value.js';

export { formatBytes };

/** Resident memory of a spindrift process before any solver work: runtime, modules, plot rendering (measured 110–130 MB). */
export const PROCESS_BASELINE_BYTES = 125e6;

/** Where the system's numbers are read (tests substitute their own text). */
export interface MemorySources {
  meminfo?: string | null;
  limits?: string | null;
  status?: string | null;
  cgroupMax?: string | null;
  cgroupCurrent?: string | null;
  cgroupStat?: string | null;
  cgroupV1Limit?: string | null;
  cgroupV1Usage?: string | null;
  freemem?: number;
  rss?: number;
}

/** One limit on the memory this process may use. */
export interface MemoryLimit {
  /** "free memory", "ulimit -v" or "cgroup limit". */
  source: string;
  /** Bytes this process may still use under this limit (including what it already holds). */
  bytes: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The memory sources of this machine and process. */
export function systemMemorySources(): MemorySources {
  return {
    meminfo: read('/proc/meminfo'),
    limits: read('/proc/self/limits'),
    status: read('/proc/self/status'),
    cgroupMax: read('/sys/fs/cgroup/memory.max'),
    cgroupCurrent: read('/sys/fs/cgroup/memory.current'),
    cgroupStat: read('/sys/fs/cgroup/memory.stat'),
    cgroupV1Limit: read('/sys/fs/cgroup/memory/memory.limit_in_bytes'),
    cgroupV1Usage: read('/sys/fs/cgroup/memory/memory.usage_in_bytes'),
    freemem: freemem(),
    rss: process.memoryUsage.rss(),
  };
}

function kb(text: string | null | undefined, key: string): number | null {
  if (!text) return null;
  const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

function bytesOrNull(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/**
 * Every limit that applies (free memory always; ulimit -v and the cgroup
 * when set), each as the bytes this process may use in total under it.
 */
export function memoryLimits(src: MemorySources = systemMemorySources()): MemoryLimit[] {
  const rss = src.rss ?? 0;
  const out: MemoryLimit[] = [];
  const avail = kb(src.meminfo, 'MemAvailable') ?? src.freemem ?? freemem();
  out.push({ source: 'free memory', bytes: avail + rss });
  if (src.limits) {
    const m = /^Max address space\s+(\S+)/m.exec(src.limits);
    if (m && /^\d+$/.test(m[1])) {
      const mapped = kb(src.status, 'VmSize') ?? 0;
      out.push({ source: 'ulimit -v', bytes: Math.max(0, Number(m[1]) - mapped) + rss });
    }
  }
  const max = bytesOrNull(src.cgroupMax);
  if (max !== null) {
    const current = bytesOrNull(src.cgroupCurrent) ?? 0;
    const file = src.cgroupStat ? Number(/^inactive_file\s+(\d+)/m.exec(src.cgroupStat)?.[1] ?? 0) : 0;
    out.push({ source: 'cgroup limit', bytes: Math.max(0, max - current + file) + rss });
  } else {
    const v1 = bytesOrNull(src.cgroupV1Limit);
    // v1 reports a huge number (~2^63) when unlimited.
    if (v1 !== null && v1 < 2 ** 60) out.push({ source: 'cgroup limit', bytes: Math.max(0, v1 - (bytesOrNull(src.cgroupV1Usage) ?? 0)) + rss });
  }
  return out;
}

/** The smallest limit: the memory this process may use in total. */
export function availableMemory(src: MemorySources = systemMemorySources()): MemoryLimit {
  return memoryLimits(src).reduce((a, b) => (b.bytes < a.bytes ? b : a));
}

/**
 * Throw a ProblemError at `path` when `estimateBytes` (a whole-process
 * estimate, baseline included) exceeds the available memory.
 */
export function requireMemory(estimateBytes: number, what: string, path: string, limit: MemoryLimit = availableMemory()): void {
  if (!(estimateBytes <= limit.bytes)) {
    const est = Number.isFinite(estimateBytes) ? formatBytes(estimateBytes) : 'more than can be addressed';
    throw new ProblemError(path, `${what} needs about ${est} of memory (estimate), but only ${formatBytes(limit.bytes)} is available (${limit.source}, the smallest of free memory, ulimit -v and the cgroup limit); reduce the system size`);
  }
}
