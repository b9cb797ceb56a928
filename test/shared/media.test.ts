import { describe, expect, it } from 'vitest';
import { WS_MAX_MESSAGE_BYTES } from '../../src/shared/ws-protocol';
import { MEDIA_CHUNK_BASE64_CHARS, MEDIA_CHUNK_BYTES, MEDIA_NAME_MAX, mediaFileNameFrom, mediaFileNameProblem } from '../../src/shared/media';

describe('media file names', () => {
  it('makes a name the media folder accepts from any picked or dropped file', () => {
    const cases: [string, string][] = [
      ['/home/op/Fotos/oferta.jpg', 'oferta.jpg'],
      ['C:\\Users\\op\\Promoção de Natal.png', 'Promoção de Natal.png'],
      ['../../secret.key', 'secret.key'],
      ['.bashrc', 'bashrc'],
      ['con.jpg', '_con.jpg'],
      ['a<b>:c?.mp4', 'a-b-c.mp4'],
      ['...', 'media'],
      [`${'x'.repeat(300)}.jpeg`, `${'x'.repeat(MEDIA_NAME_MAX - 5)}.jpeg`],
    ];
    for (const [original, name] of cases) {
      expect(mediaFileNameFrom(original), original).toBe(name);
      expect(mediaFileNameProblem(name), name).toBeNull();
    }
  });

  it('keeps a full chunk, as base64 in a call, well under the 1 MiB of a WebSocket message', () => {
    expect(Buffer.alloc(MEDIA_CHUNK_BYTES).toString('base64')).toHaveLength(MEDIA_CHUNK_BASE64_CHARS);
    expect(MEDIA_CHUNK_BASE64_CHARS + 200).toBeLessThan(WS_MAX_MESSAGE_BYTES);
  });
});
