/** The archive formats `wirewatch export` writes besides the dumps (a module of its own: naming them loads no WARC code). */
export const WARC_FORMATS = ['warc', 'wacz'] as const;
export type WarcFormat = (typeof WARC_FORMATS)[number];
