import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from '@platformatic/kafka';

/** SASL mechanisms the API accepts (those a password authenticates). */
export const KAFKA_SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;

/** Connection options every Kafka client of the API gets: none (plaintext) by default. */
export interface KafkaSecurity {
  readonly tls?: ConnectionOptions;
  readonly sasl?: SASLOptions;
}

const on = (v: string | undefined) => ['1', 'true', 'yes', 'on'].includes((v ?? '').toLowerCase());

/**
 * TLS and SASL from KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and
 * KAFKA_SASL_PASSWORD_FILE (all unset: plaintext, unauthenticated). The password file is read on every
 * connection, so a rotated secret applies on reconnect. Throws naming the variable when the combination
 * cannot be right: SASL credentials without TLS would cross the network in clear text.
 */
export function kafkaSecurity(env: NodeJS.ProcessEnv): KafkaSecurity {
  const problems: string[] = [];
  const caFile = env.KAFKA_TLS_CA_FILE || undefined;
  let tls: ConnectionOptions | undefined;
  if (caFile) {
    try {
      tls = { ca: readFileSync(caFile, 'utf8') };
    } catch (e) {
      problems.push(`KAFKA_TLS_CA_FILE=${JSON.stringify(caFile)} cannot be read: ${(e as Error).message}`);
    }
  } else if (on(env.KAFKA_TLS)) {
    tls = {};
  }
  let sasl: SASLOptions | undefined;
  const mechanism = env.KAFKA_SASL_MECHANISM || undefined;
  const username = env.KAFKA_SASL_USERNAME || undefined;
  const passwordFile = env.KAFKA_SASL_PASSWORD_FILE || undefined;
  if (mechanism) {
    if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      problems.push(`KAFKA_SASL_MECHANISM=${JSON.stringify(mechanism)} is not one of ${KAFKA_SASL_MECHANISMS.join(', ')}`);
    }
    if (!username) problems.push(`KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!passwordFile) problems.push(`KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!tls && !problems.some((p) => p.startsWith('KAFKA_TLS_CA_FILE'))) {
      problems.push(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_TLS=true or KAFKA_TLS_CA_FILE: credentials must not cross the network in clear text`);
    }
    if (!problems.length) {
      sasl = { mechanism: mechanism as SASLOptions['mechanism'], username, password: () => readFileSync(passwordFile!, 'utf8').trim() };
    }
  } else if (username || passwordFile) {
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE need KAFKA_SASL_MECHANISM');
  }
  if (problems.length) throw new Error(`config: Kafka security: ${problems.join('; ')}`);
  return { ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) };
}
