import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IdIndex, hashId } from '../src/core/id-index';

const SEED = process.env.PROPERTY_SEED === 'random' ? Date.now() : Number(process.env.PROPERTY_SEED ?? 20261129);

interface Entry {
  readonly orderId: string;
  idHash: number;
}

/**
 * Ids from a small alphabet, so runs collide in a small table and deletions shift across the wrap-around.
 * `delete` goes by id (the id may be absent), `remove` by the value (only when it is there).
 */
const id = fc.string({ unit: fc.constantFrom('a', 'b', '1', '2'), maxLength: 4 });
const op = fc.record({ kind: fc.constantFrom('add' as const, 'delete' as const, 'remove' as const), id });

test('IdIndex finds exactly what a Map holds after any sequence of adds, deletes and removes', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const index = new IdIndex<Entry>(4, 1);
      const model = new Map<string, Entry>();
      for (const { kind, id } of ops) {
        const held = model.get(id);
        if (kind === 'add' && held === undefined) {
          const e = { orderId: id, idHash: 0 };
          index.add(e);
          model.set(id, e);
        } else if (kind === 'delete') {
          index.delete(id);
          model.delete(id);
        } else if (kind === 'remove' && held !== undefined) {
          index.remove(held);
          model.delete(id);
        }
        assert.equal(index.size, model.size);
      }
      for (const { id } of ops) assert.equal(index.get(id), model.get(id));
    }),
    { numRuns: 300, seed: SEED },
  );
});

test('IdIndex grows past its initial capacity and keeps every value', () => {
  const index = new IdIndex<Entry>(2);
  const entries = Array.from({ length: 1000 }, (_, i) => ({ orderId: `o${i}`, idHash: 0 }));
  for (const e of entries) index.add(e);
  assert.equal(index.size, 1000);
  for (const e of entries) assert.equal(index.get(e.orderId), e);
  assert.equal(index.get('o1000'), undefined);
});

test('IdIndex deleting an absent id changes nothing', () => {
  const index = new IdIndex<Entry>(8);
  const e = { orderId: 'x', idHash: 0 };
  index.add(e);
  index.delete('y');
  assert.equal(index.size, 1);
  assert.equal(index.get('x'), e);
});

test('IdIndex fails when the capacity is not a power of two', () => {
  assert.throws(() => new IdIndex<Entry>(6), /IdIndex capacity must be a power of two >= 2, got 6/);
});

test('hashId tells ids apart that differ in one character', () => {
  assert.notEqual(hashId('order-1', 0), hashId('order-2', 0));
  assert.equal(hashId('order-1', 0), hashId(`order-${1}`, 0));
});

test('hashId spreads ids differently under different seeds', () => {
  const ids = Array.from({ length: 64 }, (_, i) => `o${i}`);
  const slots = (seed: number) => ids.map((id) => hashId(id, seed) & 63).join(',');
  assert.notEqual(slots(1), slots(2));
});

test('IdIndex removes a value by identity, also after the table has grown, and keeps the others', () => {
  const index = new IdIndex<Entry>(2, 7);
  const entries = Array.from({ length: 100 }, (_, i) => ({ orderId: `o${i}`, idHash: 0 }));
  for (const e of entries) index.add(e);
  for (let i = 0; i < 100; i += 2) index.remove(entries[i]);
  assert.equal(index.size, 50);
  for (let i = 0; i < 100; i++) assert.equal(index.get(`o${i}`), i % 2 === 0 ? undefined : entries[i]);
});

test('IdIndex tables with different seeds, used in turns with the same ids, each agree with a Map', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), op), { maxLength: 200 }), (ops) => {
      const tables = [new IdIndex<Entry>(4, 1), new IdIndex<Entry>(4, 2)];
      const models = [new Map<string, Entry>(), new Map<string, Entry>()];
      for (const [second, { kind, id }] of ops) {
        const t = second ? 1 : 0;
        // Look the id up in both tables first, as a PLACE's duplicate check does in every book, the table
        // acted on first (so each table sometimes follows the other with the same id).
        for (const k of [t, 1 - t]) assert.equal(tables[k].get(id), models[k].get(id));
        const held = models[t].get(id);
        if (kind === 'add' && held === undefined) {
          const e = { orderId: id, idHash: 0 };
          tables[t].add(e);
          models[t].set(id, e);
        } else if (kind === 'delete') {
          tables[t].delete(id);
          models[t].delete(id);
        } else if (kind === 'remove' && held !== undefined) {
          tables[t].remove(held);
          models[t].delete(id);
        }
      }
      for (const [, { id }] of ops) for (let k = 0; k < 2; k++) assert.equal(tables[k].get(id), models[k].get(id));
    }),
    { numRuns: 200, seed: SEED },
  );
});
