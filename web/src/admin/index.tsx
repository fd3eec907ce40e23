import type { RouteObject } from "react-router";
import { Alerts } from "./alerts.tsx";
import { Dashboard } from "./dashboard.tsx";
import { JobDetail } from "./job-detail.tsx";
import { Jobs } from "./jobs.tsx";
import { Limits } from "./limits.tsx";
import { Logs } from "./logs.tsx";
import { Users } from "./users.tsx";
import { Webhooks } from "./webhooks.tsx";
import "./admin.css";

// The admin pages, mounted by the app shell under /admin for admins. Paths are relative and every
// link between them is route-relative, so the shell decides where they live.

/** The admin pages' routes, relative to where they are mounted. */
export const adminRoutes: RouteObject[] = [
  { index: true, element: <Dashboard /> },
  { path: "jobs", element: <Jobs /> },
  { path: "jobs/:id", element: <JobDetail /> },
  { path: "users", element: <Users /> },
  { path: "limits", element: <Limits /> },
  { path: "logs", element: <Logs /> },
  { path: "alerts", element: <Alerts /> },
  { path: "webhooks", element: <Webhooks /> },
];

/** The admin navigation, relative to the mount point ("" is the dashboard). */
export const adminNavItems: { to: string; label: string }[] = [
  { to: "", label: "Dashboard" },
  { to: "jobs", label: "Jobs" },
  { to: "users", label: "Users" },
  { to: "limits", label: "Limits" },
  { to: "logs", label: "Logs" },
  { to: "alerts", label: "Alerts" },
  { to: "webhooks", label: "Webhooks" },
];
