import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { renderText } from '../../../shared/i18n/error-text';
import { problemOf } from '../../../shared/i18n/problems';
import { PIX_EXPIRY_MINUTES, setPixGatewaySchema, type PixGatewayView } from '../../../shared/pix-gateway';
import { currentLocale, useI18n } from '../i18n/i18n';
import { call, errorText } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

const MERCADO_PAGO = 'https://api.mercadopago.com';

interface Fields {
  readonly token: string;
  readonly address: string;
  readonly expiry: string;
}

/**
 * The PIX gateway in Settings: the access token (never shown back, only its hint), an
 * optional other address, how long a charge lasts, "Test connection" (what is typed, or the
 * saved gateway when no token is typed), save (the engine saves only a token the gateway
 * accepts) and disconnect; and the gateway's last failure, read again when the engine says.
 */
export function PixGatewaySettings(): ReactElement {
  const { t, dateTime } = useI18n();
  const [gateway, setGateway] = useState<PixGatewayView | null>(null);
  const [fields, setFields] = useState<Fields>({ token: '', address: '', expiry: String(PIX_EXPIRY_MINUTES.default) });
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void call('getPixGateway').then(
      (view) => {
        setGateway(view);
        if (view !== null) setFields((current) => ({ ...current, address: view.baseUrl === MERCADO_PAGO ? '' : view.baseUrl, expiry: String(view.expiryMinutes) }));
      },
      (error: unknown) => setNotice({ kind: 'error', text: errorText(error, currentLocale()) }),
    );
    // A failure, a good answer, or another console's change: the view only, never what is being typed.
    return refreshOnEngineEvents(['pixGateway.changed'], 200, () => void call('getPixGateway').then(setGateway, () => undefined));
  }, []);

  const address = fields.address.trim();
  const input = setPixGatewaySchema.safeParse({
    kind: 'mercado_pago',
    accessToken: fields.token,
    ...(address === '' ? {} : { baseUrl: address }),
    expiryMinutes: Number(fields.expiry),
  });
  const problem = input.success || fields.token === '' ? null : (input.error.issues[0] ?? null);

  const run = async (work: () => Promise<string>): Promise<void> => {
    setBusy(true);
    setNotice(null);
    try {
      setNotice({ kind: 'ok', text: await work() });
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error, currentLocale()) });
    } finally {
      setBusy(false);
    }
  };
  const save = (event: FormEvent): void => {
    event.preventDefault();
    if (!input.success) return;
    void run(async () => {
      setGateway(await call('setPixGateway', input.data));
      setFields({ ...fields, token: '' });
      return t('pix.settings.saved');
    });
  };
  const test = (): void => {
    void run(async () => {
      await call('testPixGateway', input.success ? { kind: input.data.kind, accessToken: input.data.accessToken, ...(address === '' ? {} : { baseUrl: address }) } : undefined);
      return t('pix.settings.tested');
    });
  };
  const remove = (): void => {
    void run(async () => {
      await call('removePixGateway');
      setGateway(null);
      return t('pix.settings.removed');
    });
  };

  const field = (name: keyof Fields, label: string, help: string | null, type: 'password' | 'text' = 'text'): ReactElement => (
    <div className="setting-field">
      <label htmlFor={`pix-${name}`}>{label}</label>
      <input
        id={`pix-${name}`}
        type={type}
        autoComplete="off"
        inputMode={name === 'expiry' ? 'numeric' : undefined}
        value={fields[name]}
        aria-describedby={help === null ? undefined : `pix-${name}-help`}
        onChange={(event) => {
          setFields({ ...fields, [name]: event.target.value });
          setNotice(null);
        }}
      />
      {help !== null && (
        <p id={`pix-${name}-help`} className="muted">
          {help}
        </p>
      )}
    </div>
  );

  return (
    <form className="settings-group" aria-labelledby="pix-settings-title" onSubmit={save}>
      <h4 id="pix-settings-title">{t('pix.settings')}</h4>
      <p className="muted">{t('pix.settings.help')}</p>
      <p role="status">
        {gateway === null ? t('pix.settings.notConnected') : t('pix.settings.connected', { hint: gateway.tokenHint, address: gateway.baseUrl, minutes: gateway.expiryMinutes })}
      </p>
      {gateway?.lastFailure != null && (
        <div className={gateway.answeredAt === null ? 'field-error' : 'muted'} role={gateway.answeredAt === null ? 'alert' : undefined}>
          <p>{t('pix.settings.lastFailure', { time: dateTime(gateway.lastFailure.at), reason: renderText(currentLocale(), gateway.lastFailure.text) })}</p>
          <p>{gateway.answeredAt === null ? t('pix.settings.notAnsweredSince') : t('pix.settings.answeredSince', { time: dateTime(gateway.answeredAt) })}</p>
        </div>
      )}
      {field('token', t('pix.settings.token'), t('pix.settings.token.help'), 'password')}
      {field('address', t('pix.settings.address'), t('pix.settings.address.help', { address: MERCADO_PAGO }))}
      {field('expiry', t('pix.settings.expiry'), null)}
      <p className="muted">{t('pix.settings.payer')}</p>
      {problem !== null && (
        <p className="field-error" role="alert">
          {renderText(currentLocale(), problemOf(problem).text)}
        </p>
      )}
      <div className="settings-actions">
        <button type="button" disabled={busy || (gateway === null && !input.success)} onClick={test}>
          {t('pix.settings.test')}
        </button>
        <button type="submit" disabled={busy || !input.success}>
          {t('pix.settings.save')}
        </button>
        {gateway !== null && (
          <button type="button" disabled={busy} onClick={remove}>
            {t('pix.settings.remove')}
          </button>
        )}
      </div>
      {notice !== null && (
        <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </form>
  );
}
