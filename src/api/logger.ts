/**
 * Structured logs (pino, JSON lines). Redaction is by field name, so secrets, keys, witnesses and
 * personal data are censored wherever a caller puts them (top level or one object down); the access
 * log itself records only method, route pattern, status, duration, request id and key id.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Field names whose values never reach a log line. */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'key',
  'apiKey',
  'secret',
  'secretHash',
  'privateKey',
  'd', // the private part of a JWK
  'kek',
  'password',
  'token',
  'holderSecret',
  'witness',
  'sealed',
];
const PERSONAL_FIELDS = [
  'attributes',
  'evidence',
  'birthYear',
  'dateOfBirth',
  'email',
  'phone',
  'address',
  'nationalId',
  'aadhaar',
  'fullName',
];

export const REDACT_PATHS: string[] = [...SECRET_FIELDS, ...PERSONAL_FIELDS]
  .flatMap((f) => [f, `*.${f}`, `*.*.${f}`])
  .concat([
    'req.headers.authorization',
    'req.headers.cookie',
    'headers.authorization',
    'headers.cookie',
    'headers["x-api-key"]',
    'req.headers["x-api-key"]',
  ]);

export interface CreateLoggerOptions {
  level: string;
  /** Where to write (default stdout). */
  destination?: DestinationStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'vouch' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination(1),
  );
}
