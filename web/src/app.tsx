import { createBrowserRouter, NavLink, Outlet, useLocation, type RouteObject } from "react-router";
import { useEffect, useRef } from "react";
import { useSession } from "./session/index.tsx";
import { ErrorState } from "./ui/index.tsx";
import { NewCoursePage } from "./teacher/new-course.tsx";
import { JobPage } from "./teacher/job-page.tsx";
import { CoursePage } from "./teacher/course-page.tsx";
import { CoursesPage, HomePage, JobsPage } from "./teacher/lists.tsx";
import { DocumentsPage } from "./teacher/documents-page.tsx";
import { adminNavItems, adminRoutes } from "./admin/index.tsx";

const teacherNav = [
  { to: "/", label: "Home", end: true },
  { to: "/new", label: "New course", end: false },
  { to: "/courses", label: "My courses", end: false },
  { to: "/jobs", label: "My jobs", end: false },
  { to: "/documents", label: "Documents", end: false },
];

function Layout() {
  const { me, signOut } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After an in-app navigation, move focus to the new page so keyboard and screen-reader users start there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" end>
          Courseforge
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {teacherNav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {me.role === "admin" && (
              <li>
                <NavLink to="/admin">Admin</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="who">
          <span className="role-badge" title={me.userId}>
            {me.email} · {me.role}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {me.role === "admin" && location.pathname.startsWith("/admin") && (
        <nav aria-label="Admin" className="sub-nav">
          <ul>
            {adminNavItems.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to === "" ? "/admin" : `/admin/${item.to}`} end={item.to === ""}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" ref={main} tabIndex={-1} className="page">
        <Outlet />
      </main>
    </>
  );
}

function AdminOnly() {
  const { me } = useSession();
  if (me.role !== "admin") return <ErrorState error={new Error("This part of Courseforge is for admins.")} />;
  return <Outlet />;
}

function NotFound() {
  return <ErrorState error={new Error("There is no page at this address.")} />;
}

const routes: RouteObject[] = [
  {
    path: "/",
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: "new", element: <NewCoursePage /> },
      { path: "courses", element: <CoursesPage /> },
      { path: "courses/:id", element: <CoursePage /> },
      { path: "jobs", element: <JobsPage /> },
      { path: "jobs/:id", element: <JobPage /> },
      { path: "documents", element: <DocumentsPage /> },
      { path: "admin", element: <AdminOnly />, children: adminRoutes },
      { path: "*", element: <NotFound /> },
    ],
  },
];

/** The app's routes: the teacher pages, and the admin pages under /admin for admins. */
export const router = createBrowserRouter(routes);
