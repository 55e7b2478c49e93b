import { kafkaSecurity, type KafkaSecurity } from './lib/kafka-security.js';

/** Runtime configuration of the API, read once from the environment. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Port of the Prometheus /metrics endpoint, apart from the public API port. */
  readonly metricsPort: number;
  readonly logLevel: string;
  /** Primary PostgreSQL (writes and reads that must see them). */
  readonly databaseUrl: string;
  /** Read-only replica for list endpoints; the primary when unset (seed 001's master/report split). */
  readonly databaseReadUrl?: string;
  readonly redisUrl: string;
  /** PEM CA of the cache's TLS certificate when it is not publicly trusted (Memorystore); with `rediss://` URLs. */
  readonly redisTlsCa?: string;
  /** Prepended to every Redis key and pub/sub channel, so several deployments or test runs can share one Redis. */
  readonly redisPrefix: string;
  readonly kafkaBrokers: string[];
  /** Prepended to topic names and consumer group ids (test isolation on a shared broker). */
  readonly kafkaPrefix: string;
  readonly kafkaClientId: string;
  /** TLS and SASL options of every Kafka client (lib/kafka-security.ts); empty: plaintext. */
  readonly kafkaSecurity: KafkaSecurity;
  /** Run the result consumers in this process. */
  readonly consumersEnabled: boolean;
  /** Shared HS256 secret (at least 32 characters); replaces the RS256 pair when set. */
  readonly jwtSecret?: string;
  readonly jwtPrivateKeyPem?: string;
  readonly jwtPublicKeyPem?: string;
  readonly jwtIssuer: string;
  readonly jwtTtlSeconds: number;
  /** 32-byte key (hex or base64) that encrypts API-key secrets at rest; HMAC needs the secret back. */
  readonly apiKeyEncryptionKey?: string;
  /** Dev-only deposit endpoint; off unless explicitly enabled. */
  readonly devDepositsEnabled: boolean;
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /**
   * Count requests in Redis, shared by all replicas, instead of in each replica's memory. Off by default:
   * it adds a Redis round trip to every request (halving order throughput in bench:api), and per-replica
   * counting keeps limiting while Redis is away. With it off, a client's limit is max x replicas.
   */
  readonly rateLimitShared: boolean;
  readonly wsHeartbeatMs: number;
  /** A WebSocket client whose unsent backlog exceeds this is dropped. */
  readonly wsMaxBufferedBytes: number;
  readonly docsEnabled: boolean;
  /** Reverse proxies in front of the API whose X-Forwarded-For is believed (0: none). */
  readonly trustProxyHops: number;
  /**
   * Addresses or CIDR ranges of the proxies whose X-Forwarded-For is believed (e.g. the frontend's pods,
   * which forward the browser's address): a request from one of them is limited per forwarded client, a
   * request from anywhere else per its own address, whatever header it sends. Replaces trustProxyHops when set.
   */
  readonly trustedProxies: string[];
  /** Instrument catalog synced into the database by migrate; the packaged instruments.json when unset. */
  readonly instrumentsFile?: string;
}

const bool = (v: string | undefined, dflt: boolean): boolean =>
  v === undefined || v === '' ? dflt : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

const int = (name: string, v: string | undefined, dflt: number): number => {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`config: ${name}=${JSON.stringify(v)} is not a non-negative integer`);
  return n;
};

const ADDRESS_OR_CIDR = /^([0-9.]+|[0-9a-fA-F:.]+)(\/[0-9]{1,3})?$/;
const list = (name: string, v: string | undefined): string[] => {
  const items = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.find((s) => !ADDRESS_OR_CIDR.test(s));
  if (bad !== undefined) throw new Error(`config: ${name} item ${JSON.stringify(bad)} is not an IP address or CIDR range`);
  return items;
};

const pem = (name: string, v: string | undefined): string | undefined => {
  if (!v) return undefined;
  if (!v.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`config: ${name} is not a PEM certificate (no BEGIN CERTIFICATE line)`);
  return v;
};

/** HS256 keys shorter than the hash (32 bytes) weaken it (RFC 7518 3.2). */
const jwtSecret = (v: string | undefined): string | undefined => {
  if (!v) return undefined;
  if (v.length < 32) throw new Error(`config: JWT_SECRET has ${v.length} characters; at least 32 are required`);
  return v;
};

/** Builds a Config from environment variables; throws naming the variable when a value is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST ?? '0.0.0.0',
    port: int('PORT', env.PORT, 3000),
    metricsPort: int('METRICS_PORT', env.METRICS_PORT, 9464),
    logLevel: env.LOG_LEVEL ?? 'info',
    databaseUrl: env.DATABASE_URL ?? 'postgres://orderbook:orderbook@127.0.0.1:5432/orderbook',
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisTlsCa: pem('REDIS_TLS_CA', env.REDIS_TLS_CA),
    redisPrefix: env.REDIS_PREFIX ?? '',
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()).filter(Boolean),
    kafkaPrefix: env.KAFKA_PREFIX ?? '',
    kafkaClientId: env.KAFKA_CLIENT_ID ?? 'orderbook-api',
    kafkaSecurity: kafkaSecurity(env),
    consumersEnabled: bool(env.CONSUMERS_ENABLED, true),
    jwtSecret: jwtSecret(env.JWT_SECRET),
    jwtPrivateKeyPem: env.JWT_PRIVATE_KEY || undefined,
    jwtPublicKeyPem: env.JWT_PUBLIC_KEY || undefined,
    jwtIssuer: env.JWT_ISSUER ?? 'orderbook-api',
    jwtTtlSeconds: int('JWT_TTL_SECONDS', env.JWT_TTL_SECONDS, 3600),
    apiKeyEncryptionKey: env.API_KEY_ENCRYPTION_KEY || undefined,
    devDepositsEnabled: bool(env.DEV_DEPOSITS_ENABLED, false),
    rateLimitMax: int('RATE_LIMIT_MAX', env.RATE_LIMIT_MAX, 600),
    rateLimitWindowMs: int('RATE_LIMIT_WINDOW_MS', env.RATE_LIMIT_WINDOW_MS, 60_000),
    rateLimitShared: bool(env.RATE_LIMIT_SHARED, false),
    wsHeartbeatMs: int('WS_HEARTBEAT_MS', env.WS_HEARTBEAT_MS, 15_000),
    wsMaxBufferedBytes: int('WS_MAX_BUFFERED_BYTES', env.WS_MAX_BUFFERED_BYTES, 1 << 20),
    docsEnabled: bool(env.DOCS_ENABLED, true),
    trustProxyHops: int('TRUST_PROXY_HOPS', env.TRUST_PROXY_HOPS, 0),
    trustedProxies: list('TRUSTED_PROXIES', env.TRUSTED_PROXIES),
    instrumentsFile: env.INSTRUMENTS_FILE || undefined,
  };
}
