import { Producer, ProduceAcks, stringSerializers } from '@platformatic/kafka';
import type { Config } from '../config.js';
import { topics } from './topics.js';

/** Produces commands to the engine's input topic, keyed by symbol so one engine instance owns a symbol. */
export class EngineProducer {
  private readonly producer: Producer<string, string, string, string>;
  readonly topic: string;

  constructor(config: Config) {
    this.topic = topics(config.kafkaPrefix).input;
    this.producer = new Producer({
      clientId: `${config.kafkaClientId}-producer`,
      bootstrapBrokers: config.kafkaBrokers,
      serializers: stringSerializers,
      // acks=all: a 202 means the command is on every in-sync replica, so a broker restart cannot lose it.
      acks: ProduceAcks.ALL,
      autocreateTopics: true,
      retries: 3,
      retryDelay: 250,
      timeout: 5_000,
    });
  }

  /** Resolves once the broker acknowledged the command; rejects when it could not. */
  async send(key: string, command: unknown): Promise<void> {
    await this.producer.send({ messages: [{ topic: this.topic, key, value: JSON.stringify(command) }] });
  }

  /** Cheap liveness probe used by /readyz. */
  async ping(): Promise<void> {
    await this.producer.metadata({ topics: [] });
  }

  async close(): Promise<void> {
    await this.producer.close(true);
  }
}
