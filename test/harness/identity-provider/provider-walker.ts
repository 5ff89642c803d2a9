// A person signing in at the provider without a browser: follows the
// authorization request's redirects with a cookie jar, fills in the provider's
// sign-in form, and stops at the redirect to the desk's loopback address, which
// it then opens as a browser would (unless told not to, for a test that steals
// or swaps the code instead).
const MAX_HOPS = 20;

export interface ProviderCredentials {
  readonly username: string;
  readonly password: string;
}

/** Name → value from Set-Cookie headers; an emptied cookie is dropped. */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

const isLoopbackRedirect = (url: URL, providerOrigin: string): boolean =>
  url.origin !== providerOrigin && url.hostname === '127.0.0.1' && url.pathname === '/callback';

/** Signs in at the provider; the redirect to the desk (code, state, iss), delivered to it unless `deliver` is false. */
export async function signInAtProvider(authorizationUrl: string, person: ProviderCredentials, options: { deliver?: boolean } = {}): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  const providerOrigin = url.origin;
  let form: URLSearchParams | null = null;
  let posted = false;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method: form === null ? 'GET' : 'POST',
      redirect: 'manual',
      headers: { ...(cookie === '' ? {} : { cookie }), ...(form === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(form === null ? {} : { body: form.toString() }),
    });
    keepCookies(jar, response);
    form = null;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      url = new URL(location, url);
      if (isLoopbackRedirect(url, providerOrigin)) {
        if (options.deliver !== false) await (await fetch(url)).text();
        return url;
      }
      continue;
    }
    const page = await response.text();
    if (response.status === 200 && url.pathname.startsWith('/interaction/') && !posted) {
      posted = true;
      form = new URLSearchParams({ username: person.username, password: person.password });
      continue;
    }
    throw new Error(`the provider sign-in stopped at ${url.pathname} (${response.status}): ${page.slice(0, 200)}`);
  }
  throw new Error(`the provider sign-in took more than ${MAX_HOPS} redirects`);
}
