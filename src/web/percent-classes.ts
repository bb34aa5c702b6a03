/**
 * Bar lengths as classes, one per whole percent: the Content-Security-Policy allows no style attributes,
 * so a computed width or height is a class of the served stylesheet.
 */
const PERCENTS = Array.from({ length: 101 }, (_, p) => p);

export const PERCENT_CSS = PERCENTS.map((p) => `.w-${p}{width:${p}%}.h-${p}{height:${p}%}`).join('') + '\n';

const whole = (ratio: number) => Math.min(100, Math.max(0, Math.round(ratio * 100)));

/** The class giving an element `ratio` (0…1) of its container's width, to the nearest percent. */
export const widthClass = (ratio: number) => `w-${whole(ratio)}`;

/** The class giving an element `ratio` (0…1) of its container's height, to the nearest percent. */
export const heightClass = (ratio: number) => `h-${whole(ratio)}`;
