import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { KAFKA_BROKERS } from './helpers.js';

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
  const producer = new Producer({ clientId: 'api-test-producer', bootstrapBrokers: KAFKA_BROKERS, serializers: stringSerializers, autocreateTopics: true });
  try {
    await producer.send({ messages: messages.map((m) => ({ topic, key: m.key, value: JSON.stringify(m.value) })) });
  } finally {
    await producer.close();
  }
}
