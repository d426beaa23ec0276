// Just enough of a browser for tests that drive server-rendered flows with fetch: a cookie jar
// (name, path, host), manual redirects, and forms read back out of our own HTML.
export interface Page {
  url: string;
  status: number;
  html: string;
}

interface Cookie {
  host: string;
  path: string;
  name: string;
  value: string;
}

export interface HtmlForm {
  action: string;
  method: string;
  fields: Record<string, string>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class TestBrowser {
  private cookies: Cookie[] = [];

  cookieNames(host: string): string[] {
    return this.cookies.filter((c) => c.host === host).map((c) => c.name);
  }

  private cookieHeader(url: URL): string {
    return this.cookies
      .filter((c) => c.host === url.host && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttr = attributes.find((a) => a.toLowerCase().startsWith("path="));
      const path = pathAttr ? pathAttr.slice(5) : "/";
      const expired = attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now());
      this.cookies = this.cookies.filter((c) => !(c.host === url.host && c.path === path && c.name === name));
      if (value !== "" && !expired) this.cookies.push({ host: url.host, path, name, value });
    }
  }

  /** One request, no redirect following. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    this.store(target, response.headers.getSetCookie());
    return response;
  }

  /**
   * Follows redirects (and oidc-provider's self-submitting POST pages, as a browser with
   * JavaScript would) until a page is reached, or until `stopAt` matches a redirect target,
   * which is then returned without being fetched (e.g. the relying party's callback).
   */
  async navigate(url: string, init: { method?: string; form?: Record<string, string> } = {}, stopAt: (url: string) => boolean = () => false): Promise<Page> {
    let current = url;
    let next: { method?: string; form?: Record<string, string> } = init;
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(current, next);
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        current = new URL(response.headers.get("location") ?? "", current).href;
        next = {};
        if (stopAt(current)) return { url: current, status: response.status, html: "" };
        continue;
      }
      const html = await response.text();
      if (/<title>Submitting Callback<\/title>/.test(html)) {
        const form = readForm(html, current);
        current = form.action;
        next = { method: "POST", form: form.fields };
        continue;
      }
      return { url: current, status: response.status, html };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

function decodeEntities(value: string): string {
  return value.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** The first form in the page (or the one with `id`), with its named input values. */
export function readForm(html: string, pageUrl: string, id?: string): HtmlForm {
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]);
  const source = id ? forms.find((f) => attribute(f.slice(0, f.indexOf(">") + 1), "id") === id) : forms[0];
  if (!source) throw new Error(`no form${id ? ` with id ${id}` : ""} on ${pageUrl}`);
  const open = source.slice(0, source.indexOf(">") + 1);
  const fields: Record<string, string> = {};
  for (const [input] of source.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, "name");
    if (name) fields[name] = attribute(input, "value") ?? "";
  }
  return {
    action: new URL(attribute(open, "action") ?? pageUrl, pageUrl).href,
    method: (attribute(open, "method") ?? "get").toLowerCase(),
    fields,
  };
}
