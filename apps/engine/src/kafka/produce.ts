import type { MessageToProduce, Producer } from '@platformatic/kafka';

/** Broker default message.max.bytes is 1 MiB per record batch; stay well below it. */
export const MAX_REQUEST_BYTES = 768 * 1024;

/**
 * Sends messages in order, split into requests of at most `maxBytes` of keys and values, one request at a
 * time so a retried request can never overtake a later one (ordering per partition is the contract).
 */
export async function sendInChunks(
  producer: Producer<string, string, string, string>,
  messages: Array<MessageToProduce<string, string, string, string>>,
  maxBytes = MAX_REQUEST_BYTES,
): Promise<void> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const size = (messages[i].value?.length ?? 0) + (messages[i].key?.length ?? 0) + 64;
    if (bytes + size > maxBytes && i > start) {
      await producer.send({ messages: messages.slice(start, i) });
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < messages.length) await producer.send({ messages: messages.slice(start) });
}
