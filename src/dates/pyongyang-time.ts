import { DateTime } from 'luxon';

// Pyongyang kept UTC+8:30 from 2015-08-15 00:00 local to 2018-05-05 00:00 local; UTC+9 otherwise.
const HALF_HOUR_START = Date.UTC(2015, 7, 14, 15, 0); // 2015-08-15 00:00 at UTC+9
const HALF_HOUR_END = Date.UTC(2018, 4, 4, 15, 30); // 2018-05-05 00:00 at UTC+8:30

export function pyongyangOffsetMinutes(instant: Date): number {
  const t = instant.getTime();
  return t >= HALF_HOUR_START && t < HALF_HOUR_END ? 510 : 540;
}

/** The Pyongyang calendar date of an instant (capture times become local dates this way). */
export function pyongyangDate(instant: Date): string {
  return DateTime.fromJSDate(instant).setZone(fixedZone(pyongyangOffsetMinutes(instant))).toISODate()!;
}

function fixedZone(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `UTC+${h}` : `UTC+${h}:${String(m).padStart(2, '0')}`;
}
