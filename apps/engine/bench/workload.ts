import { writeFileSync } from 'node:fs';
import { ASK as ASK_SIDE, BID as BID_SIDE, StopReason, type BookSide, type FillCallback, type OrderBook, type TakerSpec } from '../src/core/order-book';
import { uniformCommand, type Command } from '../src/contract';
import { FastOrderBook } from '../src/core/fast-book';

// Module-local copies, so the replay loop reads constants rather than another module's exports.
const BID: BookSide = BID_SIDE;
const ASK: BookSide = ASK_SIDE;
const DONE: number = StopReason.DONE;

/** Command kinds of the benchmark workload (exchange-core's order commands). */
export const Kind = { GTC: 0, IOC: 1, FOK: 2, CANCEL: 3, MOVE: 4, REDUCE: 5 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];
export const KIND_NAMES = ['GTC', 'IOC', 'FOK', 'cancel', 'move', 'reduce'] as const;

/** One pre-generated command; `size` is the new remaining size for REDUCE, `reduceBy` what it takes away. */
export interface BenchCommand {
  kind: Kind;
  orderId: string;
  accountId: string;
  /** The account's number (`u17` is 17): the book's owner handle. */
  owner: number;
  side: BookSide;
  price: number;
  size: number;
  reduceBy: number;
}

function benchCommand(kind: Kind, orderId: string, accountId: string, side: BookSide, price: number, size: number, reduceBy: number): BenchCommand {
  return { kind, orderId, accountId, owner: Number(accountId.slice(1)), side, price, size, reduceBy };
}

