/** Error codes every non-2xx response carries in `code`; clients may switch on them. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_JSON: 'INVALID_JSON',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  API_KEY_INVALID: 'API_KEY_INVALID',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  SIGNATURE_REUSED: 'SIGNATURE_REUSED',
  CREDENTIALS_CONFLICT: 'CREDENTIALS_CONFLICT',
  SCOPE_MISSING: 'SCOPE_MISSING',
  SESSION_REQUIRED: 'SESSION_REQUIRED',
  TIMESTAMP_EXPIRED: 'TIMESTAMP_EXPIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  UNKNOWN_ASSET: 'UNKNOWN_ASSET',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  ORDER_NOT_OPEN: 'ORDER_NOT_OPEN',
  CLIENT_ORDER_ID_REUSED: 'CLIENT_ORDER_ID_REUSED',
  INVALID_CURSOR: 'INVALID_CURSOR',
  API_KEY_NOT_FOUND: 'API_KEY_NOT_FOUND',
  DEPOSITS_DISABLED: 'DEPOSITS_DISABLED',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error that maps to one HTTP response: status, coded constant and a human message. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCodeValue,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: ErrorCodeValue, message: string) => new ApiError(400, code, message);
export const unauthorized = (code: ErrorCodeValue, message: string) => new ApiError(401, code, message);
export const forbidden = (code: ErrorCodeValue, message: string) => new ApiError(403, code, message);
export const notFound = (code: ErrorCodeValue, message: string) => new ApiError(404, code, message);
export const conflict = (code: ErrorCodeValue, message: string) => new ApiError(409, code, message);
export const unavailable = (message: string) => new ApiError(503, ErrorCode.UPSTREAM_UNAVAILABLE, message);
