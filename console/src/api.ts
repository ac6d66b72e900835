// The API client: same origin, the access token in memory only, the refresh token in an HttpOnly
// cookie the scripts never see (auth-service sets it when asked with REFRESH_COOKIE_HEADER).

export const REFRESH_COOKIE_HEADER = 'X-Refresh-Cookie';

export interface FieldProblem {
  field?: string;
  pointer?: string;
  message?: string;
  [key: string]: unknown;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldProblem[];
  [key: string]: unknown;
}

/** A problem answer (RFC 9457) or a network failure, with its detail and field errors. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  get detail(): string {
    return this.message;
  }

  /** Field errors by field name (the last path segment for nested names such as items[0].quantity). */
  get fieldErrors(): Record<string, string> {
    return fieldErrors(this.problem);
  }
}

export function fieldErrors(problem: Problem): Record<string, string> {
  const result: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    const name = String(error.field ?? error.pointer ?? error.name ?? '').replace(/^\//, '');
    if (!name) continue;
    const message = String(error.message ?? error.detail ?? error.reason ?? 'is invalid');
    result[name] = result[name] ? `${result[name]}; ${message}` : message;
  }
  return result;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  tenant_id: string;
  tenant_name: string;
  user: { id: string; email: string; full_name: string; role: string };
}

let accessToken: string | null = null;
let refreshing: Promise<TokenResponse | null> | null = null;
const listeners = new Set<(tokens: TokenResponse | null) => void>();

export function onSession(listener: (tokens: TokenResponse | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setSession(tokens: TokenResponse | null): void {
  accessToken = tokens?.access_token ?? null;
  listeners.forEach((listener) => listener(tokens));
}

export function currentAccessToken(): string | null {
  return accessToken;
}

/** The claims of the access token (read, not verified: the services verify it). */
export function tokenClaims(token: string | null = accessToken): Record<string, unknown> {
  if (!token) return {};
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return {};
  }
}

export function hasScope(scope: string): boolean {
  const scopes = String(tokenClaims().scope ?? '').split(' ');
  return scopes.includes(scope);
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: Problem = { status: response.status };
  const text = await response.text().catch(() => '');
  try {
    problem = { ...problem, ...JSON.parse(text) };
  } catch {
    problem.detail = text || response.statusText || `HTTP ${response.status}`;
  }
  return new ApiError(response.status, problem);
}

/** Exchanges the refresh cookie for a new access token; null when there is no session. */
export function refreshSession(): Promise<TokenResponse | null> {
  if (!refreshing) {
    refreshing = fetch('/api/v1/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { [REFRESH_COOKIE_HEADER]: 'true' },
    })
      .then(async (response) => {
        if (!response.ok) {
          setSession(null);
          return null;
        }
        const tokens = (await response.json()) as TokenResponse;
        setSession(tokens);
        return tokens;
      })
      .catch(() => null)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The session endpoints: send the cookie header, never retry with a refresh. */
  session?: boolean;
}

/** One call with the token; a 401 refreshes once through the cookie and repeats the call. */
export async function request(path: string, options: RequestOptions = {}, retried = false): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
  if (accessToken && !options.session) headers.Authorization = `Bearer ${accessToken}`;
  if (options.session) headers[REFRESH_COOKIE_HEADER] = 'true';
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || typeof options.body === 'string') {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { detail: 'The server cannot be reached. Check your connection and try again.' });
  }
  if (response.status === 401 && !options.session && !retried && accessToken) {
    const tokens = await refreshSession();
    if (tokens) return request(path, options, true);
  }
  return response;
}

export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204 || response.headers.get('Content-Length') === '0') return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The next page's URL from an RFC 8288 Link header. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?next"?/);
    if (match) {
      const url = new URL(match[1], 'http://same-origin');
      return url.pathname + url.search;
    }
  }
  return null;
}

export interface PageOf<T> {
  items: T[];
  next: string | null;
}

export async function page<T>(path: string): Promise<PageOf<T>> {
  const response = await request(path);
  if (!response.ok) throw await problemOf(response);
  return { items: (await response.json()) as T[], next: nextLink(response.headers.get('Link')) };
}

export { problemOf };

/** Uploads with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  const send = (): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
      xhr.onerror = () => reject(new ApiError(0, { detail: 'The upload was interrupted.' }));
      xhr.send(form);
    });
  return send().then(async (result) => {
    let answer = result;
    if (answer.status === 401 && (await refreshSession())) answer = await send();
    let parsed: unknown = {};
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      parsed = { detail: answer.text };
    }
    if (answer.status >= 400) throw new ApiError(answer.status, parsed as Problem);
    onProgress(1);
    return parsed as T;
  });
}
