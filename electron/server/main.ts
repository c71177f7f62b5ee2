// `npm run serve` / `virtdeck serve`: Virtdeck in a browser.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigDir } from '../node/connections/config-dir.js';
import { createBackend } from '../node/virt-service.js';
import { parseServeArgs, UsageError } from './options.js';
import { startServer } from './server.js';

const log = (m: string) => process.stderr.write(`virtdeck: ${m}\n`);

async function main(): Promise<void> {
  let options;
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      log(err.message);
      process.exit(2);
    }
    throw err;
  }
  const backend = await createBackend({ configDir: options.configDir ?? defaultConfigDir(), log });
  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'renderer');
  const server = await startServer(backend, options, rendererDir, log, (url) => process.stdout.write(`Virtdeck is listening at ${url}\n`));
  process.stdout.write(`Virtdeck is listening at ${server.loginUrl}\n`);
  const stop = async () => {
    await server.close();
    await backend.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main();
