import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useMutation } from '@urql/preact';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { SignOutMutation } from './operations';
import { useSession } from './session';
import { Welcome } from './pages/Welcome';
import { Join } from './pages/Join';
import { SignIn } from './pages/SignIn';
import { Dashboard } from './pages/Dashboard';
import { Profile } from './pages/Profile';
import { Accounts } from './pages/Accounts';
import { Consent } from './pages/Consent';
import { MyData } from './pages/MyData';
import { WhoLooked } from './pages/WhoLooked';

const PAGES: Array<{ path: string; label: string }> = [
  { path: '/', label: 'Overview' },
  { path: '/profile', label: 'Profile' },
  { path: '/accounts', label: 'Accounts' },
  { path: '/consent', label: 'Consent' },
  { path: '/who-looked', label: 'Who looked' },
  { path: '/my-data', label: 'My data' },
];
const TITLES: Record<string, string> = {
  '/join': 'Join', '/sign-in': 'Sign in', '/goodbye': 'Account deleted',
  ...Object.fromEntries(PAGES.slice(1).map((p) => [p.path, p.label])),
};

function NavLink({ path, label }: { path: string; label: string }) {
  const [location] = useLocation();
  const current = location === path;
  return (
    <Link href={path} class="nav__link" aria-current={current ? 'page' : undefined}>
      {label}
    </Link>
  );
}

function Shell({ children }: { children: ComponentChildren }) {
  const { me, flash, flashAt, say } = useSession();
  const [location] = useLocation();
  useEffect(() => {
    // a message belongs to the page where it happened, unless it led here (sign-up, sign-in)
    if (flash && Date.now() - flashAt > 1500) say(null);
  }, [location]);
  const [, signOut] = useMutation(SignOutMutation);
  useEffect(() => {
    document.title = `${TITLES[location] ?? (me ? 'Overview' : 'For creators')} · Permission`;
  }, [location, me]);
  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => say(null), 12_000);
    return () => clearTimeout(t);
  }, [flash]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="container site-header__inner">
          <Link href="/" class="brand" aria-label="Permission, home">
            <span class="brand__mark" aria-hidden="true">P</span>
            <span class="brand__name">Permission</span>
            <span class="brand__tag">for creators</span>
          </Link>
          {me ? (
            <button
              type="button"
              class="button button--quiet button--small"
              onClick={async () => {
                await signOut({});
                // a fresh page: nothing of the session stays in memory
                window.location.assign('/portal/sign-in?signed-out');
              }}
            >
              Sign out
            </button>
          ) : null}
        </div>
        {me ? (
          <nav class="container nav" aria-label="Portal">
            <ul>
              {PAGES.map((p) => (
                <li key={p.path}>
                  <NavLink {...p} />
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" class="container main" tabIndex={-1}>
        <div class="flash" role="status" aria-live="polite">
          {flash ? <p class="flash__message">{flash}</p> : null}
        </div>
        {children}
      </main>
      <footer class="site-footer container">
        <p>Listed only by your own choice · withdraw or delete with one click · no global score, ever.</p>
      </footer>
    </>
  );
}

export function App() {
  const { me, loading, problem } = useSession();
  if (loading) {
    return (
      <Router base="/portal">
        <Shell>
          <p class="muted">Loading…</p>
        </Shell>
      </Router>
    );
  }
  return (
    <Router base="/portal">
      <Shell>
        {problem && !me ? (
          <div class="notice notice--danger" role="alert">
            <p>{problem}</p>
          </div>
        ) : null}
        {me ? (
          <Switch>
            <Route path="/" component={Dashboard} />
            <Route path="/profile" component={Profile} />
            <Route path="/accounts" component={Accounts} />
            <Route path="/consent" component={Consent} />
            <Route path="/who-looked" component={WhoLooked} />
            <Route path="/my-data" component={MyData} />
            <Route>
              <Redirect to="/" />
            </Route>
          </Switch>
        ) : (
          <Switch>
            <Route path="/">
              <Welcome />
            </Route>
            <Route path="/join" component={Join} />
            <Route path="/goodbye">
              <Welcome goodbye />
            </Route>
            <Route component={SignIn} />
          </Switch>
        )}
      </Shell>
    </Router>
  );
}
