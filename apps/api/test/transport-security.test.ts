import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'api-kafka-security-'));
const caFile = join(dir, 'ca.crt');
const passwordFile = join(dir, 'password');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
writeFileSync(passwordFile, 's3cret\n');

const scram = { KAFKA_TLS_CA_FILE: caFile, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'api', KAFKA_SASL_PASSWORD_FILE: passwordFile };

describe('config: Kafka security', () => {
  test('adds neither TLS nor SASL when no variable is set (local dev, tests)', () => {
    assert.deepEqual(loadConfig({}).kafkaSecurity, {});
  });

  test('trusts the CA of KAFKA_TLS_CA_FILE', () => {
    assert.match(String(loadConfig({ KAFKA_TLS_CA_FILE: caFile }).kafkaSecurity.tls?.ca), /BEGIN CERTIFICATE/);
  });

  test('uses the system CAs with KAFKA_TLS=true alone', () => {
    assert.deepEqual(loadConfig({ KAFKA_TLS: 'true' }).kafkaSecurity, { tls: {} });
  });

  test('authenticates with SCRAM-SHA-512, reading the password file without its newline', async () => {
    const { sasl } = loadConfig(scram).kafkaSecurity;
    assert.equal(sasl?.mechanism, 'SCRAM-SHA-512');
    assert.equal(sasl?.username, 'api');
    assert.equal(await (sasl?.password as () => string)(), 's3cret');
  });

  test('fails when a SASL mechanism comes without TLS', () => {
    assert.throws(() => loadConfig({ ...scram, KAFKA_TLS_CA_FILE: '' }), /needs KAFKA_TLS=true or KAFKA_TLS_CA_FILE/);
  });

  test('fails when the SASL password file is missing', () => {
    assert.throws(() => loadConfig({ ...scram, KAFKA_SASL_PASSWORD_FILE: '' }), /KAFKA_SASL_PASSWORD_FILE is required/);
  });

  test('fails when credentials come without a mechanism', () => {
    assert.throws(() => loadConfig({ ...scram, KAFKA_SASL_MECHANISM: '' }), /need KAFKA_SASL_MECHANISM/);
  });

  test('fails when the CA file cannot be read', () => {
    assert.throws(() => loadConfig({ KAFKA_TLS_CA_FILE: join(dir, 'missing.crt') }), /KAFKA_TLS_CA_FILE=".*missing\.crt" cannot be read/);
  });

  test('fails when the mechanism is not one the API supports', () => {
    assert.throws(() => loadConfig({ ...scram, KAFKA_SASL_MECHANISM: 'GSSAPI' }), /KAFKA_SASL_MECHANISM="GSSAPI" is not one of/);
  });
});

describe('config: REDIS_TLS_CA', () => {
  test('keeps the PEM CA of a private cache certificate', () => {
    assert.match(String(loadConfig({ REDIS_TLS_CA: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }).redisTlsCa), /BEGIN CERTIFICATE/);
  });

  test('fails when REDIS_TLS_CA is not a PEM certificate', () => {
    assert.throws(() => loadConfig({ REDIS_TLS_CA: 'projects/p/secrets/cache-ca' }), /REDIS_TLS_CA is not a PEM certificate/);
  });
});
