import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallName } from '../../src/shared/calls';
import type { Handlers } from '../../src/shared/contract';
import { MEDIA_CHUNK_BYTES, MEDIA_MAX_BYTES } from '../../src/shared/media';
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { resolveMediaFile } from '../../src/main/core/media/media-folder';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

/** The media calls need only the data folder, so a core without a store will do. */
function setup(): { dataDir: string; handlers: Handlers; call: (name: CallName, input: unknown) => ReturnType<typeof dispatch> } {
  const dataDir = tempDir();
  const handlers = createHandlers(refusedCore({ dataDir, appVersion: APP_VERSION }, new Error('no store in this test')), 'linux');
  return { dataDir, handlers, call: (name, input) => dispatch(handlers, name, input) };
}

async function begin(call: ReturnType<typeof setup>['call'], fileName: string, size: number): Promise<string> {
  const result = await call('beginMediaUpload', { fileName, size });
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { uploadId: string }).uploadId;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('uploading media', () => {
  it('refuses names that are locations, hidden, or not file names', async () => {
    const { call } = setup();
    for (const fileName of ['../secret.key', '/etc/passwd', 'a/b.jpg', 'a\\b.jpg', '..', '.incoming', 'botdeck.db\u0000.jpg', 'CON', 'x'.repeat(101), '']) {
      const result = await call('beginMediaUpload', { fileName, size: 10 });
      expect(result, fileName).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
  });

  it('refuses a file over the size a bot can send, and an empty one', async () => {
    const { call } = setup();
    expect(await call('beginMediaUpload', { fileName: 'big.mp4', size: MEDIA_MAX_BYTES + 1 })).toMatchObject({ ok: false, error: { code: 'MEDIA_TOO_LARGE' } });
    expect(await call('beginMediaUpload', { fileName: 'empty.jpg', size: 0 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('empty') as string },
    });
  });

  it('refuses chunks that are too large, not base64, out of order, past the end, or for no upload', async () => {
    const { call, dataDir } = setup();
    const uploadId = await begin(call, 'a.jpg', 10);
    const tooBig = Buffer.alloc(MEDIA_CHUNK_BYTES + 3).toString('base64');
    expect(await call('uploadMediaChunk', { uploadId, offset: 0, contentBase64: tooBig })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('uploadMediaChunk', { uploadId, offset: 0, contentBase64: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('uploadMediaChunk', { uploadId, offset: 4, contentBase64: b64('abc') })).toMatchObject({ ok: false, error: { code: 'MEDIA_UPLOAD_FAILED' } });
    expect(await call('uploadMediaChunk', { uploadId: '0'.repeat(32), offset: 0, contentBase64: b64('abc') })).toMatchObject({ ok: false, error: { code: 'MEDIA_UPLOAD_FAILED' } });
    expect(await call('uploadMediaChunk', { uploadId: '../../x', offset: 0, contentBase64: b64('abc') })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    // Past the announced size: the upload is dropped, nothing lands in the media folder.
    expect(await call('uploadMediaChunk', { uploadId, offset: 0, contentBase64: b64('more than ten bytes') })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('uploadMediaChunk', { uploadId, offset: 0, contentBase64: b64('abc') })).toMatchObject({ ok: false, error: { code: 'MEDIA_UPLOAD_FAILED' } });
    expect(readdirSync(join(dataDir, 'media')).filter((name) => !name.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'media', '.incoming'))).toEqual([]);
  });

  it('names the file only once the last byte arrived, and never exposes the partial file', async () => {
    const { call, dataDir } = setup();
    const uploadId = await begin(call, 'offer.jpg', 6);
    expect(await call('uploadMediaChunk', { uploadId, offset: 0, contentBase64: b64('abc') })).toEqual({ ok: true, value: { received: 3, fileName: null } });
    expect(existsSync(join(dataDir, 'media', 'offer.jpg'))).toBe(false);
    expect(() => resolveMediaFile(dataDir, join('.incoming', uploadId))).toThrow(/cannot contain/);
    expect(await call('uploadMediaChunk', { uploadId, offset: 3, contentBase64: b64('def') })).toEqual({ ok: true, value: { received: 6, fileName: 'offer.jpg' } });
    expect(readFileSync(resolveMediaFile(dataDir, 'offer.jpg'), 'utf8')).toBe('abcdef');
    expect(await call('uploadMediaChunk', { uploadId, offset: 6, contentBase64: b64('g') })).toMatchObject({ ok: false, error: { code: 'MEDIA_UPLOAD_FAILED' } });
  });

  it('keeps at most a few uploads open, dropping the oldest', async () => {
    const { call } = setup();
    const first = await begin(call, 'a.jpg', 3);
    for (let n = 0; n < 4; n++) await begin(call, `b${n}.jpg`, 3);
    expect(await call('uploadMediaChunk', { uploadId: first, offset: 0, contentBase64: b64('abc') })).toMatchObject({ ok: false, error: { code: 'MEDIA_UPLOAD_FAILED' } });
  });

  it('offers no file chooser in headless mode', async () => {
    const { call } = setup();
    expect(await call('pickMediaFile', undefined)).toEqual({ ok: true, value: { name: null } });
  });
});
