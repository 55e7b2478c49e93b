import DataLoader from 'dataloader';
import { Producer, ProduceAcks, stringSerializers } from '@platformatic/kafka';
import type { Config } from '../config.js';
import { topics } from './topics.js';

type Command = { topic: string; key: string; value: string };

/** Most commands in one produce request (a command is a few hundred bytes; the broker takes 1 MiB). */
const MAX_PRODUCE_BATCH = 1000;

/** Produces commands to the engine's input topic, keyed by symbol so one engine instance owns a symbol. */
export class EngineProducer {
  private readonly producer: Producer<string, string, string, string>;
  readonly topic: string;
  private readonly batches: DataLoader<Command, void>;

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
    this.batches = new DataLoader(
      async (messages) => {
        await this.producer.send({ messages: [...messages] });
        return messages.map(() => undefined);
      },
      { cache: false, maxBatchSize: MAX_PRODUCE_BATCH, batchScheduleFn: (run) => setImmediate(run) },
    );
  }

  /**
   * Resolves once the broker acknowledged the command; rejects when it could not. Commands sent while the
   * event loop handles one round of I/O travel in one produce request on the next turn: under load that
   * amortises the broker round trip (acks=all) over many requests, and alone it adds no delay.
   */
  send(key: string, command: unknown): Promise<void> {
    return this.batches.load({ topic: this.topic, key, value: JSON.stringify(command) });
  }

  /** Cheap liveness probe used by /readyz. */
  async ping(): Promise<void> {
    await this.producer.metadata({ topics: [] });
  }

  async close(): Promise<void> {
    await this.producer.close(true);
  }
}
