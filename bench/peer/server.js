'use strict';
// bench/run.sh's peer: the quota check as a JavaScript team would write it, on Fastify with rate-limiter-flexible
// and fast-jwt, verifying the quota-server's own ES256 access tokens. One Node process, Fastify's logger off (no line
// per request). See bench/README.md ("The JavaScript peer").
//
//   GET  /api/diag/smoke     the bare route: the JSON envelope, nothing else
//   POST /api/quota/check    Authorization: Bearer <the quota-server's access token>, body {"orgId", "metric"}:
//                            401 without a valid token, 403 without the usage:write scope (activation tokens) or when
//                            orgId is not the token's tenant, 400 on a bad body; then READS (does not consume) the
//                            organisation's remaining points from rate-limiter-flexible and answers them
//
// Environment: PEER_PORT (18481), PEER_HOST (127.0.0.1), PEER_JWKS_URL (required: the quota-server's
// /oauth2/jwks, read once at start), PEER_STORE (memory | redis), PEER_REDIS_URL (redis mode),
// PEER_POINTS (1000000: the enterprise plan's api_call units), PEER_PERIOD_SECONDS (2678400: a month),
// PEER_ISSUER (familiar), PEER_AUDIENCE (familiar-api).
const crypto = require('node:crypto');
const Fastify = require('fastify');
const { createVerifier } = require('fast-jwt');
const { RateLimiterMemory, RateLimiterRedis } = require('rate-limiter-flexible');

const PORT = Number(process.env.PEER_PORT || 18481);
const HOST = process.env.PEER_HOST || '127.0.0.1';
const JWKS_URL = process.env.PEER_JWKS_URL;
const STORE = process.env.PEER_STORE || 'memory';
const POINTS = Number(process.env.PEER_POINTS || 1000000);
const PERIOD_SECONDS = Number(process.env.PEER_PERIOD_SECONDS || 2678400);
const ISSUER = process.env.PEER_ISSUER || 'familiar';
const AUDIENCE = process.env.PEER_AUDIENCE || 'familiar-api';
const MAX_SKEW_MS = 30000; // as the quota-server's AccessTokens (30 s)
const SAFE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/; // as its RequestContextFilter
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

async function loadKeys() {
  if (!JWKS_URL) throw new Error('PEER_JWKS_URL is required (the quota-server\'s /oauth2/jwks)');
  const res = await fetch(JWKS_URL);
  if (!res.ok) throw new Error(`${JWKS_URL} answered ${res.status}`);
  const { keys } = await res.json();
  const byKid = new Map();
  for (const jwk of keys) {
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.kid) continue;
    byKid.set(jwk.kid, crypto.createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
  }
  if (byKid.size === 0) throw new Error(`no P-256 key in ${JWKS_URL}`);
  return byKid;
}

function envelopeMeta(request, reply) {
  const requestId = safeOrMint(request.headers['x-request-id']);
  const correlationId = safeOrMint(request.headers['x-correlation-id']);
  reply.header('x-request-id', requestId);
  reply.header('x-correlation-id', correlationId);
  return { requestId, correlationId };
}

function safeOrMint(value) {
  return typeof value === 'string' && SAFE_ID.test(value) ? value : crypto.randomUUID();
}

function fail(reply, meta, status, code, message, details) {
  reply.code(status);
  return { ok: false, error: { code, message, status, details: details || {} }, meta };
}

