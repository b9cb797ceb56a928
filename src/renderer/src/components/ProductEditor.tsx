import { useState, type FormEvent, type ReactElement } from 'react';
import type { Product } from '../../../shared/products';
import { currentLocale, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import type { FieldProblem } from '../logic/campaign-logic';
import { draftProblems, engineProblems, fieldOf, PRODUCT_FIELDS, productInputOf, type ProductDraft, type ProductField } from '../logic/product-logic';
import { CallError, call, errorText } from '../transport/client';
import { useNavStore } from '../state/nav-store';
import { MessageEditor } from './MessageEditor';
import { TelegramPreview } from './TelegramPreview';
import { usePixGateway } from './use-pix-gateway';

/** The element a field's problem sends focus to (the delivery's is its text, the MessageEditor's textarea). */
const fieldId = (field: ProductField): string => (field === 'delivery' ? 'text-product-delivery' : `product-${field}`);

interface Props {
  /** Null for a new product. */
  readonly productId: number | null;
  readonly initial: ProductDraft;
  readonly onSaved: (product: Product) => void;
  readonly onCancel: () => void;
}

/** One text field of the product, with its problem under it. */
function Field({
  field,
  label,
  hint,
  value,
  problem,
  onChange,
}: {
  field: ProductField;
  label: string;
  hint?: string;
  value: string;
  problem: string | undefined;
  onChange: (value: string) => void;
}): ReactElement {
  const id = fieldId(field);
  const described = [problem === undefined ? null : `${id}-error`, hint === undefined ? null : `${id}-hint`].filter((part) => part !== null).join(' ');
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        autoComplete="off"
        inputMode={field === 'priceCents' ? 'decimal' : field === 'priceStars' ? 'numeric' : undefined}
        value={value}
        aria-invalid={problem !== undefined}
        aria-describedby={described === '' ? undefined : described}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint !== undefined && (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      )}
      {problem !== undefined && (
        <p id={`${id}-error`} className="field-error">
          {problem}
        </p>
      )}
    </>
  );
}

/** Creates or edits a product: name, description, the PIX and Stars prices, the delivery message with its preview. */
export function ProductEditor({ productId, initial, onSaved, onCancel }: Props): ReactElement {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<ProductDraft>(initial);
  /** After a first save attempt the fields are checked as the operator types. */
  const [tried, setTried] = useState(false);
  /** What the engine refused, until the next edit. */
  const [refused, setRefused] = useState<readonly FieldProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const pix = usePixGateway();
  const go = useNavStore((state) => state.go);
  const problems = refused.length > 0 ? refused : tried ? draftProblems(draft, locale) : [];
  const problemAt = (field: ProductField): string | undefined => problems.find((problem) => fieldOf(problem) === field)?.message;
  const deliveryProblems = problems.flatMap((problem) =>
    problem.path === 'delivery'
      ? [{ path: 'text', message: problem.message }]
      : problem.path.startsWith('delivery.')
        ? [{ path: problem.path.slice('delivery.'.length), message: problem.message }]
        : [],
  );
  const edit = (patch: Partial<ProductDraft>): void => {
    setDraft((current) => ({ ...current, ...patch }));
    setRefused([]);
  };
  const focusFirst = (found: readonly FieldProblem[]): void => {
    const first = PRODUCT_FIELDS.find((field) => found.some((problem) => fieldOf(problem) === field));
    if (first !== undefined) document.getElementById(fieldId(first))?.focus();
  };

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTried(true);
    setFailure(null);
    const found = draftProblems(draft, locale);
    if (found.length > 0) {
      setFailure(t('products.fields'));
      focusFirst(found);
      return;
    }
    try {
      onSaved(await call('saveProduct', { productId, product: productInputOf(draft) }));
    } catch (error) {
      const atFields = error instanceof CallError ? engineProblems(error.text, currentLocale()) : [];
      setRefused(atFields);
      setFailure(atFields.length > 0 ? t('products.fields') : errorText(error, currentLocale()));
      focusFirst(atFields);
    }
  };
  const title: MessageKey = productId === null ? 'products.editor.new' : 'products.editor.edit';

  return (
    <form className="welcome-editor" aria-label={t(title, { name: initial.name })} noValidate onSubmit={(event) => void save(event)}>
      <div className="welcome-fields">
        <h2>{t(title, { name: initial.name })}</h2>
        <Field field="name" label={t('products.name')} value={draft.name} problem={problemAt('name')} onChange={(name) => edit({ name })} />
        <Field
          field="description"
          label={t('products.description')}
          value={draft.description}
          problem={problemAt('description')}
          onChange={(description) => edit({ description })}
        />
        <Field
          field="priceCents"
          label={t('products.reais')}
          hint={t('products.reais.hint')}
          value={draft.reais}
          problem={problemAt('priceCents')}
          onChange={(reais) => edit({ reais })}
        />
        {pix.loaded && pix.gateway === null && (
          <p className="warning">
            {t('pix.product.noGateway')}{' '}
            <button type="button" className="link" onClick={() => go('settings')}>
              {t('pix.product.openSettings')}
            </button>
          </p>
        )}
        <Field
          field="priceStars"
          label={t('products.stars')}
          hint={t('products.stars.hint')}
          value={draft.stars}
          problem={problemAt('priceStars')}
          onChange={(stars) => edit({ stars })}
        />
        <p className="muted">{t('products.stars.running')}</p>
        <p className="muted">{t('products.stars.digital')}</p>
        <fieldset>
          <legend>{t('products.delivery')}</legend>
          <MessageEditor
            idPrefix="product-delivery"
            value={draft.delivery}
            onChange={(change) => {
              setDraft((current) => ({ ...current, delivery: { ...current.delivery, ...change(current.delivery) } }));
              setRefused([]);
            }}
            errors={deliveryProblems}
            onError={(error) => setFailure(errorText(error, currentLocale()))}
          />
        </fieldset>
        <div className="row">
          <button type="submit">{t('products.save')}</button>
          <button type="button" onClick={onCancel}>
            {t('products.cancel')}
          </button>
        </div>
        {failure !== null && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
      </div>
      <TelegramPreview welcome={draft.delivery} label={t('products.delivery.preview')} />
    </form>
  );
}
