export { startFakeTelegram } from './server';
export { fakeToken } from './state';
export type {
  CallRecord,
  CallStatus,
  FakeBotSpec,
  FakeTelegram,
  FakeTelegramOptions,
  FakeUser,
  Fault,
  FaultKind,
  MediaKind,
  MediaSource,
  PayOptions,
  PayResult,
  RawUpdate,
  ReplyMarkup,
  SentInvoice,
  SentMedia,
  SentMessage,
} from './types';
