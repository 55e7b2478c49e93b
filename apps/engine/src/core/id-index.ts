/** A value of an {@link IdIndex}: its id, and a field where the index keeps the id's hash while it holds it. */
export interface IndexedById {
  readonly orderId: string;
  /** Written by {@link IdIndex.add}; lets {@link IdIndex.remove} find the value without hashing its id again. */
  idHash: number;
}

/** The seed of every table not given one: drawn once per process. */
const PROCESS_SEED = (Math.random() * 0x100000000) | 0;

// The last id hashed, under which seed, and its hash (module state: shared by every table).
let lastId: string | null = null;
let lastSeed = 0;
let lastHash = 0;

/**
 * {@link hashId}, remembering the last result: one command looks its id up in several tables (every book,
 * for a PLACE's duplicate check) and then adds or finds it, and hashes it once. A different string with the
 * same content is equal here, and hashes the same, so the answer is always that of hashId.
 */
function hashOf(id: string, seed: number): number {
  if (id === lastId && seed === lastSeed) return lastHash;
  const h = hashId(id, seed);
  lastId = id;
  lastSeed = seed;
  lastHash = h;
  return h;
}

/**
 * Resting orders by id for {@link FastOrderBook}: an open-addressing hash table (linear probing, deletion by
 * backward shift, so no tombstones) of values that carry their own string id.
 *
 * Why not a Map: V8 rebuilds a Map's whole table once deletions have used up its capacity; with a thousand
 * resting orders and steady cancels and fills that is a 30+ us stall every thousand or so placements, more
 * than the p99.99 of the engine allows. Here a deletion leaves nothing behind, and the table is rebuilt only
 * when the number of orders outgrows half its slots (a book larger than ever before), never in a steady state.
 * The hash of each slot is kept beside it: probes compare numbers and touch a value only on a hash match.
 *
 * The hash is seeded at random once per process unless a table is given a seed, as V8 seeds its own string
 * hashes: ids chosen to collide under one seed do not in general collide under another, so a list of
 * colliding ids cannot be prepared in advance (FNV is not a keyed cryptographic hash; the API makes order ids
 * with randomUUID, clients do not choose them). Where values sit in the table never shows outside it
 * (nothing iterates it), so the seed changes no result. One seed for every table means an id hashes the same
 * in each: a PLACE's duplicate check looks its id up in every market's book and then adds it to one, and
 * hashes it once for all of them (see {@link hashOf}).
 */
export class IdIndex<V extends IndexedById> {
  private values: Array<V | null>;
  private hashes: Int32Array;
  private mask: number;
  private count = 0;

  /**
   * @param capacity initial number of slots (a power of two); the table holds up to half as many values before growing
   * @param seed hash seed (tests pass one to be reproducible); by default the process's
   */
  constructor(
    capacity = 4096,
    private readonly seed = PROCESS_SEED,
  ) {
    if (capacity < 2 || (capacity & (capacity - 1)) !== 0) throw new Error(`IdIndex capacity must be a power of two >= 2, got ${capacity}`);
    this.values = new Array<V | null>(capacity).fill(null);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get(id: string): V | undefined {
    const h = hashOf(id, this.seed);
    const values = this.values;
    const hashes = this.hashes;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = values[i];
      if (v === null) return undefined;
      if (hashes[i] === h && v.orderId === id) return v;
    }
  }

  /** Adds a value; the caller guarantees no value with its id is present. */
  add(value: V): void {
    if (2 * (this.count + 1) > this.values.length) this.rebuild(2 * this.values.length);
    const h = hashOf(value.orderId, this.seed);
    value.idHash = h;
    this.insert(value, h);
    this.count++;
  }

  /**
   * Removes a value the index holds (the caller guarantees it), found by identity from the hash kept on it:
   * no hashing and no string compare (a filled or cancelled order is removed this way).
   */
  remove(value: V): void {
    const values = this.values;
    const mask = this.mask;
    let i = value.idHash & mask;
    while (values[i] !== value) i = (i + 1) & mask;
    this.removeAt(i);
  }

  /** Removes the value with this id, if present. */
  delete(id: string): void {
    const h = hashOf(id, this.seed);
    const values = this.values;
    const hashes = this.hashes;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const v = values[i];
      if (v === null) return;
      if (hashes[i] === h && v.orderId === id) break;
      i = (i + 1) & mask;
    }
    this.removeAt(i);
  }

  /** Empties slot `i` (which holds a value) and closes the gap. */
  private removeAt(i: number): void {
    const values = this.values;
    const hashes = this.hashes;
    const mask = this.mask;
    // Backward shift: move later entries of the probe run into the hole when their home slot allows it.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const v = values[j];
      if (v === null) break;
      const home = hashes[j] & mask;
      // The entry at j may move to the hole at i unless its home lies cyclically within (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      values[i] = v;
      hashes[i] = hashes[j];
      i = j;
    }
    values[i] = null;
    this.count--;
  }

  private insert(value: V, h: number): void {
    const mask = this.mask;
    let i = h & mask;
    while (this.values[i] !== null) i = (i + 1) & mask;
    this.values[i] = value;
    this.hashes[i] = h;
  }

  private rebuild(capacity: number): void {
    const old = this.values;
    const oldHashes = this.hashes;
    this.values = new Array<V | null>(capacity).fill(null);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < old.length; i++) {
      const v = old[i];
      if (v !== null) this.insert(v, oldHashes[i]);
    }
  }
}

/**
 * FNV-1a over the UTF-16 code units, from a basis mixed with `seed`, with the high bits folded in (slots
 * are picked by the low bits).
 */
export function hashId(id: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) | 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}
