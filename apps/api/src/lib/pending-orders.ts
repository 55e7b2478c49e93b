import DataLoader from 'dataloader';
import type { Pool } from 'pg';

/** An order as POST /orders stores it before producing it: status PENDING, in API units. */
export interface PendingOrder {
  readonly id: string;
  readonly userId: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  readonly price: string | null;
  readonly quantity: string;
  readonly clientOrderId: string | null;
  readonly createdAt: Date;
}

/** Most rows in one INSERT (each statement is one round trip and one commit, whatever its size). */
export const MAX_PENDING_BATCH = 500;

// One statement text for every batch size (the rows travel as arrays), so PostgreSQL parses and plans it
// once per connection. A clientOrderId the account used before inserts nothing (the caller looks the first
// order up); two requests with one clientOrderId in the same batch: the first one in the batch wins.
const INSERT = `INSERT INTO orders (id, user_id, symbol, side, type, time_in_force, price, quantity, status, client_order_id, created_at, updated_at)
  SELECT id, user_id, symbol, side, type, time_in_force, price, quantity, 'PENDING', client_order_id, created_at, created_at
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::text[], $10::timestamptz[])
         WITH ORDINALITY AS r (id, user_id, symbol, side, type, time_in_force, price, quantity, client_order_id, created_at, n)
   ORDER BY n
  ON CONFLICT (user_id, client_order_id) WHERE client_order_id IS NOT NULL DO NOTHING
  RETURNING id`;

/**
 * Stores PENDING orders, many concurrent requests per statement: the inserts asked for while the event loop
 * handles one round of I/O go out together (one round trip, one commit) on the next turn, so under load
 * the database sees a few large inserts instead of one transaction per order, and alone an order waits
 * for nothing. Each caller gets its own outcome: should a batch fail, its rows are retried one by one, so
 * one bad row fails only its own request.
 */
export class PendingOrderWriter {
  private readonly loader: DataLoader<PendingOrder, boolean>;

  constructor(
    private readonly pool: Pool,
    maxBatchSize = MAX_PENDING_BATCH,
  ) {
    this.loader = new DataLoader((orders) => this.insertBatch(orders), {
      cache: false,
      maxBatchSize,
      batchScheduleFn: (run) => setImmediate(run),
    });
  }

  /** Resolves true once the order is stored, false when its account already has an order with its clientOrderId. */
  insert(order: PendingOrder): Promise<boolean> {
    return this.loader.load(order);
  }

  private async insertBatch(orders: readonly PendingOrder[]): Promise<Array<boolean | Error>> {
    try {
      return await this.insertRows(orders);
    } catch (err) {
      if (orders.length === 1) return [err as Error];
      return Promise.all(orders.map((o) => this.insertRows([o]).then(([inserted]) => inserted, (e: Error) => e)));
    }
  }

  private async insertRows(orders: readonly PendingOrder[]): Promise<boolean[]> {
    const column = <T>(f: (o: PendingOrder) => T) => orders.map(f);
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'orders-insert-pending',
      text: INSERT,
      values: [
        column((o) => o.id),
        column((o) => o.userId),
        column((o) => o.symbol),
        column((o) => o.side),
        column((o) => o.type),
        column((o) => o.timeInForce),
        column((o) => o.price),
        column((o) => o.quantity),
        column((o) => o.clientOrderId),
        column((o) => o.createdAt),
      ],
    });
    const stored = new Set(rows.map((r) => r.id));
    return orders.map((o) => stored.has(o.id));
  }
}
