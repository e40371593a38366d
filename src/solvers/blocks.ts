/**
 * Invariant subspaces of open-system dynamics.
 *
 * A partition of the basis into blocks is *compatible* with (H, {C_k}) when
 *  1. H_eff = H − (i/2) Σ C_k†C_k never connects two different blocks, and
 *  2. every collapse operator maps each block b into a single block π_k(b)
 *     (or annihilates it: π_k(b) = −1).
 * Then the density-matrix sector ρ_ab (rows in block a, columns in block b)
 * evolves under the Lindblad equation into sectors (a, b) and
 * (π_k(a), π_k(b)) only, so the Liouvillian decomposes into the forward-closed
 * sets of sector pairs reachable from the initial state. A block-diagonal ρ0
 * never leaves the diagonal sectors; a pure state between jumps never leaves
 * its blocks (quantum-jump trajectories).
 *
 * `findBlocks` computes the finest compatible partition from the sparsity of
 * the operators (union–find on the graph of H_eff, then merging the targets of
 * each jump until π_k is a function), or checks a partition declared by a
 * model through quantum numbers.
 */
import type { Operator } from '../linalg/operator.js';
import { toSparse } from '../linalg/operator.js';
import type { SparseMatrix } from '../linalg/sparse.js';

export interface BlockStructure {
  /** Number of blocks. */
  count: number;
  /** blockOf[i] = block of basis state i. */
  blockOf: Int32Array;
  /** members[b] = basis states of block b, ascending. */
  members: Int32Array[];
  /** localIndex[i] = position of basis state i within its block. */
  localIndex: Int32Array;
  /** jumpTarget[k][b] = π_k(b): the block C_k maps block b into, or −1 if C_k annihilates it. */
  jumpTarget: Int32Array[];
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) {
      const next = this.parent[i];
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): boolean {
    const ra = this.find(a), rb = this.find(b);
    if (ra === rb) return false;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
    return true;
  }
}

/** Connect every pair of indices linked by a stored nonzero entry of `m`. */
function unionSparsity(uf: UnionFind, m: SparseMatrix): void {
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.rowPtr[i]; k < m.rowPtr[i + 1]; k++) {
      if (m.re[k] !== 0 || m.im[k] !== 0) uf.union(i, m.colIndex[k]);
    }
  }
}

/**
 * Finest block partition compatible with the Hamiltonian(s) and collapse
 * operators (see the module comment). `hamiltonians` may list several
 * operators (e.g. the constant and the driven parts of H(t)); all of them
 * must respect the blocks.
 *
 * `declared`, if given, assigns a label (e.g. a conserved quantum number) to
 * each basis state; it is used as the starting partition and validated —
 * if the operators force two labels together, the labels are merged (the
 * result is still correct, only coarser) and `mergedDeclared` reports it.
 */
