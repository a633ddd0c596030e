/**
 * Trained models kept in the browser (IndexedDB, via `idb`): the SavedModel is stored as is (typed
 * arrays included, structured-cloned), with a small listing record. Downloadable files use
 * `encodeSavedModel` / `decodeSavedModel` from saved-model.ts instead.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SavedModel } from '../models/training-data';

/** What the model list shows. */
export interface StoredModelInfo {
  id: string;
  name: string;
  kind: SavedModel['kind'];
  savedAt: string;
  cutoff: string;
  horizon: number;
  features: string[];
  testAuc?: number;
}

interface ModelDb extends DBSchema {
  models: { key: string; value: StoredModelInfo & { model: SavedModel }; indexes: { savedAt: string } };
}

/** The browser's model shelf. */
export interface ModelStore {
  put(name: string, model: SavedModel): Promise<StoredModelInfo>;
  get(id: string): Promise<SavedModel | undefined>;
  list(): Promise<StoredModelInfo[]>;
  delete(id: string): Promise<void>;
  close(): void;
}

/** Opens (creating when needed) the IndexedDB database `name`. */
export async function openModelStore(name = 'cohortbook-models'): Promise<ModelStore> {
  const db: IDBPDatabase<ModelDb> = await openDB<ModelDb>(name, 1, {
    upgrade(database) {
      database.createObjectStore('models', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
    },
  });
  return {
    async put(label, model) {
      const info: StoredModelInfo = {
        id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        name: label,
        kind: model.kind,
        savedAt: new Date().toISOString(),
        cutoff: model.cutoff,
        horizon: model.horizon,
        features: model.features.map((f) => f.name),
        ...(model.testAuc !== undefined ? { testAuc: model.testAuc } : {}),
      };
      await db.put('models', { ...info, model });
      return info;
    },
    async get(id) {
      return (await db.get('models', id))?.model;
    },
    async list() {
      const all = await db.getAllFromIndex('models', 'savedAt');
      return all.reverse().map(({ model: _model, ...info }) => info);
    },
    async delete(id) {
      await db.delete('models', id);
    },
    close: () => db.close(),
  };
}
