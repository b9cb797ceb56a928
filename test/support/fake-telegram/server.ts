import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { CONFLICT, FaultRules, WEBHOOK_ACTIVE, floodWait } from './faults';
import { LongPolls } from './long-poll';
import { chatIdOf, findMethod } from './methods';
// Registers the Stars payment methods beside the others.
import './payment-methods';
import type { ApiOutcome } from './outcome';
import { envelope, failure, success } from './outcome';
import type { CallParams } from './params';
import { intParam, loggableParams, objectParam, parseParams, readBody } from './params';
import { RateEnforcer, isRateLimited } from './rate-enforcer';
import { BotState, CallLog } from './state';
import type { CallStatus, FakeTelegram, FakeTelegramOptions, FakeUser } from './types';
import { userBlock, userPress, userStart, userText, userUnblock } from './user';
import { userPay } from './user-pay';
import { listenOnLoopback } from '../listen-loopback';

const ROUTE = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/;

/** Starts a fake Bot API on 127.0.0.1 with a random port. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const now = options.now ?? Date.now;
  let rateLimit = options.rateLimit ?? false;
  let outage = false;
  // While silent, answers wait for this; it resolves when the outage ends.
  let silence: Silence | null = null;
  // Outages of single bots, by token: 'cut' fails their calls at once, 'silent' holds them.
  const botOutages = new Map<string, { mode: 'cut' | 'silent'; silence: Silence }>();
  let closing: Promise<void> | undefined;
  const bots = new Map<string, BotState>();
  const log = new CallLog();
  const faults = new FaultRules();
  const rate = new RateEnforcer();
  const polls = new LongPolls();
  // Telegram accounts, shared by every bot: those that exist, and those deleted.
  const users = { known: new Set<number>(), deactivated: new Set<number>() };
  // Aborted on close so latency faults do not keep timers alive.
  const shutdown = new AbortController();
  // Every request held by a silent outage listens for it: any number may wait at once.
  setMaxListeners(0, shutdown.signal);
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Outlive any idle gap between polls: a server closing an idle keep-alive socket just as the
  // client reuses it gives spurious ECONNRESETs. close() and outages end sockets explicitly.
  server.keepAliveTimeout = 120_000;
  // Malformed HTTP must not crash the test process.
  server.on('clientError', (_err, socket) => socket.destroy());
  const port = await listenOnLoopback(server);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now();
    const seq = log.arrive();
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const route = ROUTE.exec(url.pathname);
      const token = route?.[1] === undefined ? undefined : decodeURIComponent(route[1]);
      const requested = route?.[2];
      if (token === undefined || requested === undefined) {
        if (outage || closing !== undefined) cut(res);
        else write(res, failure(404, 'Not Found'));
        return;
      }
      const parsed = parseParams(url.searchParams, req.headers['content-type'] ?? '', body);
      const params: CallParams = parsed.ok ? parsed.params : { fields: {}, files: new Map() };
      const method = canonical(requested);
      const botOutage = botOutages.get(token);
      let status: CallStatus;
      if (silence !== null) status = await silently(res, silence);
      else if (outage || closing !== undefined) status = cut(res);
      else if (botOutage?.mode === 'silent') status = await silently(res, botOutage.silence);
      else if (botOutage !== undefined) status = cut(res);
      else if (!parsed.ok) status = write(res, failure(400, parsed.description));
      else status = await answer(token, method, params, res);
      const retryAfter = toldToWait.get(res);
      log.add(token, seq, { method, at, params: loggableParams(params), status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    } catch (error) {
      // The fake must answer, never throw: surface the bug as a 500 the test will see.
      if (!res.headersSent) write(res, failure(500, `Internal Server Error: fake-telegram: ${String(error)}`));
      else cut(res);
    }
  }

  async function answer(token: string, method: string, params: CallParams, res: ServerResponse): Promise<CallStatus> {
    const bot = bots.get(token);
    if (bot === undefined) return write(res, failure(401, 'Unauthorized'));
    const chatId = chatIdOf(params);
    const effect = faults.take(token, method, chatId, () => JSON.stringify(params.fields));
    const limited = rateLimit && isRateLimited(method);
    if (effect?.kind === 'answer') {
      if (effect.delayMs > 0 && (!(await pause(effect.delayMs)) || outage)) return cut(res);
      if (limited && !effect.outcome.ok && effect.outcome.retryAfter !== undefined) rate.imposed(token, chatId, now(), effect.outcome.retryAfter);
      return write(res, effect.outcome);
    }
    if (effect?.kind === 'drop') return cut(res);
    if (effect?.kind === 'delay') {
      const waited = await pause(effect.ms);
      if (!waited || outage) return cut(res);
    }
    // The call takes effect, but its answer never reaches the client.
    const lost = effect?.kind === 'lose_answer';
    const reply = (outcome: ApiOutcome): CallStatus => {
      if (!lost) return write(res, outcome);
      cut(res);
      return 'lost';
    };
    if (method === 'getUpdates') return getUpdates(bot, params, res, reply);
    const found = findMethod(method);
    if (found === undefined) return reply(failure(404, 'Not Found: method not found'));
    if (limited) {
      const admission = rate.admit(token, chatId, now());
      if (!admission.ok) return reply(floodWait(admission.retryAfter));
    }
    const outcome = found.handle({ bot, method: found.name, params, now: now(), users });
    if (outcome.ok && limited && chatId !== undefined) rate.delivered(token, chatId, now());
    if (effect?.kind === 'late' && !(await pause(effect.ms))) return cut(res);
    return reply(outcome);
  }

  async function getUpdates(bot: BotState, params: CallParams, res: ServerResponse, reply: (outcome: ApiOutcome) => CallStatus): Promise<CallStatus> {
    if (bot.webhookUrl !== '') return reply(WEBHOOK_ACTIVE);
    const allowed = objectParam(params.fields.allowed_updates);
    if (allowed.ok && Array.isArray(allowed.value)) bot.allowUpdates(allowed.value.filter((kind): kind is string => typeof kind === 'string'));
    const offset = intParam(params.fields.offset);
    const limit = Math.min(100, Math.max(1, intParam(params.fields.limit) ?? 100));
    // Fractional seconds are accepted (Telegram wants whole ones) so tests can poll briefly;
    // the cap keeps setTimeout away from its 2^31 ms overflow.
    const timeoutSeconds = Math.min(3600, Math.max(0, Number(params.fields.timeout ?? 0) || 0));
    // Any newer getUpdates, held or not, ends the one already waiting.
    polls.supersede(bot.token);
    if (offset !== undefined) bot.confirm(offset);
    const ready = bot.take(limit, now());
    if (ready.length > 0 || timeoutSeconds === 0) return reply(success(ready));
    const hangup = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) hangup.abort();
    });
    const end = await polls.hold(bot.token, timeoutSeconds * 1000, () => bot.take(limit, now()), hangup.signal);
    const quiet = silence ?? (botOutages.get(bot.token)?.mode === 'silent' ? (botOutages.get(bot.token)?.silence ?? null) : null);
    if (quiet !== null && end.kind !== 'aborted') return silently(res, quiet);
    switch (end.kind) {
      case 'updates':
        return reply(success(end.updates));
      case 'conflict':
        return reply(CONFLICT);
      case 'aborted':
        return 'aborted';
      case 'cut':
        return cut(res);
    }
  }

  /** No answer until the silent outage ends (or the fake closes), then the connection is cut. */
  async function silently(res: ServerResponse, quiet: Silence): Promise<CallStatus> {
    await Promise.race([quiet.over, new Promise((resolve) => shutdown.signal.addEventListener('abort', resolve, { once: true }))]);
    return cut(res);
  }

  async function pause(ms: number): Promise<boolean> {
    try {
      await delay(ms, undefined, { signal: shutdown.signal });
      return true;
    } catch {
      return false;
    }
  }

  /** A deleted account does nothing any more; a user who acts exists. */
  function active(user: FakeUser): FakeUser {
    if (users.deactivated.has(user.id)) throw new Error(`fake-telegram: user ${user.id} deleted their account`);
    users.known.add(user.id);
    return user;
  }

  function botFor(token: string): BotState {
    const bot = bots.get(token);
    if (bot === undefined) throw new Error(`fake-telegram: no bot with token ${token}; call addBot first`);
    return bot;
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    addBot(spec) {
      if (bots.has(spec.token)) throw new Error(`fake-telegram: bot ${spec.id} was already added`);
      bots.set(spec.token, new BotState(spec, () => polls.wake(spec.token), now));
    },
    sendStart: (token, user, payload) => userStart(botFor(token), active(user), payload, now()),
    sendText: (token, user, text) => userText(botFor(token), active(user), text, now()),
    pressButton: (token, user, data, messageId) => userPress(botFor(token), active(user), data, messageId),
    blockBot: (token, user) => userBlock(botFor(token), active(user), now()),
    unblockBot: (token, user) => userUnblock(botFor(token), active(user), now()),
    addUser(user) {
      users.known.add(user.id);
    },
    deactivateUser(user) {
      users.known.add(user.id);
      users.deactivated.add(user.id);
    },
    enqueueRaw: (token, update) => botFor(token).enqueue(update),
    redeliver: (token, updateId) => botFor(token).redeliver(updateId),
    pay: (token, user, invoice, options = {}) => userPay(botFor(token), active(user), invoice, options, now, shutdown.signal),
    redeliverPayment(token, chargeId) {
      const bot = botFor(token);
      const charge = bot.stars.charges.get(chargeId);
      if (charge === undefined) throw new Error(`fake-telegram: no payment with charge id ${chargeId}`);
      bot.redeliver(charge.paymentUpdateId);
    },
    sent(token, chatId) {
      const all = botFor(token).sent;
      return chatId === undefined ? [...all] : all.filter((m) => m.chatId === chatId);
    },
    calls: (token, method) => log.list(token, method),
    invoices(token, chatId) {
      const all = botFor(token).stars.invoices;
      return chatId === undefined ? [...all] : all.filter((invoice) => invoice.chatId === chatId);
    },
    preCheckoutAnswers: (token) => [...botFor(token).stars.answers],
    starTransactions: (token) => [...botFor(token).stars.transactions],
    answeredCallbacks: (token) => [...botFor(token).answered],
    callbackAnswers: (token) => {
      const bot = botFor(token);
      return bot.answered.map((id) => {
        const text = bot.answerTexts.get(id);
        return text === undefined ? { id } : { id, text };
      });
    },
    confirmedOffset: (token) => botFor(token).confirmedOffset,
    pendingUpdates: (token) => botFor(token).pending(),
    handedOutAt: (token, updateId) => botFor(token).firstHandedOut.get(updateId),
    isPolling: (token) => polls.has(token),
    webhookUrl: (token) => botFor(token).webhookUrl,
    fault: (token, fault) => faults.add(token, fault),
    clearFaults: (token) => faults.clear(token),
    setOutage(down, mode = 'cut') {
      outage = down;
      if (!down) {
        silence?.end();
        silence = null;
      }
      if (down && mode === 'silent') {
        silence ??= newSilence();
      } else if (down) {
        // A network cut also kills the polls in flight and the idle keep-alive connections.
        polls.cutAll();
        server.closeIdleConnections();
      }
    },
    setBotOutage(token, down, mode = 'cut') {
      botFor(token);
      botOutages.get(token)?.silence.end();
      botOutages.delete(token);
      if (!down) return;
      botOutages.set(token, { mode, silence: newSilence() });
      // A cut also ends the bot's poll in flight; a silent outage leaves it hanging (see getUpdates).
      if (mode === 'cut') polls.cut(token);
    },
    setRateLimit(on) {
      rateLimit = on;
    },
    count429: (token) => rate.count429(token),
    close() {
      closing ??= new Promise<void>((resolve) => {
        polls.cutAll();
        shutdown.abort();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** A silent outage: answers wait for `over`, which resolves when it ends. */
interface Silence {
  over: Promise<void>;
  end: () => void;
}

function newSilence(): Silence {
  let end = (): void => undefined;
  const over = new Promise<void>((resolve) => (end = resolve));
  return { over, end };
}

/** Method names are case-insensitive; log them the way the docs spell them. */
function canonical(requested: string): string {
  if (requested.toLowerCase() === 'getupdates') return 'getUpdates';
  return findMethod(requested)?.name ?? requested;
}

/** The retry_after each 429 carried, for the call log. */
const toldToWait = new WeakMap<ServerResponse, number>();

function write(res: ServerResponse, outcome: ApiOutcome): CallStatus {
  if (!outcome.ok && outcome.retryAfter !== undefined) toldToWait.set(res, outcome.retryAfter);
  const { status, body } = envelope(outcome);
  const json = JSON.stringify(body);
  if (!res.destroyed) {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }
  return outcome.ok ? 'ok' : outcome.code;
}

/** Like a network cut: the client sees the connection die with no answer. */
function cut(res: ServerResponse): CallStatus {
  res.socket?.destroy();
  res.destroy();
  return 'dropped';
}
