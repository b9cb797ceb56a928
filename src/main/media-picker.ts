import { dialog, type BrowserWindow } from 'electron';
import { basename } from 'node:path';
import { mediaFileNameFrom } from '../shared/media';
import type { Handlers } from '../shared/contract';
import { importMediaFile } from './core/media/media-folder';

/**
 * The desktop's file chooser for a welcome's media (the core alone cannot open one). The
 * picked file is copied into the data folder's media folder: the welcome names the copy, so
 * only what the operator picked here can be sent, and it survives the original being moved.
 */
export function mediaPicker(window: () => BrowserWindow | null, dataDir: string): Handlers['pickMediaFile'] {
  return async () => {
    const options: Electron.OpenDialogOptions = {
      title: 'Media for the welcome',
      properties: ['openFile'],
      filters: [
        { name: 'Images, videos, GIFs, audio', extensions: ['jpg', 'jpeg', 'png', 'webp', 'gif', 'mp4', 'mov', 'mp3', 'ogg', 'm4a'] },
        { name: 'Any file', extensions: ['*'] },
      ],
    };
    const parent = window();
    const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
    const picked = result.canceled ? undefined : result.filePaths[0];
    if (picked === undefined) return { name: null };
    return { name: importMediaFile(dataDir, picked, mediaFileNameFrom(basename(picked))) };
  };
}
