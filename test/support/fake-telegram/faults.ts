import type { Fault } from './types';
import type { ApiOutcome } from './outcome';
import { failure } from './outcome';

/** What a fault turns a call into; 'latency' goes on to normal handling after the wait. */
export type FaultEffect =
  { kind: 'answer'; outcome: ApiOutcome; delayMs: number } | { kind: 'drop' } | { kind: 'delay'; ms: number } | { kind: 'lose_answer' } | { kind: 'late'; ms: number };

interface Rule {
  fault: Fault;
  methods: Set<string> | undefined;
  remaining: number;
}

/** Fault rules per token: the first matching rule wins and uses up one of its `times`. */
export class FaultRules {
  private readonly rules = new Map<string, Rule[]>();

  add(token: string, fault: Fault): void {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new Error(`fake-telegram: fault times must be a positive integer, got ${fault.times}`);
    }
    const rule: Rule = {
      fault,
      methods: fault.methods === undefined ? undefined : new Set(fault.methods.map((m) => m.toLowerCase())),
      remaining: fault.times ?? Infinity,
    };
    const list = this.rules.get(token);
    if (list === undefined) this.rules.set(token, [rule]);
    else list.push(rule);
  }

  clear(token?: string): void {
    if (token === undefined) this.rules.clear();
    else this.rules.delete(token);
  }

  /** Consumes the first rule matching this call, if any; `fields` gives the call's parameters as text. */
  take(token: string, method: string, chatId: number | undefined, fields: () => string): FaultEffect | undefined {
    const list = this.rules.get(token);
    if (list === undefined) return undefined;
    const index = list.findIndex((rule) => matches(rule, method, chatId, fields));
    const rule = list[index];
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) list.splice(index, 1);
    const effect = effectOf(rule.fault);
    return effect.kind === 'answer' ? { ...effect, delayMs: rule.fault.ms ?? 0 } : effect;
  }
}

function matches(rule: Rule, method: string, chatId: number | undefined, fields: () => string): boolean {
  if (rule.methods !== undefined && !rule.methods.has(method.toLowerCase())) return false;
  if (rule.fault.chatIds !== undefined && (chatId === undefined || !rule.fault.chatIds.includes(chatId))) return false;
  if (rule.fault.contains !== undefined && !fields().includes(rule.fault.contains)) return false;
  return true;
}

function effectOf(fault: Fault): FaultEffect | { kind: 'answer'; outcome: ApiOutcome } {
  switch (fault.kind) {
    case 'unauthorized':
      return { kind: 'answer', outcome: failure(401, 'Unauthorized') };
    case 'conflict':
      return { kind: 'answer', outcome: CONFLICT };
    case 'flood': {
      const seconds = fault.retryAfter ?? 1;
      return { kind: 'answer', outcome: floodWait(seconds) };
    }
    case 'forbidden':
      return { kind: 'answer', outcome: BLOCKED };
    case 'user_deactivated':
      return { kind: 'answer', outcome: DEACTIVATED };
    case 'cant_initiate':
      return { kind: 'answer', outcome: CANT_INITIATE };
    case 'chat_not_found':
      return { kind: 'answer', outcome: CHAT_NOT_FOUND };
    case 'server_error':
      return { kind: 'answer', outcome: failure(500, 'Internal Server Error') };
    case 'latency':
      return { kind: 'delay', ms: fault.ms ?? 100 };
    case 'drop':
      return { kind: 'drop' };
    case 'answer_lost':
      return { kind: 'lose_answer' };
    case 'late_answer':
      return { kind: 'late', ms: fault.ms ?? 100 };
    case 'bad_request':
      return { kind: 'answer', outcome: failure(400, fault.description ?? 'Bad Request: BUTTON_URL_INVALID') };
  }
}

export const CONFLICT = failure(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
export const BLOCKED = failure(403, 'Forbidden: bot was blocked by the user');
export const DEACTIVATED = failure(403, 'Forbidden: user is deactivated');
export const CANT_INITIATE = failure(403, "Forbidden: bot can't initiate conversation with a user");
export const WEBHOOK_ACTIVE = failure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
export const CHAT_NOT_FOUND = failure(400, 'Bad Request: chat not found');

export function floodWait(seconds: number): ApiOutcome {
  return failure(429, `Too Many Requests: retry after ${seconds}`, seconds);
}
