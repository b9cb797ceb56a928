import { dialog, type BrowserWindow } from 'electron';
import type { Handlers } from '../shared/contract';

/** The desktop's file chooser for a welcome's media (the core alone cannot open one). */
export function mediaPicker(window: () => BrowserWindow | null): Handlers['pickMediaFile'] {
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
    return { path: result.canceled ? null : (result.filePaths[0] ?? null) };
  };
}
