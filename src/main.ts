/** App entry: wires the workspace and the notebook to the real engine, workers and storage, then mounts the UI. */
import { mount } from 'svelte';
import tourEn from '../samples/tour.cohortbook.md?raw';
import tourZh from '../samples/tour.zh-CN.cohortbook.md?raw';
import { createExportEncoder } from '../workers/export/client';
import { createWorkerDecoder } from '../workers/ingest/client';
import App from './ui/App.svelte';
import { opfsFileKeeper } from './ui/notebook/file-keeper';
import { createNotebookApp, type NotebookApp } from './ui/notebook/notebook-app.svelte';
import { indexedDbNotebookStore } from './ui/notebook/notebook-store';
import { localStorageJournal } from './ui/notebook/save-journal';
import { indexedDbRoleMemory } from './ui/role-memory';
import { createWorkspace, type IngestModule } from './ui/workspace.svelte';
import './ui/theme.css';

async function ingest(): Promise<IngestModule> {
  const [load, roles, rehearsal] = await Promise.all([import('./ingest/load'), import('./ingest/roles'), import('./ingest/rehearsal')]);
  return { loadFile: load.loadFile, remapRoles: load.remapRoles, layoutKey: roles.layoutKey, roleMapOf: roles.roleMapOf, rehearseLoad: rehearsal.rehearseLoad };
}

let notebook: NotebookApp | null = null;

const workspace = createWorkspace({
  openDb: async () => (await import('./engine/browser')).openBrowserDb(),
  ingest,
  decoder: createWorkerDecoder(),
  roleMemory: indexedDbRoleMemory(),
  fetchSample: () => fetch(`${import.meta.env.BASE_URL}samples/shop.csv`),
  now: () => performance.now(),
  onLoaded: (file, analysable) => notebook?.loaded(file, analysable),
});

notebook = createNotebookApp({
  workspace,
  store: indexedDbNotebookStore(),
  journal: localStorageJournal(),
  keeper: opfsFileKeeper(),
  exporter: createExportEncoder(),
  tours: { en: tourEn, 'zh-CN': tourZh },
  now: () => performance.now(),
});

mount(App, { target: document.getElementById('app')!, props: { workspace, notebook } });
