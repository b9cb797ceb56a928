import { renderText, type ErrorText } from './i18n/error-text';

/**
 * Every error that crosses a process boundary carries one of these codes and a message a
 * person can act on. The renderer switches on the code, never on the message.
 */
export const errorCodes = [
  'BAD_INPUT',
  'INTERNAL',
  'IPC_SENDER_REFUSED',
  'DATA_DIR_UNUSABLE',
  'STORE_NATIVE_MISSING',
  'STORE_MISSING',
  'STORE_MIGRATIONS_PENDING',
  'STORE_FUTURE_VERSION',
  'STORE_CORRUPT',
  'STORE_READ_ONLY',
  'STORE_DISK_FULL',
  'STORE_BUSY',
  'STORE_IO',
  'STORE_MIGRATION_FAILED',
  'STORE_BACKUP_FAILED',
  'STORE_SCHEMA_MISMATCH',
  'STORE_RESTORE_FAILED',
  'STORE_REPAIR_REFUSED',
  'STORE_REPAIR_FAILED',
  'BACKUP_FOLDER_UNUSABLE',
  'SECRET_UNREADABLE',
  'BOT_TOKEN_MALFORMED',
  'BOT_TOKEN_REJECTED',
  'BOT_DUPLICATE',
  'BOT_NOT_FOUND',
  'LEAD_NOT_FOUND',
  'BOTS_BLOCKED',
  'TELEGRAM_UNREACHABLE',
  'TELEGRAM_ERROR',
  'API_ROOT_CHANGE_UNCONFIRMED',
  'WELCOME_INVALID',
  'MEDIA_FILE_REFUSED',
  'MEDIA_FILE_MISSING',
  'MEDIA_TOO_LARGE',
  'MEDIA_UPLOAD_FAILED',
  'CHANNEL_NOT_FOUND',
  'CHANNEL_INVALID',
  'CHANNEL_FAILED',
  'INCIDENT_NOT_FOUND',
  'RECOVERY_NOTHING_TO_RECOVER',
  'RECOVERY_JOB_NOT_FOUND',
  'RECOVERY_JOB_FINISHED',
  'CAMPAIGN_NOT_FOUND',
  'CAMPAIGN_AUDIENCE_EMPTY',
  'CAMPAIGN_WRONG_STATUS',
  'FOLLOW_UP_STEP_NOT_FOUND',
  'FOLLOW_UP_SEQUENCE_EMPTY',
  'PRODUCT_NOT_FOUND',
  'PAYMENT_NOT_FOUND',
  'REFUND_REFUSED',
  'PIX_GATEWAY_NOT_SET',
  'PIX_CREDENTIALS_REFUSED',
  'PIX_GATEWAY_BUSY',
  'PIX_GATEWAY_UNREACHABLE',
  'PIX_GATEWAY_FAILED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * An error as it crosses a boundary: the code to switch on, the text to render in the
 * operator's language, and its English rendering for logs and the doctor's output.
 */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly text: ErrorText;
  readonly message: string;
}

/** An ErrorInfo for a text built outside the engine (the hosts' own refusals, the console's checks). */
export function errorInfoOf(code: ErrorCode, text: ErrorText): ErrorInfo {
  return { code, text, message: renderText('en', text) };
}
