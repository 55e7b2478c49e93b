import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../src/config.js';
import { engineInstrument, type InstrumentRules } from '../src/lib/instruments.js';
import { topics } from '../src/lib/topics.js';
import { eventually, freePort } from './helpers.js';

const ENGINE_DIR = path.resolve(import.meta.dirname, '../../engine');

/**
 * The real matching engine (apps/engine) as a child process, on the run's own topics and consumer group,
 * trading the instruments the API knows, with the same integer units.
 */
export class EngineProcess {
  private child!: ChildProcess;
  private stopping = false;
  /** How often the process was started (more than once when `restartOnExit` brought it back). */
  starts = 0;
  readonly output: string[] = [];

  private constructor(private readonly env: NodeJS.ProcessEnv, private readonly dir: string, private readonly restartOnExit: boolean) {}

  /**
   * Starts the engine and waits until it is ready. With `restartOnExit`, an engine that exits on its own
   * (e.g. the broker went away) is started again, as its Deployment would.
   */
  static async start(config: Config, instruments: InstrumentRules[], opts: { restartOnExit?: boolean } = {}): Promise<EngineProcess> {
    const t = topics(config.kafkaPrefix);
    const dir = mkdtempSync(path.join(tmpdir(), 'obp-engine-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: config.kafkaBrokers.join(','),
      ENGINE_CLIENT_ID: `${config.kafkaPrefix}engine`,
      ENGINE_GROUP_ID: `${config.kafkaPrefix}engine`,
      ENGINE_INPUT_TOPIC: t.input,
      ENGINE_OUTPUT_TOPIC: t.output,
      ENGINE_ORDERBOOK_TOPIC: t.orderbook,
      ENGINE_TICKER_TOPIC: t.ticker,
      ENGINE_INSTRUMENTS: JSON.stringify(instruments.map(engineInstrument)),
      ENGINE_SNAPSHOT_DIR: dir,
      ENGINE_HTTP_HOST: '127.0.0.1',
      ENGINE_HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const engine = new EngineProcess(env, dir, opts.restartOnExit ?? false);
    engine.spawn();
    await eventually(async () => {
      if (engine.child.exitCode !== null && !engine.restartOnExit) throw new Error(`engine exited: ${engine.output.join('')}`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 90_000, 'engine ready');
    return engine;
  }

  private spawn(): void {
    this.starts++;
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ENGINE_DIR, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => this.output.push(String(d)));
    this.child.stderr!.on('data', (d) => this.output.push(String(d)));
    this.child.once('exit', () => {
      if (this.restartOnExit && !this.stopping) setTimeout(() => this.stopping || this.spawn(), 1_000);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
