import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from '@platformatic/kafka';

/** SASL mechanisms the engine accepts (those a password authenticates). */
export const KAFKA_SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;

/** The connection options every Kafka client of the engine gets: none (plaintext) by default. */
export interface KafkaSecurity {
  readonly tls?: ConnectionOptions;
  readonly sasl?: SASLOptions;
}

/** The variables `kafkaSecurity` reads; all optional, plaintext and unauthenticated when none is set. */
export interface KafkaSecurityEnv {
  /** `true`: TLS with the system's CAs (or KAFKA_TLS_CA_FILE's). */
  readonly KAFKA_TLS?: boolean;
  /** PEM file of the CA that signs the brokers' certificates (Strimzi's cluster CA); implies TLS. */
  readonly KAFKA_TLS_CA_FILE?: string;
  readonly KAFKA_SASL_MECHANISM?: (typeof KAFKA_SASL_MECHANISMS)[number];
  readonly KAFKA_SASL_USERNAME?: string;
  /** File holding the password; read on every connection, so a rotated secret is picked up on reconnect. */
  readonly KAFKA_SASL_PASSWORD_FILE?: string;
}

/**
 * Builds the TLS and SASL options from the validated environment. Throws naming the variable when the
 * combination cannot be right: SASL credentials without TLS would cross the network in clear text.
 */
export function kafkaSecurity(env: KafkaSecurityEnv): KafkaSecurity {
  const problems: string[] = [];
  const caFile = env.KAFKA_TLS_CA_FILE;
  let tls: ConnectionOptions | undefined;
  if (caFile) {
    try {
      tls = { ca: readFileSync(caFile, 'utf8') };
    } catch (e) {
      problems.push(`KAFKA_TLS_CA_FILE=${JSON.stringify(caFile)} cannot be read: ${(e as Error).message}`);
    }
  } else if (env.KAFKA_TLS) {
    tls = {};
  }
  let sasl: SASLOptions | undefined;
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    const username = env.KAFKA_SASL_USERNAME;
    const passwordFile = env.KAFKA_SASL_PASSWORD_FILE;
    if (!username) problems.push(`KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!passwordFile) problems.push(`KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!env.KAFKA_TLS && !caFile) problems.push(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_TLS=true or KAFKA_TLS_CA_FILE: credentials must not cross the network in clear text`);
    if (username && passwordFile) sasl = { mechanism, username, password: () => readFileSync(passwordFile, 'utf8').trim() };
  } else if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD_FILE) {
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE need KAFKA_SASL_MECHANISM');
  }
  if (problems.length) throw new Error(`Kafka security: ${problems.join('; ')}`);
  return { ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) };
}
