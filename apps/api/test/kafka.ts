import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { KAFKA_BROKERS } from './helpers.js';
import type { ResultMessage } from '../src/lib/engine-contract.js';
// The engine's own encoder (a CommonJS module: its exports sit on the module object's default under Node 24).
import * as engineContract from '../../engine/src/contract/index.js';

const { encodeResult } = (engineContract as unknown as { default?: typeof engineContract }).default ?? engineContract;

/** Reads a topic from the beginning with a throwaway group until `count` messages arrived. */
export async function readTopic(topic: string, count: number, ms = 15_000): Promise<{ key: string; value: string }[]> {
  const consumer = new Consumer({
    groupId: `reader-${topic}-${Date.now()}`,
    clientId: 'api-test-reader',
    bootstrapBrokers: KAFKA_BROKERS,
    deserializers: stringDeserializers,
    maxWaitTime: 100,
  });
  const got: { key: string; value: string }[] = [];
  const timer = setTimeout(() => void consumer.close(true), ms);
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    for await (const m of stream) {
      got.push({ key: m.key, value: m.value });
      if (got.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await (consumer.close(true) as unknown as Promise<void>).catch(() => undefined);
  }
  return got;
}

/** Produces JSON messages to a topic, as the engine would. */
export async function produce(topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
  await produceRaw(topic, messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })));
}

/** Produces result messages in the engine's wire form (its compact encoding). */
export async function produceResults(topic: string, messages: { key: string; value: ResultMessage }[]): Promise<void> {
  await produceRaw(topic, messages.map((m) => ({ key: m.key, value: encodeResult(m.value, m.value.events as Parameters<typeof encodeResult>[1]) })));
}

async function produceRaw(topic: string, messages: { key: string; value: string }[]): Promise<void> {
  const producer = new Producer({ clientId: 'api-test-producer', bootstrapBrokers: KAFKA_BROKERS, serializers: stringSerializers, autocreateTopics: true });
  try {
    await producer.send({ messages: messages.map((m) => ({ topic, ...m })) });
  } finally {
    await producer.close();
  }
}
