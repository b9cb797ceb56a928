import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallName } from '../../src/shared/calls';
import type { CallOutput } from '../../src/shared/contract';
import { MEDIA_CHUNK_BYTES } from '../../src/shared/media';
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { uploadMediaFile } from '../../src/renderer/src/logic/media-upload';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

describe('the console uploading a media file', () => {
  it('sends it in chunks the engine puts back together, under a name the media folder accepts', async () => {
    const dataDir = tempDir();
    const handlers = createHandlers(refusedCore({ dataDir, appVersion: APP_VERSION }, new Error('no store in this test')), 'linux');
    const sizes: number[] = [];
    const engine = async <N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> => {
      sizes.push(JSON.stringify(input).length);
      const result = await dispatch(handlers, name, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    const bytes = new Uint8Array(MEDIA_CHUNK_BYTES * 2 + 17).map((_, index) => index % 251);
    const progress: number[] = [];
    const file = new File([bytes], 'Oferta: Black Friday?.png');
    const name = await uploadMediaFile(
      file,
      { beginMediaUpload: (input) => engine('beginMediaUpload', input), uploadMediaChunk: (input) => engine('uploadMediaChunk', input) },
      (sent) => progress.push(sent),
    );
    expect(name).toBe('Oferta- Black Friday.png');
    expect(readFileSync(join(dataDir, 'media', name)).equals(Buffer.from(bytes))).toBe(true);
    expect(progress).toEqual([MEDIA_CHUNK_BYTES, MEDIA_CHUNK_BYTES * 2, bytes.length]);
    expect(Math.max(...sizes)).toBeLessThan(800 * 1024);
  });
});
