import { useEffect, useState, type ReactElement } from 'react';
import type { FollowUpSequence, FollowUpStep } from '../../../shared/follow-ups';
import { FollowUpSettings } from '../components/FollowUpSettings';
import { FollowUpStepEditor, newStepDraft, type StepDraft } from '../components/FollowUpStepEditor';
import { useI18n, currentLocale } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { useBotProducts } from '../state/products-store';
import { call, errorText } from '../transport/client';

const DAY_MS = 86_400_000;

/** Which step the editor shows: a new one, one of the list, or none. */
type Editing = { readonly kind: 'new' } | { readonly kind: 'step'; readonly step: FollowUpStep } | null;

/** Per bot, the follow-up sequence: its steps with their figures, the editor, on/off, enrolling earlier leads, and the quiet hours. */
export function FollowUpsPage(): ReactElement {
  const { t, number } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const [botId, setBotId] = useState<number | null>(null);
  const [sequence, setSequence] = useState<FollowUpSequence | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [since, setSince] = useState(() => new Date(Date.now() - 7 * DAY_MS).toISOString().slice(0, 10));
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const chosen = botId ?? bots[0]?.id ?? null;
  const products = useBotProducts(chosen);

  const failed = (error: unknown): void => setNotice({ kind: 'error', text: errorText(error, currentLocale()) });
  const load = async (id: number): Promise<void> => {
    setSequence(await call('listFollowUps', { botId: id }));
  };
  useEffect(() => {
    if (chosen === null) return;
    const refresh = (): void => {
      call('listFollowUps', { botId: chosen }).then(setSequence, (error: unknown) => setNotice({ kind: 'error', text: errorText(error, currentLocale()) }));
    };
    refresh();
    // The figures move as the engine sends: a light refresh while the page is open.
    const timer = setInterval(refresh, 5000);
    return () => clearInterval(timer);
  }, [chosen]);

  if (chosen === null) return <p className="muted">{t('followups.noBots')}</p>;
  const act = async (action: () => Promise<FollowUpSequence>): Promise<void> => {
    try {
      setSequence(await action());
      setNotice(null);
    } catch (error) {
      failed(error);
    }
  };
  const saveStep = async (draft: StepDraft, stepId?: number): Promise<void> => {
    setSequence(
      await call('saveFollowUpStep', {
        botId: chosen,
        ...(stepId === undefined ? {} : { stepId }),
        delay: draft.delay,
        condition: draft.condition,
        message: draft.message,
        enabled: draft.enabled,
      }),
    );
    setEditing(null);
    setNotice({ kind: 'ok', text: t('followups.saved') });
  };
  const enroll = async (): Promise<void> => {
    try {
      const { enrolled } = await call('enrollExistingLeads', { botId: chosen, since: new Date(`${since}T00:00:00`).getTime() });
      setNotice({ kind: 'ok', text: t('followups.enrolled', { count: number(enrolled) }) });
      await load(chosen);
    } catch (error) {
      failed(error);
    }
  };
  const steps = sequence?.botId === chosen ? sequence.steps : [];

  return (
    <section aria-labelledby="followups-title">
      <h1 id="followups-title" tabIndex={-1}>
        {t('followups.title')}
      </h1>
      <div className="row">
        <label>
          {t('followups.bot')}{' '}
          <select value={chosen} onChange={(event) => setBotId(Number(event.target.value))}>
            {bots.map((bot) => (
              <option key={bot.id} value={bot.id}>
                @{bot.username}
              </option>
            ))}
          </select>
        </label>
        {sequence !== null && steps.length > 0 && (
          <label>
            <input type="checkbox" checked={sequence.enabled} onChange={(event) => void act(() => call('setFollowUpsEnabled', { botId: chosen, enabled: event.target.checked }))} />{' '}
            {t('followups.enabled')}
          </label>
        )}
        {sequence !== null && <span className="muted">{t('followups.active', { count: number(sequence.active) })}</span>}
      </div>
      <p className="muted">{t('followups.explain')}</p>
      {steps.length === 0 && <p className="muted">{t('followups.empty')}</p>}
      {steps.length > 0 && (
        <table className="table" aria-label={t('followups.steps')}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('followups.when')}</th>
              <th>{t('followups.message')}</th>
              <th>{t('followups.entered')}</th>
              <th>{t('followups.sent')}</th>
              <th>{t('followups.skipped')}</th>
              <th>{t('followups.clicked')}</th>
              <th>{t('followups.converted')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {steps.map((step, index) => {
              const skipped = Object.values(step.figures.skipped).reduce((sum, n) => sum + n, 0);
              return (
                <tr key={step.id} className={step.enabled ? undefined : 'muted'}>
                  <td>{index + 1}</td>
                  <td>
                    {t(`followups.after.${step.delay.unit}`, { count: number(step.delay.amount) })} · {t(`followups.condition.${step.condition}`)}
                    {!step.enabled && ` · ${t('followups.off')}`}
                  </td>
                  <td>{step.message.text.slice(0, 60)}</td>
                  <td>{number(step.figures.entered)}</td>
                  <td>{number(step.figures.sent)}</td>
                  <td
                    title={Object.entries(step.figures.skipped)
                      .map(([why, n]) => `${t(`followups.why.${why as keyof typeof step.figures.skipped}`)}: ${n}`)
                      .join(', ')}
                  >
                    {number(skipped)}
                  </td>
                  <td>{number(step.figures.clicked)}</td>
                  <td>{number(step.figures.converted)}</td>
                  <td className="row">
                    <button type="button" onClick={() => setEditing({ kind: 'step', step })}>
                      {t('followups.edit')}
                    </button>
                    <button type="button" disabled={index === 0} onClick={() => void act(() => call('moveFollowUpStep', { botId: chosen, stepId: step.id, direction: 'up' }))}>
                      {t('followups.up')}
                    </button>
                    <button
                      type="button"
                      disabled={index === steps.length - 1}
                      onClick={() => void act(() => call('moveFollowUpStep', { botId: chosen, stepId: step.id, direction: 'down' }))}
                    >
                      {t('followups.down')}
                    </button>
                    <button type="button" onClick={() => void act(() => call('removeFollowUpStep', { botId: chosen, stepId: step.id }))}>
                      {t('followups.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing === null && (
        <button type="button" onClick={() => setEditing({ kind: 'new' })}>
          {t('followups.add')}
        </button>
      )}
      {editing !== null && (
        <FollowUpStepEditor
          products={products}
          key={editing.kind === 'new' ? 'new' : editing.step.id}
          idPrefix={`followup-${editing.kind === 'new' ? 'new' : editing.step.id}`}
          initial={editing.kind === 'new' ? newStepDraft : editing.step}
          onSave={(draft) => saveStep(draft, editing.kind === 'new' ? undefined : editing.step.id)}
          onCancel={() => setEditing(null)}
        />
      )}
      {notice !== null && (
        <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      {steps.length > 0 && (
        <div className="row">
          <label>
            {t('followups.enrollSince')} <input type="date" value={since} onChange={(event) => setSince(event.target.value)} />
          </label>
          <button type="button" disabled={since === ''} onClick={() => void enroll()}>
            {t('followups.enroll')}
          </button>
        </div>
      )}
      <FollowUpSettings />
    </section>
  );
}
