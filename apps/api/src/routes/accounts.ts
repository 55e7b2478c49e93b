import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, ErrorCode, badRequest, unavailable } from '../errors.js';
import { normalize } from '../lib/decimal.js';
import { depositCommand } from '../lib/commands.js';
import { userOf } from '../plugins/auth.js';
import { Asset, Decimal, authenticated, withErrors } from './schemas.js';

const Balance = Type.Object({ asset: Type.String(), available: Type.String(), locked: Type.String() });

/** Balances (as last reported by the engine) and the dev-only deposit. */
const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.authenticate);

  app.get(
    '/balances',
    { schema: { tags: ['accounts'], summary: 'Your balances', description: 'Available and locked (reserved by open orders) per asset, as the engine last reported them.', security: authenticated, response: { 200: Type.Array(Balance), ...withErrors([401, 429]) } } },
    async (request) => {
      const { rows } = await app.db.read.query(
        'SELECT asset, available::text, locked::text FROM balances WHERE user_id = $1 ORDER BY asset',
        [userOf(request)],
      );
      return rows.map((r) => ({ asset: r.asset, available: normalize(r.available)!, locked: normalize(r.locked)! }));
    },
  );

  app.post(
    '/dev/deposit',
    {
      schema: {
        summary: 'Credit test funds (development only)',
        description: 'Produces a DEPOSIT to the engine; 403 DEPOSITS_DISABLED unless DEV_DEPOSITS_ENABLED. A deposit the engine refuses is pushed as DEPOSIT_REJECTED on the balances WebSocket channel.',
        tags: ['accounts'],
        security: authenticated,
        body: Type.Object({ asset: Asset, amount: Decimal }, { additionalProperties: false }),
        response: { 202: Type.Object({ status: Type.Literal('DEPOSIT_REQUESTED') }), ...withErrors([400, 401, 403, 429, 503]) },
      },
    },
    async (request, reply) => {
      if (!app.config.devDepositsEnabled) throw new ApiError(403, ErrorCode.DEPOSITS_DISABLED, 'deposits are disabled on this deployment');
      const asset = await app.instruments.asset(request.body.asset);
      if (!asset) throw badRequest(ErrorCode.UNKNOWN_ASSET, `unknown asset ${request.body.asset}`);
      const amount = asset.units(request.body.amount);
      if (amount === undefined || amount === 0n || amount > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw badRequest(ErrorCode.VALIDATION_FAILED, `amount must be > 0 with at most ${asset.decimals} decimals`);
      }
      const userId = userOf(request);
      try {
        // Keyed by account, as the engine's contract asks for DEPOSIT.
        await app.engine.send(userId, depositCommand({ userId, asset: asset.asset, amount }));
      } catch (err) {
        request.log.warn({ err }, 'produce to engine failed');
        throw unavailable('the deposit could not be queued, retry later');
      }
      return reply.status(202).send({ status: 'DEPOSIT_REQUESTED' as const });
    },
  );
};

export default accountRoutes;
