/**
 * The benchmark's peer: the engine's consume → batch → produce loop with the matching taken out, same
 * client and producer settings. Runs as its own process, like the engine. Env: KAFKA_BROKERS,
 * PASS_INPUT_TOPIC, PASS_OUTPUT_TOPIC, PASS_GROUP_ID.
 */
import { Consumer, Producer, stringDeserializers, stringSerializers, type Message } from '@platformatic/kafka';
import { loadConfig } from '../src/config';
import { sendInChunks } from '../src/kafka/produce';

type Msg = Message<string, string, string, string>;

async function main(): Promise<void> {
  const config = loadConfig();
  const input = process.env.PASS_INPUT_TOPIC!;
  const output = process.env.PASS_OUTPUT_TOPIC!;
  const base = { clientId: 'bench-passthrough', bootstrapBrokers: config.KAFKA_BROKERS };
  const producer = new Producer({ ...base, serializers: stringSerializers, autocreateTopics: true, acks: -1, compression: config.ENGINE_COMPRESSION });
  const consumer = new Consumer({ ...base, groupId: process.env.PASS_GROUP_ID!, deserializers: stringDeserializers, autocommit: false, maxWaitTime: 50 });
  let queue: Msg[] = [];
  let draining: Promise<void> | null = null;
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, config.ENGINE_MAX_BATCH);
      await sendInChunks(producer, batch.map((m) => ({ topic: output, key: m.key, value: m.value })));
    }
  };
  const kick = () => {
    if (draining) return;
    draining = drain().finally(() => {
      draining = null;
      if (queue.length > 0) kick();
    });
  };
  const stream = await consumer.consume({ topics: [input], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 50 });
  stream.on('data', (m: Msg) => {
    queue.push(m);
    kick();
  });
  process.on('SIGTERM', async () => {
    await draining;
    queue = [];
    await stream.close();
    await new Promise<void>((r) => consumer.close(true, () => r()));
    await producer.close();
    process.exit(0);
  });
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
