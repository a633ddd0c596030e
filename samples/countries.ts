/** Countries of the simulated shop's customers (a European web shop) with their shares. */
import { cumulate } from './random';

/** Country names as a shop export writes them. */
export const COUNTRIES: readonly string[] = [
  'Germany', 'Netherlands', 'France', 'Austria', 'Belgium', 'Switzerland', 'United Kingdom', 'Italy', 'Spain', 'Denmark', 'Sweden', 'Poland',
];

/** Cumulative country shares, for `Random.pickCumulative`. */
export const COUNTRY_CUMULATIVE: Float64Array = cumulate([34, 12, 11, 8, 7, 6, 7, 5, 4, 2.5, 2, 1.5]);
