import { NavLink, Outlet } from 'react-router';

const NAV = [
  { to: '/incidents', label: 'Incidents' },
  { to: '/catalog', label: 'Vendors & catalog' },
  { to: '/deadlines', label: 'Deadlines' },
];

export function Layout() {
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
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
            <li>
              <a href="/api/docs">API docs</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
