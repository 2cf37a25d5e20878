/**
 * A small browser stand-in for the demo over real HTTP: keeps cookies, never follows
 * redirects (tests look at them), sends Origin on POST/DELETE as browsers do.
 */
export type DemoResponse = { status: number; headers: Headers; text: string; json(): any; location: string | null };

export class DemoClient {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly origin = base,
  ) {}

  async request(method: string, path: string, init: { form?: Record<string, string>; json?: unknown; origin?: string | null; headers?: Record<string, string> } = {}): Promise<DemoResponse> {
    const headers = new Headers(init.headers);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.set('cookie', cookie);
    const origin = init.origin === undefined ? (method === 'GET' ? null : this.origin) : init.origin;
    if (origin !== null) headers.set('origin', origin);
    let body: string | undefined;
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const response = await fetch(this.base + path, { method, headers, body: body ?? null, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text), location: response.headers.get('location') };
  }

  get(path: string, init?: { origin?: string | null }) {
    return this.request('GET', path, init);
  }
  post(path: string, init: { form?: Record<string, string>; json?: unknown; origin?: string | null }) {
    return this.request('POST', path, init);
  }

  signUp(email: string, password = 'correct horse battery', name = 'Test User') {
    return this.post('/sign-up', { form: { name, email, password } });
  }
  signIn(email: string, password: string) {
    return this.post('/sign-in', { form: { email, password } });
  }
}

/** The path of a redirect's Location (absolute or relative). */
export function pathOf(location: string | null): string | null {
  return location === null ? null : new URL(location, 'http://x').pathname + new URL(location, 'http://x').search;
}
