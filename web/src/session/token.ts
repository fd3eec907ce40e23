const storageKey = "courseforge.token";

/** Reads a token handed over in the address fragment (`#token=cf_…`), removing it from the address bar. */
export function takeTokenFromFragment(location: Location, history: History): string | undefined {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const token = fragment.get("token");
  if (token === null || token.trim() === "") return undefined;
  // The token must not stay in the address bar, the history or a bookmark.
  history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  return token.trim();
}

/** The stored token, if any. */
export function loadToken(): string | undefined {
  try {
    return localStorage.getItem(storageKey) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Stores (or with `undefined`, forgets) the token. */
export function saveToken(token: string | undefined): void {
  try {
    if (token === undefined) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, token);
  } catch {
    // Storage may be disabled (private mode): the session then lasts as long as the page.
  }
}
