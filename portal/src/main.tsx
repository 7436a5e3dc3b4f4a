import { render } from 'preact';
import { Provider } from '@urql/preact';
import { client } from './client';
import { SessionProvider } from './session';
import { App } from './app';
import './styles.css';

render(
  <Provider value={client}>
    <SessionProvider>
      <App />
    </SessionProvider>
  </Provider>,
  document.getElementById('app')!,
);
