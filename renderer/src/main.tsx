import { createRoot } from 'react-dom/client';
import { createClient } from '../../electron/common/rpc/client.js';
import { App } from './app/App.js';
import { initI18n } from './i18n/index.js';
import { connectTransport } from './platform/transport.js';
import { startStats } from './stats/live.js';
import { connectStore } from './store/store.js';
import './styles.css';

async function boot(): Promise<void> {
  await initI18n();
  const transport = connectTransport();
  const client = createClient(transport.peer);
  startStats(client);
  createRoot(document.getElementById('root')!).render(<App />);
  await connectStore(client, transport);
}

void boot();
