import type { CallInput, CallOutput } from '../../../shared/contract';
import { MEDIA_CHUNK_BYTES, mediaFileNameFrom } from '../../../shared/media';

/** The two upload calls, as the console's transport makes them. */
export interface UploadCalls {
  beginMediaUpload(input: CallInput<'beginMediaUpload'>): Promise<CallOutput<'beginMediaUpload'>>;
  uploadMediaChunk(input: CallInput<'uploadMediaChunk'>): Promise<CallOutput<'uploadMediaChunk'>>;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: one String.fromCharCode call with half a megabyte of arguments overflows the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

/**
 * Uploads a file the operator chose into the engine's media folder, one chunk per call (a
 * call must fit one WebSocket message), and returns the name the welcome uses for it.
 */
export async function uploadMediaFile(file: Blob & { readonly name: string }, calls: UploadCalls, onProgress: (sent: number) => void = () => undefined): Promise<string> {
  const { uploadId } = await calls.beginMediaUpload({ fileName: mediaFileNameFrom(file.name), size: file.size });
  for (let offset = 0; offset < file.size; offset += MEDIA_CHUNK_BYTES) {
    const bytes = new Uint8Array(await file.slice(offset, offset + MEDIA_CHUNK_BYTES).arrayBuffer());
    const answer = await calls.uploadMediaChunk({ uploadId, offset, contentBase64: base64(bytes) });
    onProgress(answer.received);
    if (answer.fileName !== null) return answer.fileName;
  }
  throw new Error('The engine did not confirm the end of the upload. Upload the file again.');
}
