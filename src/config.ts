import type { S3Settings } from './app/files/s3FileStore.js';
import { resolve } from 'node:path';
import { z } from 'zod';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  FILES_DIR: z.string().min(1).optional(),
  RESULT_SIGNING: z.enum(['local', 'docmgmt']).default('local'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_PREFIX: z.string().default(''),
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(20),
  PKI_DIR: z.string().min(1).optional(),
  TRUST_ANCHORS_FILE: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(500).default(20),
  LOG_LEVEL: LogLevel.default('info'),
  DEMO_ACCOUNTS: z.enum(['true', 'false']).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // Requests a minute on the API: per signed-in account or API client, and per address for
  // anonymous callers (officials behind one NAT address each keep their own allowance).
  RATE_LIMIT_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(1200),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(600),
  // Who may read /metrics: a bearer token, and/or addresses (default: this machine only).
  METRICS_TOKEN: z.string().min(16).optional(),
  METRICS_ALLOW: z.string().optional(),
  LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('motcua'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  VNEID_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // The integration hub (issue 7): each system's address and secret; unset, a local simulator.
  DVCQG_URL: z.string().url().optional(),
  DVCQG_TOKEN: z.string().min(1).optional(),
  SMS_URL: z.string().url().optional(),
  SMS_TOKEN: z.string().min(1).optional(),
  SMS_BRANDNAME: z.string().min(1).max(11).default('MOTCUA'),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('motcua <khong-tra-loi@motcua.local>'),
  PAYMENT_URL: z.string().url().optional(),
  PAYMENT_TOKEN: z.string().min(1).optional(),
  PAYMENT_SECRET: z.string().min(16).optional(),
  POSTAL_URL: z.string().url().optional(),
  POSTAL_TOKEN: z.string().min(1).optional(),
  POSTAL_CALLBACK_TOKEN: z.string().min(16).optional(),
  DOCMGMT_URL: z.string().url().optional(),
  DOCMGMT_TOKEN: z.string().min(1).optional(),
  DOCMGMT_SECRET: z.string().min(16).optional(),
  POPULATION_URL: z.string().url().optional(),
  POPULATION_TOKEN: z.string().min(1).optional(),
  INTEGRATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(40),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  OUTBOX_RETRY_CAP_MS: z.coerce.number().int().min(10).max(86_400_000).default(300_000),
  OUTBOX_WORKERS: z.coerce.number().int().min(1).max(64).default(4),
  DISPATCHER: z.enum(['true', 'false']).default('true'),
  SIMULATOR_BASE_PORT: z.coerce.number().int().min(0).max(65000).optional(),
});

/** Where each external system is and how to reach it; a system left unset is simulated locally. */
export interface IntegrationConfig {
  portal?: { url: string; token: string };
  sms?: { url: string; token: string };
  email?: { host: string; port: number; secure: boolean; user?: string; password?: string };
  population?: { url: string; token: string };
  /** The payment platform; `secret` verifies its signed callbacks. */
  payment?: { url: string; token: string; secret: string };
  /** The document-management and signing system; `secret` verifies its signed callbacks. */
  docmgmt?: { url: string; token: string; secret: string };
  /** The postal service; `callbackToken` authenticates its status reports. */
  postal?: { url: string; token: string; callbackToken: string };
  smsBrandname: string;
  mailFrom: string;
  timeoutMs: number;
  retry: { baseMs: number; capMs: number; maxAttempts: number };
  workers: number;
  /** Deliver the outbox inside the server process (else run `motcua dispatch` beside it). */
  dispatchInServer: boolean;
  /** First port of the local simulators (portal, population, SMS, SMTP, SMTP web, payment, postal, document management); 0: any free ports. */
  simulatorBasePort: number;
}

export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded database; unused when databaseUrl is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where document bytes are kept (default: DATA_DIR/files). */
  filesDir: string;
  /**
   * Who signs results: `local`, this system with the local test certificate authority kept in
   * `pkiDir` (development, trials); `docmgmt`, the document-management system.
   */
  resultSigning: 'local' | 'docmgmt';
  pkiDir: string;
  /** A PEM bundle of further trusted root certificates for verifying signed results. */
  trustAnchorsFile: string | undefined;
  /** Object storage for documents instead of FILES_DIR, when S3_ENDPOINT is set. */
  s3: S3Settings | undefined;
  /** Years the files of a closed dossier are kept (not results, not the citizens' warehouses). */
  retentionYears: number;
  maxUploadBytes: number;
  /** The address citizens reach the system at (QR codes on forms); default: each request's own. */
  publicUrl: string | undefined;
  logLevel: z.infer<typeof LogLevel>;
  /** Create the demo accounts on an empty database (default: on the embedded database only). */
  demoAccounts: boolean;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (client address, https for Secure cookies). */
  trustProxy: boolean;
  rateLimits: { accountPerMinute: number; anonymousPerMinute: number; loginPerMinute: number };
  metrics: { token: string | undefined; allow: string[] | undefined };
  /** Citizen sign-in: a real provider when OIDC_ISSUER is set, else the local VNeID simulator. */
  oidc:
    { issuer: string; clientId: string; clientSecret: string } | { simulatorPort: number; clientId: string };
  integrations: IntegrationConfig;
}