/** Small seeded PRNG (mulberry32): the workload must be identical for every engine and every run. */
export function rng(seed: number): (bound: number) => number {
  let a = seed >>> 0;
  return (bound: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

/**
 * Production-shaped ids for the workload's short ones: the API gives every order and every user a random
 * UUID (`randomUUID`), and the engine gets each command's ids as fresh strings from the message it parses.
 * Returns a mapping that gives each distinct short id one UUID (version 4 layout, drawn from a generator
 * seeded with `seed`, so every run maps alike) and returns a fresh copy of it on every call, so two commands
 * naming the same order do not share a string object (as two parsed messages would not).
 */
export function uuidIds(seed: number): (id: string) => string {
  const rand = rng(seed);
  const ids = new Map<string, string>();
  const hex = (digits: number) => {
    let out = '';
    for (let i = 0; i < digits; i++) out += '0123456789abcdef'[rand(16)];
    return out;
  };
  return (id) => {
    let uuid = ids.get(id);
    if (uuid === undefined) {
      uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rand(4)]}${hex(3)}-${hex(12)}`;
      ids.set(id, uuid);
    }
    // Through JSON.parse, as the engine service gets a command's strings from its message (parseCommand).
    return JSON.parse(JSON.stringify(uuid)) as string;
  };
}

/**
 * Applies a workload command to one of our books with the engine's semantics (GTC rests, IOC/FOK never
 * rest, move = remove + re-place, reduce keeps priority) but without funds or events: the book alone.
 */
export function applyToBook(book: OrderBook, c: BenchCommand, taker: TakerSpec, onFill: FillCallback): void {
  switch (c.kind) {
    case Kind.GTC:
    case Kind.IOC:
    case Kind.FOK: {
      taker.owner = c.owner;
      taker.side = c.side;
      taker.limitPrice = c.price;
      taker.quantity = c.size;
      if (c.kind === Kind.FOK && book.fillableQuantity(taker) < c.size) return;
      const r = book.match(taker, onFill);
      if (c.kind === Kind.GTC && r.filled < c.size && r.stop === DONE) {
        book.add(c.orderId, c.accountId, c.owner, c.side, c.price, c.size - r.filled, 0, 0);
      }
      return;
    }
    case Kind.CANCEL:
      book.remove(c.orderId);
      return;
    case Kind.MOVE: {
      const o = book.get(c.orderId);
      if (o === undefined) return;
      const remaining = o.remaining;
      book.lift(o);
      taker.owner = o.owner;
      taker.side = o.side;
      taker.limitPrice = c.price;
      taker.quantity = remaining;
      const r = book.match(taker, onFill);
      if (r.filled < remaining && r.stop === DONE) book.restLifted(o, c.price, remaining - r.filled, 0, 0);
      else book.dropLifted(o);
      return;
    }
    case Kind.REDUCE: {
      const o = book.get(c.orderId);
      if (o !== undefined && c.size > 0 && c.size < o.remaining) book.reduce(o, c.size);
      return;
    }
  }
}

export function newTaker(): TakerSpec {
  return { owner: 0, side: BID, limitPrice: 0, quantity: 0, lotSize: 1, quoteBudget: Infinity };
}

/** Prefill commands (building the resting book) and the measured commands. */
export interface Workload {
  prefill: BenchCommand[];
  commands: BenchCommand[];
  /** Resting orders after the prefill. */
  restingAfterPrefill: number;
}

/**
 * Generates a workload the way exchange-core's TestOrdersGenerator does (re-implemented, not copied):
 * the generator simulates the book as it goes; while a side has fewer than its target of resting orders
 * it places GTC orders around the last trade price; once filled it draws q in [0, 40): q < 2 places an
 * instant order (IOC, or FOK 1 time in 32) priced at the protection limit, q = 2 cancels, q = 3 reduces
 * and the rest move a random resting order (among the oldest 512) 1% of the way (rounded away from zero) towards the last trade price.
 *
 * Two rules keep the stream meaning the same to every engine, exchange-core included (it has no self-trade
 * prevention and no plain FOK): resting prices stay within the protection limits instant orders use, and no
 * command would meet an order of its own account (a new order draws another account; such a move is
 * replaced by another command).
 */
export function generateWorkload(opts: { seed: number; commands: number; targetOrders: number; users: number }): Workload {
  const rand = rng(opts.seed);
  const book = new FastOrderBook();
  const taker = newTaker();
  let lastTradePrice = 10_000;
  const deviation = 500;
  const minPrice = lastTradePrice - deviation * 5;
  const maxPrice = lastTradePrice + deviation * 5;
  const half = opts.targetOrders / 2;
  const live = new Map<string, string>(); // orderId -> accountId, in placement order
  const prices = new Map<string, number>();
  let seq = 1;
  const onFill: FillCallback = (maker, price) => {
    lastTradePrice = price;
    if (maker.remaining === 0) live.delete(maker.orderId);
  };
  const counts = () => {
    let bids = 0;
    let asks = 0;
    for (const id of live.keys()) {
      const o = book.get(id);
      if (o === undefined) continue;
      if (o.side === BID) bids++;
      else asks++;
    }
    return [bids, asks];
  };
  let [bidCount, askCount] = [0, 0];
  const out: BenchCommand[] = [];
  let prefillEnd = -1;

  const next = (): BenchCommand | null => {
    const side: BookSide = rand(4) >= 2 ? BID : ASK;
    const lack = half - (side === BID ? bidCount : askCount);
    const grow = lack > 0;
    const fastFill = prefillEnd < 0 || lack > half * 0.75;
    const q = rand(grow ? (fastFill ? 2 : 10) : 40);
    const accountId = `u${1 + rand(opts.users)}`;
    if (q < 2 || live.size === 0) {
      const orderId = String(seq++);
      if (grow) {
        const dev = 1 + Math.floor((rand(1_000_000) / 1_000_000) ** 2 * deviation);
        let p = 0;
        for (let i = 0; i < 4; i++) p += rand(dev);
        p = Math.floor(p / 4) * 2 - dev;
        if (p > 0 !== (side === ASK)) p = -p;
        const price = Math.min(maxPrice, Math.max(minPrice, lastTradePrice + p));
        const size = 1 + rand(6) * rand(6) * rand(6);
        const owner = ownAccountFree(accountId, side, price, size);
        live.set(orderId, owner);
        prices.set(orderId, price);
        return benchCommand(Kind.GTC, orderId, owner, side, price, size, 0);
      }
      const fok = rand(32) === 0;
      const size = fok ? 1 + rand(8) * rand(8) * rand(8) : 1 + rand(6) * rand(6) * rand(6);
      const price = side === BID ? maxPrice : minPrice;
      return benchCommand(fok ? Kind.FOK : Kind.IOC, orderId, ownAccountFree(accountId, side, price, size), side, price, size, 0);
    }
    const pick = rand(Math.min(live.size, 512));
    let orderId = '';
    let owner = '';
    let i = 0;
    for (const [id, acc] of live) {
      if (i++ === pick) {
        orderId = id;
        owner = acc;
        break;
      }
    }
    if (q === 2) {
      live.delete(orderId);
      return benchCommand(Kind.CANCEL, orderId, owner, side, 0, 0, 0);
    }
    if (q === 3) {
      const remaining = book.get(orderId)?.remaining ?? 1;
      const reduceBy = rand(remaining) + 1;
      if (reduceBy >= remaining) {
        live.delete(orderId);
        return benchCommand(Kind.CANCEL, orderId, owner, side, 0, 0, 0);
      }
      return benchCommand(Kind.REDUCE, orderId, owner, side, 0, remaining - reduceBy, reduceBy);
    }
    const prev = prices.get(orderId)!;
    const move = (lastTradePrice - prev) * 0.01;
    const step = prev > lastTradePrice ? Math.floor(move) : prev < lastTradePrice ? Math.ceil(move) : rand(2) * 2 - 1;
    const price = Math.max(minPrice, Math.min(prev + step, maxPrice));
    const resting = book.get(orderId);
    if (resting !== undefined && meetsOwnOrder(owner, resting.side, price, resting.remaining)) return null;
    prices.set(orderId, price);
    return benchCommand(Kind.MOVE, orderId, owner, side, price, 0, 0);
  };

  /** Whether a taker would reach an order of its own account before it is filled (or FOK-checked). */
  const meetsOwnOrder = (accountId: string, side: BookSide, limit: number, quantity: number): boolean => {
    if (!book.wouldCross(side, limit)) return false;
    let left = quantity;
    for (const o of book.orders(side === BID ? ASK : BID)) {
      if (left <= 0 || (side === BID ? o.price > limit : o.price < limit)) return false;
      if (o.accountId === accountId) return true;
      left -= o.remaining;
    }
    return false;
  };
  /** `accountId`, or the next account (cyclically) that would not trade with itself. */
  const ownAccountFree = (accountId: string, side: BookSide, limit: number, quantity: number): string => {
    let n = Number(accountId.slice(1));
    for (let tries = 0; tries < opts.users && meetsOwnOrder(`u${n}`, side, limit, quantity); tries++) n = (n % opts.users) + 1;
    return `u${n}`;
  };

  while (out.length - Math.max(prefillEnd, 0) < opts.commands || prefillEnd < 0) {
    const c = next();
    if (c === null) continue;
    out.push(c);
    applyToBook(book, c, taker, onFill);
    if (c.kind === Kind.CANCEL || c.kind === Kind.FOK || c.kind === Kind.IOC || c.kind === Kind.GTC) {
      if (c.kind === Kind.GTC && book.get(c.orderId) === undefined) live.delete(c.orderId);
    }
    // Recount now and then, as exchange-core does (CHECK_ORDERBOOK_STAT_EVERY_NTH_COMMAND).
    if (out.length % 256 === 0 || prefillEnd < 0) {
      for (const id of live.keys()) if (book.get(id) === undefined) live.delete(id);
      [bidCount, askCount] = counts();
      if (prefillEnd < 0 && bidCount >= half && askCount >= half) prefillEnd = out.length;
    }
  }
  return { prefill: out.slice(0, prefillEnd), commands: out.slice(prefillEnd), restingAfterPrefill: bidCount + askCount };
}

/**
 * The same command as a contract command on `symbol` (what the API would put on the input topic), in the one
 * shape the engine's parseCommand gives every command (see uniformCommand).
 */
export function toCommand(c: BenchCommand, symbol: string, timestampMs: number): Command {
  return uniformCommand(contractCommand(c, symbol, timestampMs));
}

function contractCommand(c: BenchCommand, symbol: string, timestampMs: number): Command {
  const base = { orderId: c.orderId, accountId: c.accountId, symbol, timestampMs };
  switch (c.kind) {
    case Kind.GTC:
    case Kind.IOC:
    case Kind.FOK: {
      const orderType = c.kind === Kind.GTC ? 'LIMIT' : c.kind === Kind.IOC ? 'IOC' : 'FOK';
      return { type: 'PLACE', ...base, side: c.side === BID ? 'BUY' : 'SELL', orderType, price: c.price, quantity: c.size };
    }
    case Kind.CANCEL:
      return { type: 'CANCEL', ...base };
    case Kind.MOVE:
      return { type: 'MOVE', ...base, price: c.price };
    case Kind.REDUCE:
      return { type: 'REDUCE', ...base, quantity: c.size };
  }
}

/** Magic number of the stream file ("ECB1" little-endian), checked by the Java driver. */
const STREAM_MAGIC = 0x31424345;

/**
 * Writes a workload for the exchange-core driver (bench/exchange-core): a header (magic, prefill count,
 * command count) then one record per command of six little-endian int32s: kind, side (0 bid, 1 ask),
 * numeric order id, numeric account id (`u17` is 17), price, and size (what REDUCE takes away, for REDUCE).
 */
export function writeStreamFile(path: string, w: Workload): void {
  const all = [...w.prefill, ...w.commands];
  const buf = Buffer.alloc(12 + all.length * 24);
  buf.writeInt32LE(STREAM_MAGIC, 0);
  buf.writeInt32LE(w.prefill.length, 4);
  buf.writeInt32LE(w.commands.length, 8);
  let at = 12;
  for (const c of all) {
    buf.writeInt32LE(c.kind, at);
    buf.writeInt32LE(c.side, at + 4);
    buf.writeInt32LE(Number(c.orderId), at + 8);
    buf.writeInt32LE(Number(c.accountId.slice(1)), at + 12);
    buf.writeInt32LE(c.price, at + 16);
    buf.writeInt32LE(c.kind === Kind.REDUCE ? c.reduceBy : c.size, at + 20);
    at += 24;
  }
  writeFileSync(path, buf);
}
