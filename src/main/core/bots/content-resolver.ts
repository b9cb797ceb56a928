import type { DeliveryKind } from '../../../shared/leads';
import type { PreparedContent } from './send-content';

/** One delivery as the sender asks about it. */
export interface ContentRequest {
  readonly botId: number;
  readonly kind: DeliveryKind;
  /** The content stored with the delivery (a broadcast's), or null for one that sends what its kind stands for. */
  readonly content: string | null;
}

export interface ResolvedContent {
  readonly prepared: PreparedContent;
  /** Telegram stored the media this content uploaded under a file_id: later sends reuse it instead of uploading again. */
  readonly uploaded: (fileId: string) => void;
}

/**
 * Where the sender gets what to send: handed in by whoever owns the content (the welcome
 * service for welcomes, campaigns for theirs), so the sender never reaches back up for it.
 * Throws a coded error when the content cannot be sent; the sender records it as the
 * delivery's failure.
 */
export interface ContentResolver {
  resolve(request: ContentRequest): ResolvedContent;
}