async function main() {
  const keys = await loadKeys();
  // fast-jwt with its LRU cache of verified tokens (as the quota-server's cache of verified tokens, keyed by the
  // token itself; fast-jwt's default key is a hash of the token, ~10 x slower on a hit)
  const verify = createVerifier({
    key: async (decoded) => {
      const pem = keys.get(decoded.header.kid);
      if (!pem) throw new Error('unknown kid');
      return pem;
    },
    algorithms: ['ES256'],
    checkTyp: 'at+jwt',
    allowedIss: ISSUER,
    allowedAud: AUDIENCE,
    requiredClaims: ['sub', 'exp', 'iat', 'nbf', 'jti', 'tid', 'knd'],
    clockTolerance: MAX_SKEW_MS,
    cache: 50000,
    cacheTTL: Infinity,
    cacheKeyBuilder: (token) => token,
  });

  let limiter;
  let redis;
  if (STORE === 'redis') {
    const Redis = require('ioredis');
    redis = new Redis(process.env.PEER_REDIS_URL || 'redis://127.0.0.1:6379', { enableOfflineQueue: true });
    limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'peer-quota', points: POINTS, duration: PERIOD_SECONDS });
  } else if (STORE === 'memory') {
    limiter = new RateLimiterMemory({ keyPrefix: 'peer-quota', points: POINTS, duration: PERIOD_SECONDS });
  } else {
    throw new Error(`PEER_STORE must be memory or redis, not ${STORE}`);
  }

  const app = Fastify({ logger: false });

  app.setErrorHandler((error, request, reply) => {
    const meta = envelopeMeta(request, reply);
    if (error.validation) {
      const fields = {};
      for (const v of error.validation) {
        const field = (v.instancePath || '').replace(/^\//, '') || (v.params && v.params.missingProperty) || 'body';
        if (!(field in fields)) fields[field] = v.message;
      }
      return reply.send(fail(reply, meta, 400, 'VALIDATION_FAILED', 'Request validation failed', { fields }));
    }
    const status = error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      return reply.send(fail(reply, meta, 500, 'INTERNAL_ERROR', 'Internal error'));
    }
    // malformed JSON, wrong content type, body too large: Fastify's own 4xx, in our envelope
    return reply.send(fail(reply, meta, status, status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED',
      error.message));
  });

  app.get('/api/diag/smoke', async (request, reply) => {
    return { ok: true, data: { ok: true }, meta: envelopeMeta(request, reply) };
  });

  // the credential first, as the quota-server's route guard does (before the body is read): an onRequest hook
  const authenticate = async (request, reply) => {
    const authorization = request.headers.authorization;
    let claims;
    try {
      if (!authorization || !/^bearer /i.test(authorization)) throw new Error('no bearer token');
      claims = await verify(authorization.slice(7).trim());
      if (claims.knd !== 'user' && claims.knd !== 'activation') throw new Error('unknown token kind');
    } catch (e) {
      return reply.send(fail(reply, envelopeMeta(request, reply), 401, 'UNAUTHENTICATED',
        'A valid access token is required'));
    }
    if (claims.knd === 'activation' && !(typeof claims.scope === 'string' && claims.scope.split(' ').includes('usage:write'))) {
      return reply.send(fail(reply, envelopeMeta(request, reply), 403, 'FORBIDDEN',
        'The credential lacks the scope usage:write'));
    }
    request.claims = claims;
  };

  app.decorateRequest('claims', null);
  app.post('/api/quota/check', {
    onRequest: authenticate,
    schema: {
      body: {
        type: 'object',
        required: ['orgId'],
        properties: {
          orgId: { type: 'string', pattern: UUID.source },
          metric: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$' },
        },
      },
    },
  }, async (request, reply) => {
    const meta = envelopeMeta(request, reply);
    const claims = request.claims;
    const { orgId } = request.body;
    if (claims.tid !== orgId) {
      return fail(reply, meta, 403, 'FORBIDDEN', 'orgId must be your own organisation');
    }
    const metric = request.body.metric || 'api_call';
    const res = await limiter.get(`${orgId}:${metric}`);
    const remaining = res ? Math.max(POINTS - res.consumedPoints, 0) : POINTS;
    if (remaining <= 0) {
      return fail(reply, meta, 429, 'RATE_LIMITED', 'The organisation has used its allowance for this period');
    }
    return { ok: true, data: { allow: true, remaining }, meta };
  });

  const close = async () => {
    await app.close();
    if (redis) redis.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);

  await app.listen({ port: PORT, host: HOST });
  console.log(`peer listening on http://${HOST}:${PORT} (store ${STORE}, ${keys.size} key(s) from ${JWKS_URL}, ` +
    `node ${process.version})`);
}

main().catch((e) => {
  console.error(`peer: ${e.stack || e}`);
  process.exit(1);
});
