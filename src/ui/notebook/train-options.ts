/**
 * The training worker's start-up switches, read once from the page's URL. Normal use passes nothing
 * (the backend is picked by a measured trial). Tests open the app with `?backend=webgl&softwareWebgl=1`
 * to force TF.js onto WebGL even on a software renderer (SwiftShader in headless Chromium), which the
 * trial would otherwise never pick there. Unknown values are ignored.
 */
import type { BackendName } from '../../models/backend';
import type { HelloOptions } from '../../../workers/train/trainer';

const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The trainer's hello options named in a URL query string (`location.search`). */
export function trainOptionsFromQuery(search: string): HelloOptions {
  const query = new URLSearchParams(search);
  const backend = query.get('backend');
  const options: HelloOptions = {};
  if (backend && (BACKENDS as readonly string[]).includes(backend)) options.prefer = backend as BackendName;
  if (query.get('softwareWebgl') === '1') options.softwareWebgl = true;
  return options;
}
