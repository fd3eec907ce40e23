import { useId, useState, type FormEvent } from "react";
import { useSession } from "../session/index.tsx";
import { ErrorState, ResourceView, useApiResource } from "../ui/index.tsx";
import { roles, type ModelAccess, type Role } from "./types.ts";

type RoleModels = ModelAccess["roles"][Role];

/** The models each role may name in a course request: view, change, reset (docs/limits.md, "Models"). */
export function ModelLists() {
  const { resource, reload } = useApiResource("model-lists", (api, signal) =>
    api.get<ModelAccess>("/v1/admin/models", { signal }),
  );
  return (
    <section aria-labelledby="admin-model-lists-heading" className="admin-section">
      <h2 id="admin-model-lists-heading">Models per role</h2>
      <p>
        A request may leave the model out (the default is used) or name one of its role's models. Only priced models can
        be listed, so every call's cost counts against the budgets.
      </p>
      <ResourceView resource={resource} reload={reload} label="Loading model lists…">
        {(access) => (
          <div className="admin-grid">
            {roles.map((role) => (
              <RoleModelsForm key={role} role={role} access={access} reload={reload} />
            ))}
          </div>
        )}
      </ResourceView>
    </section>
  );
}

function RoleModelsForm({ role, access, reload }: { role: Role; access: ModelAccess; reload: () => void }) {
  const { api } = useSession();
  const baseId = useId();
  const current = access.roles[role];
  const [chosen, setChosen] = useState<readonly string[]>(current.models);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState("");
  // A stored model that lost its price is still shown, so it can be removed.
  const choices = [...new Set([...access.selectable, ...current.models])];

  const send = async (change: () => Promise<RoleModels>, done: string) => {
    setBusy(true);
    setFailure(undefined);
    setSaved("");
    try {
      setChosen((await change()).models);
      setSaved(done);
      reload();
    } catch (caught) {
      setFailure(caught);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send(() => api.put<RoleModels>(`/v1/admin/models/${role}`, { models: chosen }), "Saved.");
  };
  return (
    <form className="card admin-form" onSubmit={submit} aria-label={`Models of the ${role} role`}>
      <fieldset>
        <legend>Role {role}</legend>
        <p className="admin-muted">
          {current.source === "config" ? "The default list (from the configuration)." : "Set by an admin."}
        </p>
        {choices.map((model) => {
          const id = `${baseId}-${model}`;
          return (
            <div className="admin-field admin-checkbox" key={model}>
              <input
                id={id}
                type="checkbox"
                checked={chosen.includes(model)}
                onChange={(event) => {
                  setSaved("");
                  setChosen((previous) =>
                    event.target.checked ? [...previous, model] : previous.filter((entry) => entry !== model),
                  );
                }}
              />
              <label htmlFor={id}>{model}</label>
            </div>
          );
        })}
      </fieldset>
      {failure !== undefined && <ErrorState error={failure} />}
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : `Save ${role} models`}
        </button>
        {current.source === "admin" && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void send(() => api.del<RoleModels>(`/v1/admin/models/${role}`), "Reset to the default.")}
          >
            Reset {role} to the default
          </button>
        )}
        <span role="status" className="admin-muted">
          {saved}
        </span>
      </div>
    </form>
  );
}
