import { useId, useState } from "react";
import { ApiError } from "../api/client.ts";
import { useSession } from "../session/index.tsx";
import { EmptyState, ErrorState, ResourceView, useApiResource } from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { LimitForm, type LimitValues } from "./limit-form.tsx";
import { ModelLists } from "./model-lists.tsx";
import { roles, type LimitSettings, type UserList, type UserListing, type UserOverrides } from "./types.ts";

interface LimitsPage {
  readonly settings: LimitSettings;
  readonly users: readonly UserListing[];
}

/** Rate limits per role, the global limit, and per-user overrides: view and edit (docs/limits.md). */
export function Limits() {
  const { resource, reload } = useApiResource("limits", async (api, signal): Promise<LimitsPage> => {
    const [settings, users] = await Promise.all([
      api.get<LimitSettings>("/v1/admin/limits", { signal }),
      api.get<UserList>("/v1/admin/users", { signal }).then((body) => body.users),
    ]);
    return { settings, users };
  });
  return (
    <AdminPage title="Rate limits">
      <p>
        Changes apply at once, in every process. Courses per hour refill continuously; burst adds courses that can be
        started at once. A limit of 0 refuses everything.
      </p>
      <ResourceView resource={resource} reload={reload} label="Loading limits…">
        {(page) => <LimitsContent page={page} reload={reload} />}
      </ResourceView>
      <ModelLists />
    </AdminPage>
  );
}

function LimitsContent({ page, reload }: { page: LimitsPage; reload: () => void }) {
  const { api } = useSession();
  const { settings, users } = page;
  const emailOf = (userId: string) => users.find((user) => user.id === userId)?.email ?? userId;
  return (
    <>
      <section aria-labelledby="admin-role-limits-heading" className="admin-section">
        <h2 id="admin-role-limits-heading">Per role</h2>
        <div className="admin-grid">
          {roles.map((role) => (
            <LimitForm
              key={role}
              title={`Role ${role}`}
              initial={settings.roles[role]}
              emptyMeans="unlimited (burst: 0)"
              submitLabel={`Save ${role} limits`}
              onSubmit={async (values) => {
                await api.put(`/v1/admin/limits/roles/${role}`, values);
                reload();
              }}
            />
          ))}
        </div>
      </section>
      <section aria-labelledby="admin-global-limit-heading" className="admin-section">
        <h2 id="admin-global-limit-heading">Whole service</h2>
        <LimitForm
          key="global"
          title="Every user together"
          initial={{ coursesPerHour: settings.global.coursesPerHour }}
          fields={["coursesPerHour"]}
          emptyMeans="unlimited"
          submitLabel="Save the global limit"
          onSubmit={async (values) => {
            await api.put("/v1/admin/limits/global", { coursesPerHour: values.coursesPerHour ?? null });
            reload();
          }}
        />
      </section>
      <section aria-labelledby="admin-user-limits-heading" className="admin-section">
        <h2 id="admin-user-limits-heading">Per user</h2>
        <p>A user's overrides beat its role's limits.</p>
        {settings.users.length === 0 ? (
          <EmptyState>No user has overrides.</EmptyState>
        ) : (
          <div className="admin-grid">
            {settings.users.map((overrides) => (
              <UserOverrideForm
                key={overrides.userId}
                overrides={overrides}
                email={emailOf(overrides.userId)}
                reload={reload}
              />
            ))}
          </div>
        )}
        <AddOverride
          users={users.filter((user) => !settings.users.some((overrides) => overrides.userId === user.id))}
          reload={reload}
        />
      </section>
    </>
  );
}

function UserOverrideForm({
  overrides,
  email,
  reload,
}: {
  overrides: UserOverrides;
  email: string;
  reload: () => void;
}) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const clear = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.del(`/v1/admin/limits/users/${encodeURIComponent(overrides.userId)}`);
      reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <LimitForm
      title={email}
      initial={overrides}
      emptyMeans="the role's value"
      submitLabel="Save overrides"
      onSubmit={async (values) => {
        await api.put(`/v1/admin/limits/users/${encodeURIComponent(overrides.userId)}`, values);
        reload();
      }}
    >
      <div className="admin-actions">
        <button type="button" onClick={clear} disabled={busy} aria-label={`Remove the overrides of ${email}`}>
          {busy ? "Removing…" : "Remove overrides"}
        </button>
      </div>
      {error !== undefined && <ErrorState error={error} />}
    </LimitForm>
  );
}

function AddOverride({ users, reload }: { users: readonly UserListing[]; reload: () => void }) {
  const { api } = useSession();
  const [userId, setUserId] = useState("");
  const [added, setAdded] = useState(0);
  const selectId = useId();
  if (users.length === 0) return null;
  return (
    <LimitForm
      key={added}
      title="Add overrides for a user"
      initial={{}}
      emptyMeans="the role's value"
      submitLabel="Add overrides"
      onSubmit={async (values: Partial<LimitValues>) => {
        if (userId === "")
          throw new ApiError({
            status: 400,
            code: "INVALID_INPUT",
            message: "Choose a user first.",
            details: { field: "user" },
          });
        await api.put(`/v1/admin/limits/users/${encodeURIComponent(userId)}`, values);
        setUserId("");
        setAdded((count) => count + 1);
        reload();
      }}
    >
      <div className="admin-field">
        <label htmlFor={selectId}>User</label>
        <select id={selectId} value={userId} onChange={(event) => setUserId(event.target.value)} required>
          <option value="">Choose a user…</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.email} ({user.role})
            </option>
          ))}
        </select>
      </div>
    </LimitForm>
  );
}
