/**
 * A citizen's sign-in through motcua at `base` and the VNeID simulator, done as a browser does it
 * but with fetch: cookies kept per origin, redirects followed one by one, the simulator's sign-in
 * and consent forms submitted. Returns motcua's cookie header afterwards and, for each request made
 * to motcua, the node that answered it (the `X-Served-By` a load balancer adds).
 */
export async function citizenLogin(
  base: string,
  idNumber: string,
): Promise<{ cookie: string; landedOn: string; servedBy: string[] }> {
  const jars = new Map<string, Map<string, string>>();
  const jar = (origin: string) => jars.get(origin) ?? jars.set(origin, new Map()).get(origin)!;
  const cookieOf = (origin: string) => [...jar(origin)].map(([k, v]) => `${k}=${v}`).join('; ');
  const servedBy: string[] = [];
  let url = new URL('/api/v1/citizen/login', base);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieOf(url.origin),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    body = undefined;
    if (url.origin === new URL(base).origin) servedBy.push(res.headers.get('x-served-by') ?? '');
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a),
      );
      if (expired || value === '') jar(url.origin).delete(name);
      else jar(url.origin).set(name, value);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin === new URL(base).origin && !next.pathname.startsWith('/api/')) {
        return { cookie: cookieOf(next.origin), landedOn: next.pathname + next.search, servedBy };
      }
      url = next;
      continue;
    }
    // One of the provider's pages: its form, filled as a citizen would.
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url.href} (${res.status}): ${html.slice(0, 300)}`);
    body = new URLSearchParams();
    for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (name) body.set(name, /value="([^"]*)"/.exec(input[0])?.[1] ?? '');
    }
    if (html.includes('name="login"')) {
      body.set('login', idNumber);
      body.set('password', 'any-password');
    }
    url = new URL(action, url);
  }
  throw new Error('the sign-in did not come back to motcua in 20 steps');
}
