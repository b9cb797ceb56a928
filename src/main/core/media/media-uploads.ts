import { randomBytes } from 'node:crypto';
import { closeSync, constants, copyFileSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MEDIA_CHUNK_BYTES, MEDIA_MAX_BYTES } from '../../../shared/media';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { addMediaFile, errorCode, mediaFolder, tooLarge } from './media-folder';

interface OpenUpload {
  readonly partial: string;
  readonly fd: number;
  readonly fileName: string;
  readonly size: number;
  received: number;
}

/** Uploads in progress at once; a new one beyond this drops the oldest (an abandoned tab). */
const MAX_OPEN = 4;

/**
 * Files the console uploads into the media folder, in chunks small enough for one WebSocket
 * message each. Bytes go to a hidden partial file (a name no welcome can use) and become a
 * media file only when the last byte arrived.
 */
export class MediaUploads {
  private readonly open = new Map<string, OpenUpload>();
  private readonly incoming: string;
  private leftoversCleared = false;

  constructor(private readonly dataDir: string) {
    this.incoming = join(mediaFolder(dataDir), '.incoming');
  }

  begin(fileName: string, size: number): { uploadId: string } {
    if (size > MEDIA_MAX_BYTES) throw tooLarge(size);
    while (this.open.size >= MAX_OPEN) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      this.discard(oldest);
    }
    if (!this.leftoversCleared) {
      // Partial files of a run that ended mid-upload can never be finished.
      rmSync(this.incoming, { recursive: true, force: true });
      this.leftoversCleared = true;
    }
    mkdirSync(this.incoming, { recursive: true, mode: 0o700 });
    const uploadId = randomBytes(16).toString('hex');
    const partial = join(this.incoming, uploadId);
    this.open.set(uploadId, { partial, fd: openSync(partial, 'wx', 0o600), fileName, size, received: 0 });
    return { uploadId };
  }

  /** Appends one chunk at `offset` (the bytes received so far); returns the media file's name once complete. */
  append(uploadId: string, offset: number, contentBase64: string): { received: number; fileName: string | null } {
    const upload = this.open.get(uploadId);
    if (upload === undefined) throw new BotdeckError('MEDIA_UPLOAD_FAILED', text('media.uploadUnknown', {}));
    const bytes = Buffer.from(contentBase64, 'base64');
    if (offset !== upload.received) {
      throw new BotdeckError('MEDIA_UPLOAD_FAILED', text('media.uploadOffset', { expected: upload.received, offset }));
    }
    if (bytes.length === 0 || bytes.length > MEDIA_CHUNK_BYTES || offset + bytes.length > upload.size) {
      this.discard(uploadId);
      throw new BotdeckError('BAD_INPUT', text('input.chunk', { max: MEDIA_CHUNK_BYTES, size: upload.size, held: bytes.length, offset }));
    }
    try {
      writeSync(upload.fd, bytes, 0, bytes.length, offset);
    } catch (error) {
      this.discard(uploadId);
      throw new BotdeckError('MEDIA_UPLOAD_FAILED', text('media.uploadWriteFailed', { detail: error instanceof Error ? error.message : String(error) }), { cause: error });
    }
    upload.received += bytes.length;
    if (upload.received < upload.size) return { received: upload.received, fileName: null };
    return { received: upload.received, fileName: this.finish(uploadId, upload) };
  }

  private finish(uploadId: string, upload: OpenUpload): string {
    try {
      fsyncSync(upload.fd);
      return addMediaFile(this.dataDir, upload.fileName, (target) => {
        try {
          linkSync(upload.partial, target);
        } catch (error) {
          // Some file systems (FAT, some network shares) have no hard links.
          if (errorCode(error) === 'EEXIST') throw error;
          copyFileSync(upload.partial, target, constants.COPYFILE_EXCL);
        }
      });
    } finally {
      this.discard(uploadId);
    }
  }

  private discard(uploadId: string): void {
    const upload = this.open.get(uploadId);
    if (upload === undefined) return;
    this.open.delete(uploadId);
    closeSync(upload.fd);
    unlinkSync(upload.partial);
  }
}
