import { useId, useState, type FormEvent } from "react";
import { ApiError } from "../api/client.ts";
import { useSession } from "../session/index.tsx";
import { EmptyState, ErrorState, formatDateTime, ResourceView, useApiResource } from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { TokenReveal } from "./token-reveal.tsx";
import { roles, type CreatedUser, type IssuedToken, type Role, type UserList, type UserListing } from "./types.ts";

interface Revealed {
  readonly email: string;
  readonly token: string;
}

/** Users: list, create (with a role), disable, issue a token. */
export function Users() {
  const { resource, reload } = useApiResource("users", (api, signal) =>
    api.get<UserList>("/v1/admin/users", { signal }).then((body) => body.users),
  );
  const [revealed, setRevealed] = useState<Revealed | undefined>();
  const [notice, setNotice] = useState("");
  return (
    <AdminPage title="Users">
      {revealed !== undefined && (
        <TokenReveal email={revealed.email} token={revealed.token} onDone={() => setRevealed(undefined)} />
      )}
      <CreateUser
        onCreated={(created) => {
          setRevealed(created);
          setNotice(`Created ${created.email}.`);
          reload();
        }}
      />
      <p role="status" className="admin-muted">
        {notice}
      </p>
      <section aria-labelledby="admin-user-list-heading" className="admin-section">
        <h2 id="admin-user-list-heading">All users</h2>
        <ResourceView resource={resource} reload={reload} label="Loading users…">
          {(users) =>
            users.length === 0 ? (
              <EmptyState>No users yet: create the first one above.</EmptyState>
            ) : (
              <ul className="admin-cards">
                {users.map((user) => (
                  <UserCard
                    key={user.id}
                    user={user}
                    onToken={(token) => {
                      setRevealed({ email: user.email, token });
                      reload();
                    }}
                    onDisabled={() => {
                      setNotice(`Disabled ${user.email}: its tokens stopped working.`);
                      reload();
                    }}
                  />
                ))}
              </ul>
            )
          }
        </ResourceView>
      </section>
    </AdminPage>
  );
}

function CreateUser({ onCreated }: { onCreated: (created: Revealed) => void }) {
  const { api } = useSession();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("teacher");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | undefined>();
  const emailId = useId();
  const roleId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<CreatedUser>("/v1/admin/users", { email: email.trim(), role });
      setEmail("");
      onCreated({ email: created.email, token: created.token });
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };

  const field = error instanceof ApiError ? error.field : undefined;
  const fieldError = error instanceof ApiError && error.status < 500 && error.code !== "NETWORK";
  return (
    <form className="card admin-form" onSubmit={submit} noValidate aria-labelledby={`${emailId}-heading`}>
      <h2 id={`${emailId}-heading`}>Create a user</h2>
      <div className="admin-fields">
        <div className="admin-field">
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={fieldError && (field === "email" || field === undefined)}
            aria-describedby={fieldError ? errorId : undefined}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {roles.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error !== undefined &&
        (fieldError ? (
          <p id={errorId} className="field-error" role="alert">
            {error.message}
          </p>
        ) : (
          <ErrorState error={error} />
        ))}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Creating…" : "Create user and token"}
      </button>
    </form>
  );
}

function UserCard({
  user,
  onToken,
  onDisabled,
}: {
  user: UserListing;
  onToken: (token: string) => void;
  onDisabled: () => void;
}) {
  const { api, me } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<"token" | "disable" | undefined>();
  const [error, setError] = useState<unknown>();
  const disabled = user.disabledAt !== null;
  const isMe = user.id === me.userId;

  const run = async (kind: "token" | "disable") => {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === "token") {
        const issued = await api.post<IssuedToken>(`/v1/admin/users/${encodeURIComponent(user.id)}/tokens`, {
          name: "web",
        });
        onToken(issued.token);
      } else {
        await api.post(`/v1/admin/users/${encodeURIComponent(user.id)}/disable`);
        setConfirming(false);
        onDisabled();
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <li className={`card admin-user${disabled ? " admin-disabled" : ""}`}>
      <div className="admin-user-main">
        <h3 className="admin-user-email">
          {user.email}
          {isMe && <span className="admin-badge">you</span>}
        </h3>
        <p className="admin-muted admin-mono">{user.id}</p>
        <dl className="admin-pairs">
          <div>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{disabled ? `Disabled ${formatDateTime(user.disabledAt)}` : "Active"}</dd>
          </div>
          <div>
            <dt>Active tokens</dt>
            <dd>{user.activeTokens ?? "—"}</dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd>{formatDateTime(user.lastUsedAt)}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(user.createdAt)}</dd>
          </div>
        </dl>
      </div>
      {!disabled && (
        <div className="admin-actions">
          <button
            type="button"
            onClick={() => run("token")}
            disabled={busy !== undefined}
            aria-label={`Issue a token for ${user.email}`}
          >
            {busy === "token" ? "Issuing…" : "Issue token"}
          </button>
          {!isMe &&
            (confirming ? (
              <>
                <button
                  type="button"
                  className="danger"
                  onClick={() => run("disable")}
                  disabled={busy !== undefined}
                  aria-label={`Confirm: disable ${user.email}`}
                >
                  {busy === "disable" ? "Disabling…" : "Confirm disable"}
                </button>
                <button type="button" onClick={() => setConfirming(false)} disabled={busy !== undefined}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" onClick={() => setConfirming(true)} aria-label={`Disable ${user.email}`}>
                Disable
              </button>
            ))}
        </div>
      )}
      {error !== undefined && <ErrorState error={error} />}
    </li>
  );
}
