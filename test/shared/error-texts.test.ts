import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { BotdeckError } from '../../src/main/core/errors';
import { alertsEn } from '../../src/shared/i18n/alerts.en';
import { alertsPtBR } from '../../src/shared/i18n/alerts.pt-BR';
import { errorText, renderText, textKeys, type ErrorText, type TextKey } from '../../src/shared/i18n/error-text';
import { errorsEn } from '../../src/shared/i18n/errors.en';
import { errorsPtBR } from '../../src/shared/i18n/errors.pt-BR';
import { validationEn } from '../../src/shared/i18n/validation.en';
import { validationPtBR } from '../../src/shared/i18n/validation.pt-BR';
import { callResultSchema } from '../../src/shared/ws-protocol';

const en: Readonly<Record<TextKey, string>> = { ...errorsEn, ...validationEn, ...alertsEn };
const ptBR: Readonly<Record<TextKey, string>> = { ...errorsPtBR, ...validationPtBR, ...alertsPtBR };

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

/** Every parameter a key names, filled with a sample that says which it is. */
function sample(key: TextKey): ErrorText {
  return { key, params: Object.fromEntries(placeholders(en[key]).map((name) => [name, `<${name}>`])) };
}

describe('the error and alert texts', () => {
  it('has every key in both languages, with the same parameters, and renders each with its parameters', () => {
    expect(textKeys.length).toBeGreaterThan(150);
    expect(Object.keys(ptBR).sort()).toEqual([...textKeys].sort());
    for (const key of textKeys) {
      expect(placeholders(ptBR[key]), key).toEqual(placeholders(en[key]));
      for (const locale of ['en', 'pt-BR'] as const) {
        const shown = renderText(locale, sample(key));
        expect(shown.trim(), `${locale} ${key}`).not.toBe('');
        expect(shown, `${locale} ${key}`).not.toMatch(/\{\w+\}/);
        for (const name of placeholders(en[key])) expect(shown, `${locale} ${key}`).toContain(`<${name}>`);
      }
    }
  });

  it('renders a cause given as a parameter in the same language', () => {
    const text = errorText('store.notOpen', { cannot: errorText('store.cannot.leads', {}) });
    expect(renderText('en', text)).toBe('The database is not open, so leads cannot be shown. See the store status in Settings.');
    expect(renderText('pt-BR', text)).toBe('O banco de dados não está aberto, então os leads não podem ser mostrados. Veja o estado do banco em Configurações.');
  });

  it('keeps the English rendering as the message of an engine error, for the logs and the doctor', () => {
    const error = new BotdeckError('BOT_DUPLICATE', errorText('bot.duplicate', { username: 'shop_bot' }));
    expect(error.message).toBe('@shop_bot is already in Botdeck.');
    expect(error.toInfo()).toEqual({ code: 'BOT_DUPLICATE', text: { key: 'bot.duplicate', params: { username: 'shop_bot' } }, message: '@shop_bot is already in Botdeck.' });
  });

  it('reaches the console from an engine call in Portuguese when the language is pt-BR', async () => {
    const handlers = createHandlers(refusedCore({ dataDir: '/nonexistent/botdeck', appVersion: '1.0.0' }, new Error('not opened in this test')), 'linux');
    const result = await dispatch(handlers, 'getSettings', undefined);
    // As the headless console receives it: JSON, checked against the protocol's schema.
    const received = callResultSchema.parse(JSON.parse(JSON.stringify(result)));
    expect(received.ok).toBe(false);
    if (received.ok) return;
    expect(renderText('pt-BR', received.error.text)).toBe(
      'O banco de dados não está aberto, então as configurações não podem ser lidas nem salvas. Veja o estado do banco em Configurações.',
    );
    expect(renderText('en', received.error.text)).toBe('The database is not open, so settings cannot be read or saved. See the store status in Settings.');
  });
});
