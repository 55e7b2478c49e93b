import { Type } from '@fastify/type-provider-typebox';
import { DECIMAL_PATTERN } from '../lib/decimal.js';

/** A positive decimal amount as a string; floats would lose precision. */
export const Decimal = Type.String({ pattern: DECIMAL_PATTERN, maxLength: 40, examples: ['0.5'] });
export const Symbol = Type.String({ pattern: '^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$', examples: ['BTC-USDT'] });
export const Asset = Type.String({ pattern: '^[A-Z0-9]{1,12}$', examples: ['USDT'] });
export const Uuid = Type.String({ format: 'uuid' });
export const SymbolParams = Type.Object({ symbol: Symbol }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 });

const err = { $ref: 'ErrorBody#' };
/** Error responses every route may give, for the OpenAPI document. */
export const errors = { 400: err, 429: err } as const;
export const authErrors = { 400: err, 401: err, 429: err } as const;
export const withErrors = (codes: number[]) => Object.fromEntries(codes.map((c) => [c, err]));

/** Security requirement of routes that take a JWT or a signed API key. */
export const authenticated: { [name: string]: string[] }[] = [{ bearer: [] }, { apiKey: [], apiTimestamp: [], apiSignature: [] }];
