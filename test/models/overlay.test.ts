import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeOverlayModel, mergeFigures } from '../../src/models/overlay.js';
import type { ModelDefinition } from '../../src/models/types.js';

/** A toy model whose single series is y = a·x, so the overlay's output is predictable. */
function line(id: string): ModelDefinition {
  return {
    id, title: id, description: id, observables: ['y'],
    parameters: [{ name: 'a', kind: 'number', default: 1, description: 'slope' }, { name: 'suffix', kind: 'string', default: '', description: 'series suffix' }],
    async run(p) {
      return { series: [{ name: `y${p.suffix}`, x: [0, 1, 2], y: [0, 1, 2].map((x) => (p.a as number) * x) }], scalars: { [`a${p.suffix}`]: p.a as number } };
    },
  };
}

test('overlay runs each part with its defaults overridden and concatenates the series', async () => {
  const models = new Map([['full', line('full')], ['eff', line('eff')]]);
  const overlay = makeOverlayModel((id) => models.get(id)!);
  const r = await overlay.run({ parts: [{ model: 'full', params: { a: 2 } }, { model: 'eff', params: { suffix: ' eff' } }] }, { seed: 1, workers: 1 });
  assert.deepEqual(r.series.map((s) => s.name), ['y', 'y eff']);
  assert.deepEqual(r.series[0].y, [0, 2, 4]);
  assert.deepEqual(r.series[1].y, [0, 1, 2]); // default a = 1
  assert.deepEqual(r.scalars, { a: 2, 'a eff': 1 });
  // Two parts giving the same scalar with different values: both kept, the later one named by its part.
  const twice = await overlay.run({ parts: [{ model: 'full', params: { a: 2 } }, { model: 'full', params: { a: 3 } }] }, { seed: 1, workers: 1 });
  assert.deepEqual(twice.scalars, { a: 2, 'a [part 2]': 3 });
  await assert.rejects(overlay.run({ parts: [{ model: 'full', params: { b: 1 } }] }, { seed: 1, workers: 1 }), /no parameter "b"/);
  await assert.rejects(overlay.run({ parts: [] }, { seed: 1, workers: 1 }), /parts/);
});

test('mergeFigures turns figures sharing an id into one overlay and keeps the others', () => {
  const merged = mergeFigures([
    [{ id: 'f1', model: 'full', caption: 'full 1', params: { a: 2 } }, { id: 'f2', model: 'full', caption: 'full 2', params: {} }],
    [{ id: 'f1', model: 'eff', caption: 'eff 1', params: { suffix: ' eff' } }],
  ]);
  assert.equal(merged.length, 2);
  const f1 = merged.find((f) => f.id === 'f1')!;
  assert.equal(f1.model, 'overlay');
  assert.deepEqual(f1.params, { parts: [{ model: 'full', params: { a: 2 } }, { model: 'eff', params: { suffix: ' eff' } }] });
  assert.equal(merged.find((f) => f.id === 'f2')!.model, 'full');
  // One title, not two captions joined with " | " (s000-fig6b): the overlaid part's caption moves to the notes.
  assert.equal(f1.caption, 'full 1');
  assert.equal(f1.notes, 'Overlaid: eff 1');
});
