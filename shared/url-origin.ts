// A link's origin (scheme, host and port), as the WHATWG URL parser gives it.
// URL is a global wherever shared/ runs (Node, the renderer, the preload), but
// shared/ compiles against plain ES2024, which does not declare it.
interface UrlConstructor {
  canParse(input: string): boolean;
  new (input: string): { readonly origin: string };
}
const { URL: Url } = globalThis as unknown as { readonly URL: UrlConstructor };

/** Null when `url` is not a URL. */
export function urlOrigin(url: string): string | null {
  return Url.canParse(url) ? new Url(url).origin : null;
}
