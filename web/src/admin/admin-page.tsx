import { useId, type ReactNode } from "react";

/**
 * An admin page: `above` (a link back), its heading with a Refresh button when `onRefresh` is given,
 * then `children`. `refreshing` disables the button while a reload is under way.
 */
export function AdminPage({
  title,
  above,
  onRefresh,
  refreshing = false,
  children,
}: {
  title: ReactNode;
  above?: ReactNode;
  onRefresh?: () => void;
  refreshing?: boolean;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="admin-page">
      {above}
      <div className="admin-heading-row">
        <h1 id={headingId}>{title}</h1>
        {onRefresh !== undefined && (
          <button type="button" onClick={onRefresh} disabled={refreshing}>
            {refreshing ? "Refreshing…" : "Refresh"}
          </button>
        )}
      </div>
      {children}
    </section>
  );
}
