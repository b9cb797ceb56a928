import type { ReactElement } from 'react';
import { isWholeField, type NumberField } from '../logic/settings-numbers';

/** One number of the Settings form, with its error under it. */
export function SettingNumberInput({
  field,
  label,
  value,
  error,
  onChange,
}: {
  field: NumberField;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}): ReactElement {
  const id = `setting-${field}`;
  const whole = isWholeField(field);
  return (
    <div className="setting-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode={whole ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={value}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : `${id}-error`}
        onChange={(event) => onChange(event.target.value)}
      />
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
