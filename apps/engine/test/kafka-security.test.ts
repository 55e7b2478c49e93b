import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../src/config';
import { kafkaSecurity } from '../src/kafka/security';

const dir = mkdtempSync(join(tmpdir(), 'engine-kafka-security-'));
const caFile = join(dir, 'ca.crt');
const passwordFile = join(dir, 'password');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
writeFileSync(passwordFile, 's3cret\n');

const scram = { KAFKA_TLS_CA_FILE: caFile, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'engine', KAFKA_SASL_PASSWORD_FILE: passwordFile };

describe('kafkaSecurity', () => {
  test('adds neither TLS nor SASL when no variable is set (local dev, tests)', () => {
    assert.deepEqual(kafkaSecurity(loadConfig({})), {});
  });

  test('trusts the CA of KAFKA_TLS_CA_FILE', () => {
    assert.match(String(kafkaSecurity(loadConfig({ KAFKA_TLS_CA_FILE: caFile })).tls?.ca), /BEGIN CERTIFICATE/);
  });

  test('uses the system CAs with KAFKA_TLS=true alone', () => {
    assert.deepEqual(kafkaSecurity(loadConfig({ KAFKA_TLS: 'true' })), { tls: {} });
  });

  test('authenticates with SCRAM-SHA-512, reading the password file without its newline', async () => {
    const { sasl } = kafkaSecurity(loadConfig(scram));
    assert.equal(sasl?.mechanism, 'SCRAM-SHA-512');
    assert.equal(sasl?.username, 'engine');
    assert.equal(await (sasl?.password as () => string)(), 's3cret');
  });

  test('fails when a SASL mechanism comes without TLS', () => {
    assert.throws(() => kafkaSecurity(loadConfig({ ...scram, KAFKA_TLS_CA_FILE: undefined })), /needs KAFKA_TLS=true or KAFKA_TLS_CA_FILE/);
  });

  test('fails when the SASL username is missing', () => {
    assert.throws(() => kafkaSecurity(loadConfig({ ...scram, KAFKA_SASL_USERNAME: undefined })), /KAFKA_SASL_USERNAME is required/);
  });

  test('fails when credentials come without a mechanism', () => {
    assert.throws(() => kafkaSecurity(loadConfig({ ...scram, KAFKA_SASL_MECHANISM: undefined })), /need KAFKA_SASL_MECHANISM/);
  });

  test('fails when the CA file cannot be read', () => {
    assert.throws(() => kafkaSecurity(loadConfig({ KAFKA_TLS_CA_FILE: join(dir, 'missing.crt') })), /KAFKA_TLS_CA_FILE=".*missing\.crt" cannot be read/);
  });

  test('fails when the mechanism is not one the engine supports', () => {
    assert.throws(() => loadConfig({ ...scram, KAFKA_SASL_MECHANISM: 'GSSAPI' }), /KAFKA_SASL_MECHANISM="GSSAPI"/);
  });
});
