import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { ApiError, createApiClient, type ApiClient } from "../api/client.ts";
import type { Me } from "../api/types.ts";
// The states directly, not ../ui/index.tsx: its resource hook reads this session (no import cycle).
import { ErrorState, Loading } from "../ui/states.tsx";
import { SignIn } from "./sign-in.tsx";
import { loadToken, saveToken, takeTokenFromFragment } from "./token.ts";

/** The signed-in session: its token, its user, an API client sending the token, and sign-out. */
export interface Session {
  readonly token: string;
  readonly me: Me;
  readonly api: ApiClient;
  signOut(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** The session of the signed-in user; only inside {@link SessionProvider}'s children. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error("useSession() is used outside <SessionProvider>.");
  return session;
}

type State =
  | { readonly kind: "signed-out"; readonly problem?: string }
  | { readonly kind: "checking"; readonly token: string }
  | { readonly kind: "failed"; readonly token: string; readonly error: unknown }
  | { readonly kind: "signed-in"; readonly session: Session };

function initialToken(): string | undefined {
  const fromFragment = takeTokenFromFragment(window.location, window.history);
  if (fromFragment !== undefined) saveToken(fromFragment);
  return fromFragment ?? loadToken();
}

/**
 * Signs the user in with an API token (typed in, or opened from the link `npm start` prints,
 * `#token=…`), keeps it in localStorage, and renders `children` once `GET /v1/me` accepts it.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(() => {
    const token = initialToken();
    return token === undefined ? { kind: "signed-out" } : { kind: "checking", token };
  });

  const signOut = useCallback(() => {
    saveToken(undefined);
    setState({ kind: "signed-out" });
  }, []);

  // Opening the sign-in link in a tab already showing the app only changes the fragment: no reload.
  useEffect(() => {
    const onHashChange = () => {
      const token = takeTokenFromFragment(window.location, window.history);
      if (token !== undefined) setState({ kind: "checking", token });
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);

  const checkingToken = state.kind === "checking" ? state.token : undefined;
  useEffect(() => {
    if (checkingToken === undefined) return;
    const controller = new AbortController();
    const api = createApiClient({ token: checkingToken });
    api
      .get<Me>("/v1/me", { signal: controller.signal })
      .then((me) => {
        saveToken(checkingToken);
        setState({
          kind: "signed-in",
          session: { token: checkingToken, me: { userId: me.userId, email: me.email, role: me.role }, api, signOut },
        });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          saveToken(undefined);
          setState({ kind: "signed-out", problem: error.message });
        } else setState({ kind: "failed", token: checkingToken, error });
      });
    return () => controller.abort();
  }, [checkingToken, signOut]);

  if (state.kind === "signed-out")
    return <SignIn problem={state.problem} onToken={(token) => setState({ kind: "checking", token })} />;
  if (state.kind === "checking")
    return (
      <main className="page narrow">
        <Loading label="Signing in…" />
      </main>
    );
  if (state.kind === "failed") {
    return (
      <main className="page narrow">
        <ErrorState error={state.error} onRetry={() => setState({ kind: "checking", token: state.token })} />
        <button type="button" className="link-button" onClick={signOut}>
          Use another token
        </button>
      </main>
    );
  }
  return <SessionContext.Provider value={state.session}>{children}</SessionContext.Provider>;
}
