import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { MediaUploads } from '../media/media-uploads';

type MediaHandlers = Pick<Handlers, 'pickMediaFile' | 'beginMediaUpload' | 'uploadMediaChunk'>;

/** Welcome media files: uploaded by the console into the data folder's media folder. */
export function mediaHandlers(core: Core): MediaHandlers {
  const uploads = new MediaUploads(core.dataDir);
  return {
    // Without a desktop there is no file chooser: the console uploads the file instead.
    pickMediaFile: () => ({ name: null }),
    beginMediaUpload: ({ fileName, size }) => uploads.begin(fileName, size),
    uploadMediaChunk: ({ uploadId, offset, contentBase64 }) => uploads.append(uploadId, offset, contentBase64),
  };
}
