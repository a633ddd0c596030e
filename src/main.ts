/** App entry: wires the workspace to the real engine, the ingest worker and storage, then mounts the UI. */
import { mount } from 'svelte';
import { createWorkerDecoder } from './rpc/ingest-client';
import App from './ui/App.svelte';
import { indexedDbRoleMemory } from './ui/role-memory';
import { createWorkspace, type IngestModule } from './ui/workspace.svelte';
import './ui/theme.css';

async function ingest(): Promise<IngestModule> {
  const [load, roles] = await Promise.all([import('./ingest/load'), import('./ingest/roles')]);
  return { loadFile: load.loadFile, remapRoles: load.remapRoles, layoutKey: roles.layoutKey };
}

const workspace = createWorkspace({
  openDb: async () => (await import('./engine/browser')).openBrowserDb(),
  ingest,
  decoder: createWorkerDecoder(),
  roleMemory: indexedDbRoleMemory(),
  fetchSample: () => fetch(`${import.meta.env.BASE_URL}samples/shop.csv`),
  now: () => performance.now(),
});

mount(App, { target: document.getElementById('app')!, props: { workspace } });
