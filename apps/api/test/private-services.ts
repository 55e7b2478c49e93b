import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './helpers.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * PostgreSQL, Redis and a Kafka broker of the test's own, on free ports, started by the repo's scripts,
 * so a test may restart them without disturbing the shared services other runs use.
 */
export class PrivateServices {
  private constructor(
    readonly dir: string,
    readonly pgPort: number,
    readonly redisPort: number,
    readonly kafkaPort: number,
    private readonly controllerPort: number,
  ) {}

  static async create(): Promise<PrivateServices> {
    const dir = mkdtempSync(path.join(tmpdir(), 'obp-resilience-'));
    // The postgres and redis service users must reach their data dirs inside it.
    chmodSync(dir, 0o755);
    const s = new PrivateServices(dir, await freePort(), await freePort(), await freePort(), await freePort());
    // Reuse the Kafka jars the shared broker already resolved, instead of resolving them again.
    const kafkaCache = path.join(homedir(), '.cache/orderbook-platform/kafka');
    const version = process.env.KAFKA_VERSION ?? '3.9.1';
    if (existsSync(path.join(kafkaCache, version, 'libs/.complete'))) {
      mkdirSync(path.join(dir, 'cache/kafka'), { recursive: true });
      symlinkSync(path.join(kafkaCache, version), path.join(dir, 'cache/kafka', version));
    }
    return s;
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      SERVICES_STATE_DIR: path.join(this.dir, 'state'),
      PG_PORT: String(this.pgPort),
      REDIS_PORT: String(this.redisPort),
      ORDERBOOK_CACHE_DIR: path.join(this.dir, 'cache'),
      KAFKA_PORT: String(this.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m',
    };
  }

  async services(action: 'start' | 'stop', ...which: ('pg' | 'redis')[]): Promise<void> {
    await run('bash', [path.join(ROOT, 'scripts/services.sh'), action, ...which], { env: this.env });
  }

  async kafka(action: 'start' | 'stop'): Promise<void> {
    await run('bash', [path.join(ROOT, 'scripts/kafka.sh'), action], { env: this.env, timeout: 240_000 });
  }

  get pgUrl(): string {
    return `postgres://orderbook:orderbook@127.0.0.1:${this.pgPort}/postgres`;
  }

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.redisPort}`;
  }

  get kafkaBrokers(): string[] {
    return [`127.0.0.1:${this.kafkaPort}`];
  }

  /** Stops everything and removes the data. */
  async destroy(): Promise<void> {
    await this.kafka('stop').catch(() => undefined);
    await this.services('stop', 'pg', 'redis').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