export function findBlocks(
  hamiltonians: readonly Operator[],
  collapseOperators: readonly Operator[],
  declared?: ArrayLike<number>,
): BlockStructure & { mergedDeclared: boolean } {
  if (hamiltonians.length === 0) throw new RangeError('findBlocks: at least one Hamiltonian is required');
  const n = hamiltonians[0].rows;
  const hs = hamiltonians.map(toSparse);
  const cs = collapseOperators.map(toSparse);
  for (const [i, h] of hs.entries()) {
    if (h.rows !== n || h.cols !== n) throw new RangeError(`findBlocks: Hamiltonian ${i} is ${h.rows}x${h.cols}, expected ${n}x${n}`);
  }
  for (const [k, c] of cs.entries()) {
    if (c.rows !== n || c.cols !== n) throw new RangeError(`findBlocks: collapse operator ${k} is ${c.rows}x${c.cols}, expected ${n}x${n}`);
  }
  const uf = new UnionFind(n);
  let declaredGroups = 0;
  if (declared) {
    if (declared.length !== n) throw new RangeError(`findBlocks: ${declared.length} declared labels for dimension ${n}`);
    const first = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const f = first.get(declared[i]);
      if (f === undefined) first.set(declared[i], i);
      else uf.union(f, i);
    }
    declaredGroups = first.size;
  }
  for (const h of hs) unionSparsity(uf, h);
  // C†C connects columns j, j' of C that share a row: join the columns of each row.
  // Rows of C are the targets of a jump from column states. Group by row via the transpose walk.
  for (const c of cs) {
    const firstColOfRow = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let k = c.rowPtr[i]; k < c.rowPtr[i + 1]; k++) {
        if (c.re[k] === 0 && c.im[k] === 0) continue;
        const j = c.colIndex[k];
        if (firstColOfRow[i] < 0) firstColOfRow[i] = j;
        else uf.union(firstColOfRow[i], j);
      }
    }
  }
  // Make every jump a function between blocks: all targets of one source block merge.
  let changed = true;
  const targetOfRoot = new Int32Array(n);
  while (changed) {
    changed = false;
    for (const c of cs) {
      targetOfRoot.fill(-1);
      for (let i = 0; i < n; i++) {
        for (let k = c.rowPtr[i]; k < c.rowPtr[i + 1]; k++) {
          if (c.re[k] === 0 && c.im[k] === 0) continue;
          const src = uf.find(c.colIndex[k]);
          const dst = uf.find(i);
          if (targetOfRoot[src] < 0) targetOfRoot[src] = dst;
          else if (uf.find(targetOfRoot[src]) !== dst) {
            uf.union(targetOfRoot[src], dst);
            changed = true;
          }
        }
      }
    }
  }
  // Number the blocks in order of their smallest member.
  const blockOf = new Int32Array(n);
  const rootToBlock = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    let b = rootToBlock.get(r);
    if (b === undefined) {
      b = rootToBlock.size;
      rootToBlock.set(r, b);
    }
    blockOf[i] = b;
  }
  const count = rootToBlock.size;
  const sizes = new Int32Array(count);
  for (let i = 0; i < n; i++) sizes[blockOf[i]]++;
  const members = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(count);
  const localIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = blockOf[i];
    localIndex[i] = fill[b];
    members[b][fill[b]++] = i;
  }
  const jumpTarget = cs.map((c) => {
    const t = new Int32Array(count).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let k = c.rowPtr[i]; k < c.rowPtr[i + 1]; k++) {
        if (c.re[k] === 0 && c.im[k] === 0) continue;
        t[blockOf[c.colIndex[k]]] = blockOf[i];
      }
    }
    return t;
  });
  return { count, blockOf, members, localIndex, jumpTarget, mergedDeclared: declared !== undefined && count < declaredGroups };
}

/** The trivial partition: one block holding the whole space. */
export function singleBlock(n: number, collapseCount: number): BlockStructure {
  const members = [Int32Array.from({ length: n }, (_, i) => i)];
  return {
    count: 1,
    blockOf: new Int32Array(n),
    members,
    localIndex: Int32Array.from({ length: n }, (_, i) => i),
    jumpTarget: Array.from({ length: collapseCount }, () => Int32Array.of(0)),
  };
}

/** A density-matrix sector ρ_ab: rows in block a, columns in block b. */
export interface Sector {
  a: number;
  b: number;
}

/**
 * Sectors reachable from the `initial` sectors under the Lindblad flow:
 * (a, b) → (π_k(a), π_k(b)) for every collapse operator with both targets
 * defined. The result is sorted (a, then b) and forward closed, so the
 * Liouvillian restricted to it is exact.
 */
export function reachableSectors(structure: BlockStructure, initial: readonly Sector[]): Sector[] {
  const { count, jumpTarget } = structure;
  const seen = new Set<number>();
  const stack: number[] = [];
  for (const s of initial) {
    const key = s.a * count + s.b;
    if (!seen.has(key)) {
      seen.add(key);
      stack.push(key);
    }
  }
  while (stack.length > 0) {
    const key = stack.pop()!;
    const a = Math.floor(key / count), b = key % count;
    for (const t of jumpTarget) {
      const ta = t[a], tb = t[b];
      if (ta < 0 || tb < 0) continue;
      const k2 = ta * count + tb;
      if (!seen.has(k2)) {
        seen.add(k2);
        stack.push(k2);
      }
    }
  }
  return Array.from(seen).sort((x, y) => x - y).map((key) => ({ a: Math.floor(key / count), b: key % count }));
}

/** Sectors (a, b) in which the matrix ρ has an entry with |ρ_ij| > tolerance. */
export function occupiedSectors(structure: BlockStructure, rho: { rows: number; re: Float64Array; im: Float64Array }, tolerance = 0): Sector[] {
  const n = rho.rows;
  const { count, blockOf } = structure;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      if (Math.abs(rho.re[k]) > tolerance || Math.abs(rho.im[k]) > tolerance) seen.add(blockOf[i] * count + blockOf[j]);
    }
  }
  return Array.from(seen).sort((x, y) => x - y).map((key) => ({ a: Math.floor(key / count), b: key % count }));
}
