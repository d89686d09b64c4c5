import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { getActor, setActor } from './api';

const NAV = [
  { to: '/incidents', label: 'Incidents' },
  { to: '/catalog', label: 'Vendors & catalog' },
  { to: '/deadlines', label: 'Deadlines' },
];

function ActorField() {
  const [name, setName] = useState(getActor());
  return (
    <div className="actor">
      <label htmlFor="actor-name">Your name in the activity log</label>
      <input
        id="actor-name"
        value={name}
        maxLength={200}
        placeholder="anonymous"
        autoComplete="name"
        onChange={(event) => {
          setName(event.target.value);
          setActor(event.target.value);
        }}
      />
    </div>
  );
}

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
      <footer className="footer">
        <ActorField />
        <p className="small">
          RCA desk · <a href="/api/docs">REST API</a>
        </p>
      </footer>
    </div>
  );
}
