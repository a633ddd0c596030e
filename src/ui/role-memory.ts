/** Remembers the role mapping and the currency a user chose, per file layout, in IndexedDB (via `idb`). */
import { openDB, type IDBPDatabase } from 'idb';
import type { RoleMap } from '../ingest/types';

/** Where chosen mappings are kept between visits. */
export interface RoleMemory {
  recall(layout: string): Promise<RoleMap | null>;
  remember(layout: string, roles: RoleMap): Promise<void>;
  /** The currency chosen for files of this layout: 'none', an ISO code, or null when never chosen. */
  recallCurrency?(layout: string): Promise<string | null>;
  rememberCurrency?(layout: string, choice: string): Promise<void>;
}

/** The key of a layout's currency choice, beside its mapping. */
const currencyKey = (layout: string) => `${layout}\u0000currency`;

const DB_NAME = 'cohortbook-role-mappings';
const STORE = 'mappings';

/** A RoleMemory in this browser's IndexedDB; when storage is unavailable it quietly remembers nothing. */
export function indexedDbRoleMemory(): RoleMemory {
  let opened: Promise<IDBPDatabase> | null = null;
  const open = () =>
    (opened ??= openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore(STORE);
      },
      // "Erase everything" deletes the database: let go at once.
      blocking() {
        void opened?.then((db) => db.close());
        opened = null;
      },
    }));
  return {
    async recall(layout) {
      try {
        return ((await (await open()).get(STORE, layout)) as RoleMap | undefined) ?? null;
      } catch {
        return null;
      }
    },
    async remember(layout, roles) {
      try {
        await (await open()).put(STORE, { ...roles }, layout);
      } catch {
        /* private mode or quota: the mapping still applies now, it is just not remembered */
      }
    },
    async recallCurrency(layout) {
      try {
        return ((await (await open()).get(STORE, currencyKey(layout))) as string | undefined) ?? null;
      } catch {
        return null;
      }
    },
    async rememberCurrency(layout, choice) {
      try {
        const db = await open();
        if (choice === 'auto') await db.delete(STORE, currencyKey(layout));
        else await db.put(STORE, choice, currencyKey(layout));
      } catch {
        /* not remembered; still applies now */
      }
    },
  };
}
