/** The currency of the data being analysed, as shared reactive state: grids, tiles and charts show money with it. */
import type { Currency } from '../ingest/types';

let current = $state<Currency | null>(null);

export const shopMoney = {
  get currency(): Currency | null {
    return current;
  },
  set currency(next: Currency | null) {
    current = next;
  },
};
