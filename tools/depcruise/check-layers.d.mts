/** Types of check-layers.mjs for the tests that call it. */
export type LayerViolation = { rule: string; from: string; to: string; cycle?: string[] };
export type LayerCheck = { ok: boolean; report: string; cruised: number; expected: number; violations: LayerViolation[] };
export function ensureInstalled(): void;
export function sourceFiles(base: string, folders: string[]): string[];
export function checkLayers(base: string, folders: string[], config?: string): LayerCheck;
