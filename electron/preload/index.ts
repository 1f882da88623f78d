/**
 * Runs in the sandboxed renderer's isolated world. Exposes exactly one function, the typed
 * contract call, and nothing of Node or Electron.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../../shared/ipc.js';

contextBridge.exposeInMainWorld('custos', {
  invoke: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, String(name), input),
});
