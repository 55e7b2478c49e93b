import { z } from 'zod';
import { Topics } from './contract';
import type { Instrument } from './core/exchange';
import { KAFKA_SASL_MECHANISMS } from './kafka/security';

/** Error codes raised at startup. */
export const ConfigErrors = { INVALID_CONFIG: 'ENGINE_INVALID_CONFIG' } as const;

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const InstrumentSchema = z.object({
  symbol: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/),
  baseAsset: z.string().regex(/^[A-Z0-9]{1,16}$/),
  quoteAsset: z.string().regex(/^[A-Z0-9]{1,16}$/),
  tickSize: z.number().int().positive(),
  lotSize: z.number().int().positive(),
});

/** Instruments traded when ENGINE_INSTRUMENTS is not set. */
export const DEFAULT_INSTRUMENTS: Instrument[] = [
  { symbol: 'BTC-USDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: 1, lotSize: 1 },
  { symbol: 'ETH-USDT', baseAsset: 'ETH', quoteAsset: 'USDT', tickSize: 1, lotSize: 1 },
];

const EnvSchema = z.object({
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092').transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)),
  /** TLS and SASL of every Kafka connection (kafka/security.ts); unset: plaintext, unauthenticated. */
  KAFKA_TLS: z.stringbool().optional(),
  KAFKA_TLS_CA_FILE: z.string().optional(),
  KAFKA_SASL_MECHANISM: z.enum(KAFKA_SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().optional(),
  ENGINE_CLIENT_ID: z.string().default('matching-engine'),
  ENGINE_GROUP_ID: z.string().default('matching-engine'),
  /** Static group membership (e.g. the pod name): a restarted engine takes its partitions back at once. */
  ENGINE_GROUP_INSTANCE_ID: z.string().optional(),
  ENGINE_SESSION_TIMEOUT_MS: int(10_000, 1000),
  ENGINE_INPUT_TOPIC: z.string().default(Topics.input),
  ENGINE_OUTPUT_TOPIC: z.string().default(Topics.output),
  ENGINE_ORDERBOOK_TOPIC: z.string().default(Topics.orderbook),
  ENGINE_TICKER_TOPIC: z.string().default(Topics.ticker),
  /** Partitions for topics the engine creates; >1 only if accounts are sharded with their symbols. */
  ENGINE_INPUT_PARTITIONS: int(1, 1),
  ENGINE_SNAPSHOT_DIR: z.string().default('./data/snapshots'),
  ENGINE_SNAPSHOT_EVERY_COMMANDS: int(50_000, 1),
  ENGINE_SNAPSHOT_INTERVAL_MS: int(10_000, 100),
  ENGINE_MAX_BATCH: int(5_000, 1),
  ENGINE_BOOK_DEPTH_LEVELS: int(50, 1),
  ENGINE_BOOK: z.enum(['fast', 'reference']).default('fast'),
  /** Producer compression. Off by default: on CPU-bound nodes lz4 (wasm) cost more than it saved. */
  ENGINE_COMPRESSION: z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']).default('none'),
  ENGINE_INSTRUMENTS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return DEFAULT_INSTRUMENTS;
      let json: unknown;
      try {
        json = JSON.parse(s);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
      const parsed = z.array(InstrumentSchema).min(1).safeParse(json);
      if (parsed.success) return parsed.data;
      const where = parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ');
      ctx.addIssue({ code: 'custom', message: `must be a JSON array of {symbol, baseAsset, quoteAsset, tickSize, lotSize}: ${where}` });
      return z.NEVER;
    }),
  ENGINE_HTTP_HOST: z.string().default('0.0.0.0'),
  ENGINE_HTTP_PORT: int(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Validated engine configuration. */
export type EngineConfig = z.infer<typeof EnvSchema>;

/** Reads the configuration from the environment; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const parsed = EnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`);
  const err = new Error(`${ConfigErrors.INVALID_CONFIG}: invalid environment\n${lines.join('\n')}`);
  (err as Error & { code: string }).code = ConfigErrors.INVALID_CONFIG;
  throw err;
}
