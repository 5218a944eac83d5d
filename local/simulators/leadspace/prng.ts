import { createHash } from 'node:crypto';

export { seededRandom } from '../../seededRandom';

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A stable number in [0, 1) for a string, for decisions that must follow the content rather than call order. */
export function unitHash(text: string): number {
  return sha256(text).readUInt32BE(0) / 4294967296;
}

/** JSON with sorted keys, so two objects with the same content hash the same whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
