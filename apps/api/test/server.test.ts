import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { JWT_PRIVATE_KEY, JWT_PUBLIC_KEY, eventually, freePort, sandbox } from './helpers.js';
import { WsClient } from './ws-client.js';

describe('server process', () => {
  test('SIGTERM drains: WebSocket clients get 1001, the process exits 0', async () => {
    const box = await sandbox();
    const port = await freePort();
    const c = box.config;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_PORT: String(await freePort()),
        DATABASE_URL: c.databaseUrl,
        REDIS_PREFIX: c.redisPrefix,
        KAFKA_PREFIX: c.kafkaPrefix,
        JWT_PRIVATE_KEY,
        JWT_PUBLIC_KEY,
        API_KEY_ENCRYPTION_KEY: c.apiKeyEncryptionKey,
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    try {
      await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok ? true : undefined), 60_000, 'server ready');
      const ws = await WsClient.connect(`ws://127.0.0.1:${port}/ws`);
      const closed = new Promise<number>((resolve) => ws.socket.once('close', (code) => resolve(code)));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await closed, 1001);
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await box.drop();
    }
  });
});
