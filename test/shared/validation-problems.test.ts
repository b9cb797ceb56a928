import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { buttonsSchema, validateWelcome } from '../../src/shared/welcome';
import { renderText, type ErrorText, type Problem } from '../../src/shared/i18n/error-text';
import { problemOf, problemsOf, says } from '../../src/shared/i18n/problems';
import { callResultSchema } from '../../src/shared/ws-protocol';
import { z } from 'zod';

const handlers = createHandlers(refusedCore({ dataDir: '/nonexistent/botdeck', appVersion: '1.0.0' }, new Error('not opened in this test')), 'linux');

describe('validation problems', () => {
  it('come back from a call as problems at their fields, rendered in pt-BR with no call name and no field path', async () => {
    const result = await dispatch(handlers, 'addAlertChannel', { name: ' ', config: { kind: 'desktop' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_INPUT');
    expect(result.error.text).toEqual({ key: 'input.invalid', params: { problems: [{ path: 'name', text: { key: 'validation.channel.nameMissing', params: {} } }] } });
    const shown = renderText('pt-BR', result.error.text);
    expect(shown).toBe('Dê um nome ao canal.');
    expect(result.error.message).toBe('Give the channel a name.');
    // What crosses the headless protocol is checked by its schema, problems included.
    expect(callResultSchema.parse(result)).toEqual(result);
  });

  it('carry a schema message’s parameters, and render each in both languages', () => {
    const parsed = buttonsSchema.safeParse([[]]);
    expect(parsed.success).toBe(false);
    const problems = parsed.success ? [] : problemsOf(parsed.error);
    expect(problems).toEqual([{ path: '0', text: { key: 'validation.welcome.rowEmpty', params: { row: 1 } } }]);
    const text: ErrorText = { key: 'input.invalid', params: { problems } };
    expect(renderText('en', text)).toBe('Row 1 has no buttons. Add one or remove the row.');
    expect(renderText('pt-BR', text)).toBe('A linha 1 não tem botões. Adicione um ou remova a linha.');
  });

  it('say zod’s own checks with a general text and its limit or expected kind', () => {
    const tooLong = z.string().max(3).safeParse('abcd');
    const wrongKind = z.string().safeParse(5);
    const issues = [...(tooLong.error?.issues ?? []), ...(wrongKind.error?.issues ?? [])];
    expect(issues.map((issue) => problemOf(issue).text)).toEqual([
      { key: 'validation.tooBig', params: { max: 3 } },
      { key: 'validation.wrongType', params: { expected: 'string' } },
    ]);
    expect(renderText('pt-BR', { key: 'validation.tooBig', params: { max: 3 } })).toBe('Isto passa do limite de 3.');
  });

  it('read a message the schemas wrote with says(), and refuse a malformed problem list on the protocol', () => {
    const issue = z
      .string()
      .refine(() => false, { error: says('validation.channel.nameTooLong', { max: 60 }) })
      .safeParse('x').error?.issues[0];
    expect(issue && problemOf(issue).text).toEqual({ key: 'validation.channel.nameTooLong', params: { max: 60 } });
    const malformed: { path: number; text: ErrorText }[] = [{ path: 1, text: { key: 'validation.invalid', params: {} } }];
    const refused = { ok: false, error: { code: 'BAD_INPUT', text: { key: 'input.invalid', params: { problems: malformed } }, message: 'x' } };
    expect(callResultSchema.safeParse(refused).success).toBe(false);
    const accepted: Problem[] = [{ path: '', text: { key: 'validation.invalid', params: {} } }];
    expect(callResultSchema.safeParse({ ...refused, error: { ...refused.error, text: { key: 'input.invalid', params: { problems: accepted } } } }).success).toBe(true);
  });

  it('carry an HTML problem with its offset into the text, said in both languages', () => {
    const checked = validateWelcome({ text: 'Hello <b>there' });
    expect(checked.ok).toBe(false);
    const problem = checked.ok ? undefined : checked.errors[0];
    expect(problem).toEqual({ path: 'text', text: { key: 'html.neverClosed', params: { tag: 'b', at: 7 } }, offset: 6 });
    if (problem === undefined) return;
    expect(renderText('en', problem.text)).toBe('The tag <b> at character 7 is never closed. Add </b> where it should end.');
    expect(renderText('pt-BR', problem.text)).toBe('A tag <b> no caractere 7 nunca é fechada. Adicione </b> onde ela deve terminar.');
  });

  it('say a link problem inside an HTML problem in the same language', () => {
    const checked = validateWelcome({ text: '<a href="ftp://x">go</a>' });
    const text = checked.ok ? undefined : checked.errors[0]?.text;
    expect(text && renderText('pt-BR', text)).toBe(
      'Confira o link no caractere 1. Links que começam com “ftp:” não podem ser usados aqui; o endereço deve começar com https://, http://, tg:// ou mailto:.',
    );
  });

  it('are catalog keys in every shared schema: no message there is written out in words', () => {
    const dir = join(__dirname, '../../src/shared');
    // A message given as `error:`/`message:` or as a check's last argument, written as a literal.
    const literalMessage = /\b(?:error|message):\s*['"`]|\.(?:min|max|int|positive|nonnegative|regex|refine|url|length)\((?:[^()]|\([^()]*\))*,\s*['"`]/g;
    const found: string[] = [];
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const match of source.matchAll(literalMessage)) found.push(`${file}: ${match[0]}`);
    }
    expect(found).toEqual([]);
  });
});
