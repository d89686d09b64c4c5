import { NavLink, Outlet, useNavigate } from 'react-router';
import { signOut } from './api';
import { InboxNavLink } from './features/postmortems/inbox-page';
import { useSession } from './session';

const NAV = [
  { to: '/incidents', label: 'Incidents' },
  { to: '/catalog', label: 'Vendors & catalog' },
  { to: '/vendors', label: 'Vendor status' },
  { to: '/vendor-ledger', label: 'Vendor ledger' },
  { to: '/deadlines', label: 'Deadlines' },
];

function Account() {
  const { user, setUser } = useSession();
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <div className="account">
      <span>
        {user.displayName} <span className="small">({user.role})</span>
      </span>
      <NavLink to="/tokens" className="small">
        API tokens
      </NavLink>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          signOut()
            .catch(() => undefined)
            .finally(() => {
              setUser(null);
              navigate('/sign-in', { replace: true });
            });
        }}
      >
        Sign out
      </button>
    </div>
  );
}

export function Layout() {
  const { user } = useSession();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/incidents" className="brand">
          RCA desk
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {(user?.role === 'manager' || user?.role === 'admin') && (
              <li>
                <NavLink to="/dashboard">Dashboard</NavLink>
              </li>
            )}
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
            {user && (
              <li>
                <InboxNavLink signedIn />
              </li>
            )}
            {(user?.role === 'manager' || user?.role === 'admin') && (
              <li>
                <NavLink to="/admin/templates">Templates</NavLink>
              </li>
            )}
            {user?.role === 'admin' && (
              <>
                <li>
                  <NavLink to="/export-targets">Export targets</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/trackers">Trackers</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/people">People</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/notifications">Notifications</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/slack">Slack</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/audit">Audit log</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/ai-assist">AI assistance</NavLink>
                </li>
              </>
            )}
            <li>
              <a href="/api/docs">API docs</a>
            </li>
          </ul>
        </nav>
        <Account />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p className="small">
          RCA desk · <a href="/api/docs">REST API</a>
        </p>
      </footer>
    </div>
  );
}
