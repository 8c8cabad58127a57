import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sharedRateLimitStore } from './sharedRateLimits.js';
import { defaultAdmission, installAdmission, type AdmissionLimits } from './admission.js';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CitizenSignIn } from '../app/citizens/citizenSignIn.js';
import { createAppContext, type AppSettings } from '../app/context.js';
import { DiskFileStore, type FileStore } from '../app/files/fileStore.js';
import { vi } from '../domain/i18n/vi.js';
import { webDistDir } from '../paths.js';
import type { Database } from '../store/database.js';
import { completeDocument, securitySchemes } from './openapiDocument.js';
import { installMetrics, type MetricsAccess } from './metrics.js';
import { installProblemHandlers, sendProblem, sendRouteNotFound } from './problem.js';
import { installAuth, isApiRoute } from './auth.js';
import { installInputGuard } from './inputGuard.js';
import { accountRoutes } from './routes/accountRoutes.js';
import { apiClientRoutes } from './routes/apiClientRoutes.js';
import { adminUnitRoutes } from './routes/adminUnitRoutes.js';
import { authRoutes } from './routes/authRoutes.js';
import { dossierRoutes } from './routes/dossierRoutes.js';
import { documentRoutes } from './routes/documentRoutes.js';
import { publicRoutes } from './routes/publicRoutes.js';
import { publicFileRoutes } from './routes/publicFileRoutes.js';
import { LinkKeys } from '../integrations/http/linkKeys.js';
import { portalEventRoutes } from './routes/portalEventRoutes.js';
import { noticeRoutes } from './routes/noticeRoutes.js';
import { portalEventWaitMs } from '../app/portalEvents/receivePortalEvent.js';
import { formRoutes } from './routes/formRoutes.js';
import { calendarRoutes } from './routes/calendarRoutes.js';
import { readinessRoutes } from './routes/readinessRoutes.js';
import { versionRoutes } from './routes/versionRoutes.js';
import { catalogRoutes } from './routes/catalogRoutes.js';
import { reportRoutes } from './routes/reportRoutes.js';
import type { ReadReplica } from '../store/readReplica.js';
import { steeringRoutes } from './routes/steeringRoutes.js';
import { feedbackRoutes } from './routes/feedbackRoutes.js';
import { monthlyReportRoutes } from './routes/monthlyReportRoutes.js';
import { citizenRoutes } from './routes/citizenRoutes.js';
import { agencyRoutes } from './routes/agencyRoutes.js';
import { migrationRoutes } from './routes/migrationRoutes.js';
import { healthRoutes } from './routes/healthRoutes.js';
import { integrationRoutes } from './routes/integrationRoutes.js';
import { populationRoutes } from './routes/populationRoutes.js';
import { paymentRoutes } from './routes/paymentRoutes.js';
import { postalRoutes } from './routes/postalRoutes.js';
import { resultRoutes } from './routes/resultRoutes.js';
import { exchangeRoutes } from './routes/exchangeRoutes.js';
import { announcementRoutes } from './routes/announcementRoutes.js';
import { supportRoutes } from './routes/supportRoutes.js';
import { guideRoutes } from './routes/guideRoutes.js';
import { practiceRoutes } from './routes/practiceRoutes.js';
import { brandingRoutes } from './routes/brandingRoutes.js';
import { verificationRoutes } from './routes/verificationRoutes.js';
import { warehouseRoutes } from './routes/warehouseRoutes.js';
import type { ResultSigner } from '../app/signing/resultSigner.js';
import type { PortalClient } from '../integrations/dvcqg/portalClient.js';
import type { PopulationClient } from '../integrations/population/populationClient.js';

// Validation messages in Vietnamese, for every Zod schema of the process.
z.config(z.locales.vi());

