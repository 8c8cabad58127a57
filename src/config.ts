import { resolve } from 'node:path';
import { z } from 'zod';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  FILES_DIR: z.string().min(1).optional(),
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
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('motcua'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  VNEID_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded database; unused when databaseUrl is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where document bytes are kept (default: DATA_DIR/files). */
  filesDir: string;
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
  /** Citizen sign-in: a real provider when OIDC_ISSUER is set, else the local VNeID simulator. */
  oidc:
    { issuer: string; clientId: string; clientSecret: string } | { simulatorPort: number; clientId: string };
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
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    demoAccounts: e.DEMO_ACCOUNTS === undefined ? e.DATABASE_URL === undefined : e.DEMO_ACCOUNTS === 'true',
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    trustProxy: e.TRUST_PROXY === 'true',
    oidc: e.OIDC_ISSUER
      ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET ?? '' }
      : {
          simulatorPort: e.VNEID_SIMULATOR_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
          clientId: e.OIDC_CLIENT_ID,
        },
  };
}
