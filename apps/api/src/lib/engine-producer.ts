import { Producer, ProduceAcks, stringSerializers } from '@platformatic/kafka';
import type { Config } from '../config.js';
import { topics } from './topics.js';

/** Produces commands to the engine's input topic, keyed by symbol so one engine instance owns a symbol. */
export class EngineProducer {
  private readonly producer: Producer<string, string, string, string>;
  readonly topic: string;
  private pending: { message: { topic: string; key: string; value: string }; resolve: () => void; reject: (err: Error) => void }[] = [];

  constructor(config: Config) {
    this.topic = topics(config.kafkaPrefix).input;
    this.producer = new Producer({
      clientId: `${config.kafkaClientId}-producer`,
      bootstrapBrokers: config.kafkaBrokers,
      ...config.kafkaSecurity,
      serializers: stringSerializers,
      // acks=all: a 202 means the command is on every in-sync replica, so a broker restart cannot lose it.
      acks: ProduceAcks.ALL,
      autocreateTopics: true,
      retries: 3,
      retryDelay: 250,
      timeout: 5_000,
    });
  }

  /**
   * Resolves once the broker acknowledged the command; rejects when it could not. Commands sent in the same
   * turn of the event loop travel in one produce request: under load that amortises the broker round trip
   * over many requests, and alone it adds no delay.
   */
  send(key: string, command: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ message: { topic: this.topic, key, value: JSON.stringify(command) }, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.producer.send({ messages: batch.map((p) => p.message) }).then(
      () => batch.forEach((p) => p.resolve()),
      (err: Error) => batch.forEach((p) => p.reject(err)),
    );
  }

  /** Cheap liveness probe used by /readyz. */
  async ping(): Promise<void> {
    await this.producer.metadata({ topics: [] });
  }

  async close(): Promise<void> {
    await this.producer.close(true);
  }
}
