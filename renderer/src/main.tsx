// First: stamps this load's CSP nonce on the styles antd inserts (see the module).
import './app/csp-nonce.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { captureLaunchToken, watchLaunchToken } from './api/client.js';
import { initI18n } from './i18n/index.js';
import { createQueryClient, Root } from './app/Root.js';
import './styles.css';

// Order matters: take the launch token out of the URL before the hash router reads it.
captureLaunchToken();
initI18n();

const queryClient = createQueryClient();
watchLaunchToken(() => void queryClient.resetQueries());

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
createRoot(container).render(
  <StrictMode>
    <Root queryClient={queryClient} />
  </StrictMode>,
);
