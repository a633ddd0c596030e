/** The repurchase fixture, shared by the repurchase and headline tests. */
import { line, type Line } from './fixture';

/**
 * Last date in the data: 2023-06-30 (z). Second order within N days compares timestamps.
 *   p  Jan 1 10:00 -> Jan 31 09:00 (29 d 23 h)   within 30
 *   q  Jan 1 10:00 -> Jan 31 12:00 (30 d 2 h)    within 60, not 30
 *   r  Feb 1 -> Apr 15 (73 d)                    within 90
 *   s  Mar 1 only
 *   t  two orders on May 1 (0 d); first date 60 days before the end: eligible for 30 and 60 only
 *   u  Jun 15 -> Jun 20: never eligible (15 days of history)
 *   v  a returned order on Jan 10 does not count: first order Mar 20 -> Apr 10 (21 d)
 *   z  Jun 30 only: never eligible
 */
export const REPURCHASE: Line[] = [
  line('p1', 'p', '2023-01-01 10:00', 10),
  line('p2', 'p', '2023-01-31 09:00', 10),
  line('q1', 'q', '2023-01-01 10:00', 10),
  line('q2', 'q', '2023-01-31 12:00', 10),
  line('r1', 'r', '2023-02-01', 100),
  line('r2', 'r', '2023-04-15', 100),
  line('s1', 's', '2023-03-01', 10),
  line('t1', 't', '2023-05-01 10:00', 10),
  line('t2', 't', '2023-05-01 18:00', 10),
  line('u1', 'u', '2023-06-15', 50),
  line('u2', 'u', '2023-06-20', 50),
  line('v0', 'v', '2023-01-10', 500, { status: 'returned' }),
  line('v1', 'v', '2023-03-20', 10),
  line('v2', 'v', '2023-04-10', 10),
  line('z1', 'z', '2023-06-30', 10),
];
