/** IPC channel used by the Electron host and the preload (kept apart so the preload bundle stays tiny). */
export const IPC_CHANNEL = 'custos:invoke';
