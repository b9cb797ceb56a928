import { settingsSchema, type Settings } from '../../../shared/settings';
import { decimalText } from './settings-input';

/** The number fields of Settings: whole numbers (health, the campaign cap) and decimals (the money at stake). */
export const HEALTH_FIELDS = ['downGraceSeconds', 'downAfterFailures', 'recoverAfterSamples', 'probeSeconds', 'alertRepeatMinutes'] as const;
export const WHOLE_FIELDS = [...HEALTH_FIELDS, 'campaignCapHours'] as const;
export const DECIMAL_FIELDS = ['averageTicket', 'conversionRatePercent'] as const;
export type WholeField = (typeof WHOLE_FIELDS)[number];
export type DecimalField = (typeof DECIMAL_FIELDS)[number];
export type NumberField = WholeField | DecimalField;
/** The number fields in the order the form shows them: a failed save focuses the first wrong one. */
export const FORM_ORDER: readonly NumberField[] = [...HEALTH_FIELDS, 'averageTicket', 'conversionRatePercent', 'campaignCapHours'];

/** The limits come from the shared schema, so the console checks exactly what the engine will. */
export function bounds(field: NumberField): { min: number; max: number } {
  const schema = field === 'averageTicket' || field === 'conversionRatePercent' ? settingsSchema.shape[field].unwrap() : settingsSchema.shape[field];
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

export function numberTexts(settings: Settings): Record<NumberField, string> {
  return {
    downGraceSeconds: String(settings.downGraceSeconds),
    downAfterFailures: String(settings.downAfterFailures),
    recoverAfterSamples: String(settings.recoverAfterSamples),
    probeSeconds: String(settings.probeSeconds),
    alertRepeatMinutes: String(settings.alertRepeatMinutes),
    campaignCapHours: String(settings.campaignCapHours),
    averageTicket: decimalText(settings.averageTicket),
    conversionRatePercent: decimalText(settings.conversionRatePercent),
  };
}

export const EMPTY_NUMBERS: Record<NumberField, string> = {
  downGraceSeconds: '',
  downAfterFailures: '',
  recoverAfterSamples: '',
  probeSeconds: '',
  alertRepeatMinutes: '',
  campaignCapHours: '',
  averageTicket: '',
  conversionRatePercent: '',
};

export function isWholeField(field: NumberField): field is WholeField {
  return (WHOLE_FIELDS as readonly string[]).includes(field);
}
