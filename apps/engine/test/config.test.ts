import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_INSTRUMENTS, loadConfig } from '../src/config';

describe('loadConfig', () => {
  test('applies defaults for an empty environment', () => {
    const c = loadConfig({});
    assert.deepEqual(c.KAFKA_BROKERS, ['127.0.0.1:9092']);
    assert.equal(c.ENGINE_INPUT_TOPIC, 'matching_engine_input');
    assert.deepEqual(c.ENGINE_INSTRUMENTS, DEFAULT_INSTRUMENTS);
  });

  test('fails when a number is not a number, naming the variable and value', () => {
    assert.throws(() => loadConfig({ ENGINE_HTTP_PORT: 'abc' }), /ENGINE_INVALID_CONFIG[\s\S]*ENGINE_HTTP_PORT="abc"/);
  });

  test('fails when an instrument lacks its tick size, naming the field', () => {
    const env = { ENGINE_INSTRUMENTS: JSON.stringify([{ symbol: 'X-Y', baseAsset: 'X', quoteAsset: 'Y', lotSize: 1 }]) };
    assert.throws(() => loadConfig(env), /ENGINE_INSTRUMENTS=.*\[0\.tickSize\]/);
  });
});
