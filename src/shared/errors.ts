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
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}
