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
  private constructor(private readonly child: ChildProcess, private readonly dir: string, readonly output: string[]) {}

  static async start(config: Config, instruments: InstrumentRules[]): Promise<EngineProcess> {
    const t = topics(config.kafkaPrefix);
    const dir = mkdtempSync(path.join(tmpdir(), 'obp-engine-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ENGINE_DIR,
      env: {
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
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    const engine = new EngineProcess(child, dir, output);
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`engine exited: ${output.join('')}`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 90_000, 'engine ready');
    return engine;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
