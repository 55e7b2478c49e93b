/**
 * One benchmark target in its own process (so the load generator does not share its event loop):
 * `api` is the real app (consumers off), `hello` a bare Fastify route. Prints {"port":N} once listening.
 */
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const mode = process.argv[2];
const app = mode === 'hello' ? Fastify({ logger: false }) : await buildApp(loadConfig(), { logger: false });
if (mode === 'hello') app.get('/hello', async () => ({ hello: 'world' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(JSON.stringify({ port: Number(new URL(address).port) }) + '\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