export interface ServerOptions {
  database: Database;
  /** A standby for reports and exports; their answers then carry its lag (X-Data-Lag-Seconds). */
  readReplica?: ReadReplica;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** Folder of the built web app; the API still works without it. */
  webDir?: string;
  settings?: Partial<AppSettings>;
  trustProxy?: boolean;
  /** Citizen sign-in through OpenID Connect; without it the citizen routes say it is not configured. */
  citizenSignIn?: CitizenSignIn;
  /** Who may read /metrics (default: this machine only). */
  metrics?: MetricsAccess;
  /** Sign-in attempts per minute per client address. */
  loginPerMinute?: number;
  /** Requests per minute on the API per signed-in account or API client (default 1,200). */
  rateLimitPerMinute?: number;
  /** Admission control of this node (requests at once per lane); the defaults when absent. */
  admission?: Partial<AdmissionLimits>;
  /** Requests per minute on the API per address, for callers not signed in (default 600). */
  anonymousPerMinute?: number;
  /** This system's own address (PUBLIC_URL, or where it listens): the citizen sign-in's return address. */
  selfUrl?: () => string;
  /** The address citizens reach this system at, for QR codes on printed forms (default: the request's). */
  publicUrl?: string;
  /** Public status lookups per minute per client address (default 20). */
  publicLookupsPerMinute?: number;
  /** The local disk uploads are staged on: /readyz says not ready when it is nearly full. */
  stagingDir?: string;
  /** Where document bytes are kept; a temporary folder when absent (tests, trials). */
  files?: FileStore;
  /**
   * Signs results in this system (the local test CA, or a remote signing service); without it a
   * result goes to the document-management system to be numbered and signed.
   */
  signer?: ResultSigner;
  /** The address this system is reached at, for the verification QR on signed results. */
  verifyBase?: () => string;
  /** Public verifications per minute per client address (default 20). */
  verificationsPerMinute?: number;
  /** How long the document and result links given to the national portal open (default 30 days). */
  linkValidityMs?: number;
  /** Largest document accepted, in bytes (default 20 MB). */
  maxUploadBytes?: number;
  /** The external systems the API calls directly; without them those routes answer 503. */
  integrations?: {
    portal?: PortalClient;
    population?: PopulationClient;
    /** The secret the payment platform signs its callbacks with. */
    paymentSecret?: string;
    /** The token the postal service's status reports carry. */
    postalCallbackToken?: string;
    /** The secret the document-management system signs its callbacks with. */
    docmgmtSecret?: string;
    /** The secret the inter-agency exchange platform signs its callbacks with. */
    exchangeSecret?: string;
    /** The secret the national portal signs the events it sends with. */
    portalEventSecret?: string;
  };
  /** How long a portal event waits for a missing earlier one before it is applied (default 10 minutes). */
  portalEventWaitMs?: number;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Keep a caller's request id (a gateway's or the national portal's) when it is sane.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // What the router refuses before any route (a malformed URL, a parameter past its length) is a
    // problem+json like every other refusal.
    frameworkErrors: (error, request, reply) =>
      sendProblem(request, reply, error.statusCode ?? 400, 'bad-url', vi.problem.requestTarget, {
        detail: error.code,
      }),
    trustProxy: opts.trustProxy ?? false,
  });
  // First of all hooks: a request refused for overload costs nothing else.
  installAdmission(app, { ...defaultAdmission, ...opts.admission });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Only origin-form targets (`/path`): an absolute-form `http://host/api/…` is routed by the
    // same path but would otherwise slip past every check that reads the raw target.
    if (!request.raw.url?.startsWith('/') || request.raw.url.startsWith('//'))
      return sendProblem(request, reply, 400, 'request-target', vi.problem.requestTarget);
    // One Host only: two would let a proxy and this server disagree on whom the request is for.
    const hosts = request.raw.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'host');
    if (hosts.length > 1) return sendProblem(request, reply, 400, 'request-target', vi.problem.requestTarget);
  });

  const files = opts.files ?? new DiskFileStore(mkdtempSync(join(tmpdir(), 'motcua-files-')));
  const publicBase = () => opts.verifyBase?.() ?? opts.publicUrl ?? '';
  const ctx = createAppContext(opts.database.db, {
    ...(opts.now ? { now: opts.now } : {}),
    settings: { ...opts.settings, ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}) },
    eResults: opts.signer
      ? { signer: opts.signer, files, verifyUrl: (code: string) => `${publicBase()}/xac-minh/${code}` }
      : undefined,
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  const perAccount = opts.rateLimitPerMinute ?? 1200;
  const perAddress = opts.anonymousPerMinute ?? Math.min(600, perAccount);
  await app.register(rateLimit, {
    // On PostgreSQL (production: several nodes behind a load balancer) the counts are shared by
    // every node; the embedded database is one process, whose own memory is the shared place.
    ...(opts.database.engine === 'postgres'
      ? { store: sharedRateLimitStore(opts.database.db) as unknown as FastifyRateLimitStoreCtor }
      : {}),
    // Keyed on who is calling (the session and API key are resolved before the limiter runs):
    // each official and each machine client has its own allowance, whatever address they share;
    // anonymous callers are counted by address.
    keyGenerator: (req) =>
      req.actor?.kind === 'staff'
        ? `account:${req.actor.accountId}`
        : req.actor?.kind === 'client'
          ? `client:${req.actor.clientId}`
          : `address:${req.ip}`,
    max: (_req, key) => (key.startsWith('address:') ? perAddress : perAccount),
    timeWindow: '1 minute',
    // The routed path decides, never the raw target: what is routed to the API is limited.
    allowList: (req) => !isApiRoute(req),
    errorResponseBuilder: (_req, context) => ({ statusCode: 429, message: `retry in ${context.after}` }),
  });
  installProblemHandlers(app);
  installInputGuard(app);
  installMetrics(app, opts.metrics);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'motcua API',
        description: vi.productTitle,
        version: '1.0.0',
      },
      components: { securitySchemes },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () =>
    completeDocument(app.swagger() as never, opts.selfUrl?.() ?? '/'),
  );

  await installAuth(app, ctx);
  const maxUploadBytes = opts.maxUploadBytes ?? 20 * 1024 * 1024;
  // One file per request; busboy stops one byte past the limit and the store refuses it whole.
  await app.register(multipart, { limits: { files: 1, fields: 5, fileSize: maxUploadBytes + 1 } });
  await app.register(healthRoutes(opts.database, opts.stagingDir));
  await app.register(authRoutes(ctx, opts.loginPerMinute ?? 10));
  await app.register(accountRoutes(ctx));
  await app.register(citizenRoutes(ctx, opts.citizenSignIn, opts.selfUrl));
  await app.register(apiClientRoutes(ctx));
  await app.register(catalogRoutes(ctx));
  await app.register(versionRoutes(ctx));
  // Reports and the steering views read from the standby when there is one, saying how far behind it is.
  const readCtx = opts.readReplica ? { ...ctx, db: opts.readReplica.db } : ctx;
  if (opts.readReplica) {
    const replica = opts.readReplica;
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.method === 'GET' && /^\/api\/v1\/(reports|steering)(\/|\?|$)/.test(request.url))
        reply.header('x-data-lag-seconds', String(await replica.lagSeconds()));
      return payload;
    });
  }
  await app.register(reportRoutes(ctx, readCtx));
  await app.register(steeringRoutes(readCtx));
  await app.register(feedbackRoutes(ctx));
  await app.register(announcementRoutes(ctx, files, maxUploadBytes));
  await app.register(supportRoutes(ctx));
  await app.register(guideRoutes(ctx));
  await app.register(practiceRoutes(ctx));
  await app.register(brandingRoutes(ctx));
  await app.register(monthlyReportRoutes(ctx));
  await app.register(readinessRoutes(ctx));
  await app.register(calendarRoutes(ctx));
  await app.register(dossierRoutes(ctx));
  await app.register(publicRoutes(ctx, opts.publicLookupsPerMinute ?? 20));
  await app.register(formRoutes(ctx));
  await app.register(documentRoutes(ctx, files, maxUploadBytes));
  await app.register(publicFileRoutes(ctx, files, new LinkKeys(ctx.db, opts.linkValidityMs)));
  await app.register(warehouseRoutes(ctx, files));
  await app.register(verificationRoutes(ctx, opts.verificationsPerMinute ?? 20, maxUploadBytes));
  await app.register(resultRoutes(ctx, files, opts.integrations?.docmgmtSecret));
  await app.register(exchangeRoutes(ctx, opts.integrations?.exchangeSecret));
  await app.register(adminUnitRoutes(ctx));
  await app.register(agencyRoutes(ctx));
  await app.register(migrationRoutes(ctx));
  await app.register(integrationRoutes(ctx, opts.integrations?.portal));
  await app.register(populationRoutes(ctx, opts.integrations?.population));
  await app.register(paymentRoutes(ctx, opts.integrations?.paymentSecret));
  await app.register(noticeRoutes(ctx));
  await app.register(
    portalEventRoutes(ctx, {
      secret: opts.integrations?.portalEventSecret,
      files,
      maxFileBytes: maxUploadBytes,
      gapWaitMs: opts.portalEventWaitMs ?? portalEventWaitMs,
    }),
  );
  await app.register(postalRoutes(ctx, opts.integrations?.postalCallbackToken));

  const webDir = opts.webDir ?? webDistDir;
  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      // The build's brotli or gzip copy when the browser takes it: a third of the bytes, no work.
      preCompressed: true,
      // Assets are named by their content's hash, so a browser keeps them; the shell is checked each time.
      setHeaders: (reply, path) =>
        void reply.header(
          'cache-control',
          path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
  // Client-side routes of the single-page app get its shell; everything else a problem+json 404.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    const isPage = wantsPage && !/^\/(api|assets|metrics|healthz|readyz)(\/|$)/.test(path);
    if (hasWeb && isPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendRouteNotFound(request, reply);
  });
  return app;
}
