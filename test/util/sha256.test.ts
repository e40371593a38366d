/**
 * The platform-free SHA-256 (src/util/sha256.ts) against Node's crypto, on
 * lengths around the 64-byte block and padding boundaries (55, 56, 63, 64),
 * multi-byte UTF-8 and a long text: scenario hashes (checkpoints) must not
 * change when the hash moved off node:crypto.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/util/sha256.js';

test('sha256Hex equals node:crypto on block-boundary lengths, UTF-8 and long input', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'); // FIPS 180-4 test vector
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  const texts = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000].map((n) => 'x'.repeat(n));
  texts.push('µs ↑↓ Γ_op = 13 MHz 😀', JSON.stringify({ model: 'generic', points: Array.from({ length: 500 }, (_, i) => ({ a: i / 7 })) }));
  for (const t of texts) assert.equal(sha256Hex(t), createHash('sha256').update(t).digest('hex'), `length ${t.length}`);
});
