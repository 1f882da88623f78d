import { UPLOAD_NAME_HEADER, uploadLimit, type CustosApi, type Envelope, type InputOf, type OperationName, type OutputOf } from '../../../shared/contract.js';
import type { ErrorCode } from '../../../shared/errors.js';
import { noteAnswer } from './coreConnection.js';

/** Error codes the renderer can see: the shared ones plus the client-side transport failure. */
export type ClientErrorCode = ErrorCode | 'HOST_UNREACHABLE';

export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    /** True when the browser host refused the launch token (HTTP 401 before any dispatch). */
    readonly tokenRejected = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

export const TOKEN_STORAGE_KEY = 'custos.token';

/**
 * Browser host only: the launch URL carries `#token=...`. Move it into sessionStorage and
 * strip it from the address bar (and history) so it is not bookmarked or shared by accident.
 * Must run before the hash router reads location.hash.
 */
export function captureLaunchToken(): boolean {
  if (typeof window === 'undefined' || window.custos) return false;
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash.startsWith('token=') && !hash.includes('&token=')) return false;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (token) {
    try {
      window.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // storage disabled: the in-memory fallback below still serves this page load
    }
    memoryToken = token;
  }
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/org`);
  return true;
}

/**
 * A launch URL pasted into a tab already showing the console only changes the hash (no reload):
 * take the token then too, and tell the caller so it can refetch everything.
 */
export function watchLaunchToken(onToken: () => void): () => void {
  const listener = () => {
    if (captureLaunchToken()) onToken();
  };
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

let memoryToken: string | null = null;

function readToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

export function hasLaunchToken(): boolean {
  return readToken() !== null;
}

function unwrap<T>(envelope: Envelope<T>): T {
  noteAnswer(envelope.ok ? null : envelope.error);
  if (envelope.ok) return envelope.value;
  throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.issues);
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean';
}

/** Electron: the preload bridge returns an envelope; errors are values, never thrown stacks. */
function electronApi(bridge: CustosBridge): CustosApi {
  return {
    async invoke<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
      let envelope: Envelope<unknown>;
      try {
        envelope = await bridge.invoke(name, input);
      } catch {
        throw new ApiError('HOST_UNREACHABLE', 'The Custos host did not answer.');
      }
      if (!isEnvelope(envelope)) throw new ApiError('INTERNAL', 'The host returned an unexpected answer.');
      return unwrap(envelope) as OutputOf<N>;
    },
  };
}

/**
 * The body of one call to the browser host: JSON, or for an upload operation (the contract's
 * `{ fileName, bytes }`) the raw bytes with the name in a header, never base64 inside JSON.
 */
function requestBody(name: OperationName, input: unknown): { contentType: string; body: BodyInit; extra: Record<string, string> } {
  if (uploadLimit(name) !== null) {
    const { fileName, bytes } = input as { fileName: string; bytes: Uint8Array<ArrayBuffer> };
    return { contentType: 'application/octet-stream', body: bytes, extra: { [UPLOAD_NAME_HEADER]: encodeURIComponent(fileName) } };
  }
  return { contentType: 'application/json', body: JSON.stringify(input ?? {}), extra: {} };
}

/** Browser host: POST /api/<operation> with the launch token as a bearer token. */
function browserApi(): CustosApi {
  return {
    async invoke<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
      const token = readToken();
      const { contentType, body: requestBodyValue, extra } = requestBody(name, input);
      let response: Response;
      try {
        response = await fetch(`/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: {
            'content-type': contentType,
            ...extra,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: requestBodyValue,
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        throw new ApiError('HOST_UNREACHABLE', 'The Custos host did not answer.');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
      if (response.status === 401 && (!token || (isEnvelope(body) && !body.ok && body.error.code === 'UNAUTHENTICATED' && isPublic(name)))) {
        throw new ApiError('UNAUTHENTICATED', 'This console link is missing its access token.', undefined, true);
      }
      if (!isEnvelope(body)) {
        throw new ApiError(response.status >= 500 ? 'HOST_UNREACHABLE' : 'INTERNAL', `Unexpected answer from the host (HTTP ${response.status}).`);
      }
      return unwrap(body) as OutputOf<N>;
    },
  };
}

/** Public operations never answer UNAUTHENTICATED from the core, so a 401 on them is the launch token. */
function isPublic(name: OperationName): boolean {
  return name === 'app.info' || name === 'session.get' || name === 'session.signIn' || name === 'settings.setLanguage';
}

let instance: CustosApi | null = null;

export function getApi(): CustosApi {
  if (!instance) instance = window.custos ? electronApi(window.custos) : browserApi();
  return instance;
}

/** For tests and storybook-like harnesses. */
export function setApi(api: CustosApi | null): void {
  instance = api;
}

export const api: CustosApi = {
  invoke: (name, input) => getApi().invoke(name, input),
};