/** Reads the configuration from the environment; throws a readable message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error('Cấu hình không hợp lệ (invalid configuration):\n' + lines.join('\n'));
  }
  const e = parsed.data;
  const paired: [string, string | undefined, string, string | undefined][] = [
    ['DVCQG_URL', e.DVCQG_URL, 'DVCQG_TOKEN', e.DVCQG_TOKEN],
    ['SMS_URL', e.SMS_URL, 'SMS_TOKEN', e.SMS_TOKEN],
    ['POPULATION_URL', e.POPULATION_URL, 'POPULATION_TOKEN', e.POPULATION_TOKEN],
    ['PAYMENT_URL', e.PAYMENT_URL, 'PAYMENT_TOKEN', e.PAYMENT_TOKEN],
    ['PAYMENT_URL', e.PAYMENT_URL, 'PAYMENT_SECRET', e.PAYMENT_SECRET],
    ['POSTAL_URL', e.POSTAL_URL, 'POSTAL_TOKEN', e.POSTAL_TOKEN],
    ['DOCMGMT_URL', e.DOCMGMT_URL, 'DOCMGMT_TOKEN', e.DOCMGMT_TOKEN],
    ['DOCMGMT_URL', e.DOCMGMT_URL, 'DOCMGMT_SECRET', e.DOCMGMT_SECRET],
    ['POSTAL_URL', e.POSTAL_URL, 'POSTAL_CALLBACK_TOKEN', e.POSTAL_CALLBACK_TOKEN],
  ];
  for (const [urlName, url, tokenName, token] of paired)
    if (url && !token)
      throw new Error(
        `Cấu hình không hợp lệ (invalid configuration):\n  ${tokenName}: required with ${urlName}`,
      );
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_SECRET) {
    throw new Error(
      'Cấu hình không hợp lệ (invalid configuration):\n  OIDC_CLIENT_SECRET: required with OIDC_ISSUER',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    filesDir: resolve(e.FILES_DIR ?? `${e.DATA_DIR}/files`),
    resultSigning: e.RESULT_SIGNING,
    s3: e.S3_ENDPOINT
      ? {
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          bucket: e.S3_BUCKET ?? 'motcua',
          accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
          secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
          prefix: e.S3_PREFIX,
        }
      : undefined,
    retentionYears: e.RETENTION_YEARS,
    pkiDir: resolve(e.PKI_DIR ?? `${e.DATA_DIR}/pki`),
    trustAnchorsFile: e.TRUST_ANCHORS_FILE ? resolve(e.TRUST_ANCHORS_FILE) : undefined,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    demoAccounts: e.DEMO_ACCOUNTS === undefined ? e.DATABASE_URL === undefined : e.DEMO_ACCOUNTS === 'true',
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    trustProxy: e.TRUST_PROXY === 'true',
    metrics: {
      token: e.METRICS_TOKEN,
      allow: e.METRICS_ALLOW?.split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    },
    rateLimits: {
      accountPerMinute: e.RATE_LIMIT_ACCOUNT_PER_MINUTE,
      anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      loginPerMinute: e.LOGIN_PER_MINUTE,
    },
    oidc: e.OIDC_ISSUER
      ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET ?? '' }
      : {
          simulatorPort: e.VNEID_SIMULATOR_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
          clientId: e.OIDC_CLIENT_ID,
        },
    integrations: {
      ...(e.DVCQG_URL ? { portal: { url: e.DVCQG_URL.replace(/\/$/, ''), token: e.DVCQG_TOKEN ?? '' } } : {}),
      ...(e.SMS_URL ? { sms: { url: e.SMS_URL.replace(/\/$/, ''), token: e.SMS_TOKEN ?? '' } } : {}),
      ...(e.SMTP_HOST
        ? {
            email: {
              host: e.SMTP_HOST,
              port: e.SMTP_PORT,
              secure: e.SMTP_SECURE === 'true',
              ...(e.SMTP_USER ? { user: e.SMTP_USER } : {}),
              ...(e.SMTP_PASSWORD ? { password: e.SMTP_PASSWORD } : {}),
            },
          }
        : {}),
      ...(e.POPULATION_URL
        ? { population: { url: e.POPULATION_URL.replace(/\/$/, ''), token: e.POPULATION_TOKEN ?? '' } }
        : {}),
      ...(e.PAYMENT_URL
        ? {
            payment: {
              url: e.PAYMENT_URL.replace(/\/$/, ''),
              token: e.PAYMENT_TOKEN ?? '',
              secret: e.PAYMENT_SECRET ?? '',
            },
          }
        : {}),
      ...(e.POSTAL_URL
        ? {
            postal: {
              url: e.POSTAL_URL.replace(/\/$/, ''),
              token: e.POSTAL_TOKEN ?? '',
              callbackToken: e.POSTAL_CALLBACK_TOKEN ?? '',
            },
          }
        : {}),
      ...(e.DOCMGMT_URL
        ? {
            docmgmt: {
              url: e.DOCMGMT_URL.replace(/\/$/, ''),
              token: e.DOCMGMT_TOKEN ?? '',
              secret: e.DOCMGMT_SECRET ?? '',
            },
          }
        : {}),
      smsBrandname: e.SMS_BRANDNAME,
      mailFrom: e.MAIL_FROM,
      timeoutMs: e.INTEGRATION_TIMEOUT_MS,
      retry: {
        baseMs: e.OUTBOX_RETRY_BASE_MS,
        capMs: e.OUTBOX_RETRY_CAP_MS,
        maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      },
      workers: e.OUTBOX_WORKERS,
      dispatchInServer: e.DISPATCHER === 'true',
      simulatorBasePort: e.SIMULATOR_BASE_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 10),
    },
  };
}
