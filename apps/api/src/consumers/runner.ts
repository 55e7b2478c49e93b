import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, stringDeserializers, type Message } from '@platformatic/kafka';
import type { FastifyBaseLogger } from 'fastify';
import { UnreadableMessage } from '../lib/engine-contract.js';
import type { KafkaSecurity } from '../lib/kafka-security.js';

/** A consumer group's handler; it must only resolve once the message's effects are durable. */
export type Handler = (message: Message<string, string, string, string>) => Promise<void>;

export interface RunnerOptions {
  readonly groupId: string;
  readonly topics: string[];
  readonly brokers: string[];
  readonly clientId: string;
  /** TLS and SASL of the connection. @default - plaintext */
  readonly security?: KafkaSecurity;
  readonly log: FastifyBaseLogger;
  readonly handle: Handler;
  readonly onOutcome?: (outcome: 'ok' | 'retry' | 'skipped') => void;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * Runs one consumer group until stopped. Offsets are committed to Kafka only after the handler resolved,
 * and a failing handler is retried (with backoff) on the same message rather than skipped: when PostgreSQL
 * or Redis restarts, consumption pauses and resumes where it stopped, so no accepted order is lost.
 * A broken connection to the broker recreates the consumer, which resumes from the committed offsets.
 */
export class ConsumerRunner {
  private stopped = false;
  private consumer?: Consumer<string, string, string, string>;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly opts: RunnerOptions) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.closeConsumer();
    await this.loop;
  }

  private async closeConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await (consumer.close(true) as unknown as Promise<void>).catch(() => undefined);
  }

  private async pause(ms: number): Promise<void> {
    const ac = new AbortController();
    this.wake = () => ac.abort();
    await sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { log, groupId } = this.opts;
    let backoff = 250;
    while (!this.stopped) {
      try {
        this.consumer = new Consumer({
          groupId,
          clientId: `${this.opts.clientId}-${groupId}`,
          bootstrapBrokers: this.opts.brokers,
          ...this.opts.security,
          deserializers: stringDeserializers,
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          maxWaitTime: 200,
        });
        const stream = await this.consumer.consume({ topics: this.opts.topics, mode: 'committed', fallbackMode: 'earliest', autocommit: false });
        backoff = 250;
        for await (const message of stream) {
          if (this.stopped) break;
          await this.process(message);
          // Best effort: a lost commit means a redelivery, which the handlers treat as a no-op.
          await Promise.resolve(message.commit() as Promise<void> | undefined).catch((err) => log.warn({ err, groupId }, 'offset commit failed'));
        }
      } catch (err) {
        if (this.stopped) break;
        log.warn({ err, groupId }, 'consumer failed; reconnecting');
        await this.closeConsumer();
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async process(message: Message<string, string, string, string>): Promise<void> {
    let delay = 100;
    for (;;) {
      try {
        await this.opts.handle(message);
        this.opts.onOutcome?.('ok');
        return;
      } catch (err) {
        if (err instanceof UnreadableMessage) {
          // Retrying cannot make it readable; stalling the partition on it would stop every later result.
          this.opts.onOutcome?.('skipped');
          this.opts.log.error({ err: err.message, groupId: this.opts.groupId, offset: String(message.offset) }, 'unreadable engine message skipped');
          return;
        }
        if (this.stopped) throw err;
        this.opts.onOutcome?.('retry');
        this.opts.log.warn({ err, groupId: this.opts.groupId, offset: String(message.offset) }, 'handler failed; retrying');
        await this.pause(delay);
        delay = Math.min(delay * 2, MAX_BACKOFF_MS);
      }
    }
  }
}
