/** `faultline check --format`: apart from check.ts so the program lists the choices without loading the checker. */
export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
