/**
 * The reference-path subset of JSONPath that Parameters-style templates in Leadflow's definition use
 * (`$`, `$.a.b`, `$$.Map.Item.Value.x`). Needed for the fields the interpreter does not evaluate for a
 * distributed Map (ItemReader parameters, ItemSelector); anything richer is refused rather than guessed.
 */
export function readPath(path: string, input: unknown, context: unknown): unknown {
  const fromContext = path.startsWith('$$');
  const rest = fromContext ? path.slice(2) : path.slice(1);
  if (!path.startsWith('$') || (rest !== '' && !/^(\.[A-Za-z0-9_-]+)+$/.test(rest))) {
    throw new Error(`Unsupported path ${path} in the local runner`);
  }
  let value: unknown = fromContext ? context : input;
  for (const segment of rest.split('.').slice(1)) {
    value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[segment];
  }
  if (value === undefined) throw new Error(`Path ${path} matched nothing`);
  return value;
}

export function applyTemplate(template: unknown, input: unknown, context: unknown): unknown {
  if (Array.isArray(template)) return template.map((t) => applyTemplate(t, input, context));
  if (template === null || typeof template !== 'object') return template;
  return Object.fromEntries(
    Object.entries(template as Record<string, unknown>).map(([key, value]) =>
      key.endsWith('.$') ? [key.slice(0, -2), readPath(String(value), input, context)] : [key, applyTemplate(value, input, context)],
    ),
  );
}
