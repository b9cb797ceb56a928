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
  RawUpdate,
  ReplyMarkup,
  SentMedia,
  SentMessage,
} from './types';
