// `npm run size -- --why`: where each file's bytes go, by source module, so the next person sees
// what to cut. Minified bytes come from the file's source map (each byte of the output belongs
// to the module its mapping points at); the gzip column shares the file's gzip size among the
// modules in proportion to what gzip would save without each one (a module whose text repeats
// elsewhere in the file costs little once compressed). "via" is the shortest import chain from
// the entry point, which answers "what pulls this module in?".
import { decode } from '@jridgewell/sourcemap-codec';
import { gzipSync } from 'node:zlib';

const gzip = (text) => gzipSync(text, { level: 9 }).length;

/** A short, stable name for a module path: `lit-html/lit-html.js`, `src/core/i18n`. */
export function moduleName(path) {
  const normal = path.replaceAll('\\', '/');
  const pkg = normal.lastIndexOf('node_modules/');
  if (pkg >= 0) return normal.slice(pkg + 'node_modules/'.length);
  const src = normal.search(/(^|\/)(src|dist)\//);
  if (src >= 0) {
    return normal
      .slice(src + (normal[src] === '/' ? 1 : 0))
      .replace(/^dist\//, 'src/')
      .replace(/\.(js|ts)$/, '');
  }
  return normal;
}

/** The package a module belongs to (`lit`, `nanostores`, `ky`), or `saleday`. */
const packageOf = (name) =>
  /^(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(name)
    ? 'lit'
    : name.startsWith('src/')
      ? 'saleday'
      : name.split('/')[0];

/**
 * Minified and gzip bytes of `code` by source module, read from its source map.
 * @param {string} code - The minified file.
 * @param {{ sources: string[], mappings: string }} map - Its source map.
 * @returns {{ name: string, bytes: number, gzip: number }[]} Largest first.
 */
export function attribute(code, map) {
  const names = map.sources.map((source) => (source ? moduleName(source) : '(unmapped)'));
  /** The text of each module, in output order, and of the whole file. */
  const pieces = []; // [nameIndex, text]
  const lines = code.split('\n');
  const decoded = decode(map.mappings);
  // A mapping holds until the next one, across line breaks (a multi-line template literal has
  // one mapping, at its start).
  let owner = -1;
  lines.forEach((line, index) => {
    const segments = decoded[index] ?? [];
    let column = 0;
    for (const segment of segments) {
      if (segment[0] > column) pieces.push([owner, line.slice(column, segment[0])]);
      column = Math.max(column, segment[0]);
      owner = segment.length > 1 ? segment[1] : -1;
    }
    pieces.push([owner, line.slice(column) + (index < lines.length - 1 ? '\n' : '')]);
  });
  const bytes = new Map();
  for (const [owner, text] of pieces) {
    bytes.set(owner, (bytes.get(owner) ?? 0) + Buffer.byteLength(text));
  }
  const total = gzip(code);
  const savings = new Map();
  for (const owner of bytes.keys()) {
    const without = pieces
      .filter(([other]) => other !== owner)
      .map(([, text]) => text)
      .join('');
    savings.set(owner, Math.max(0, total - gzip(without)));
  }
  const saved = [...savings.values()].reduce((sum, value) => sum + value, 0) || 1;
  return [...bytes]
    .map(([owner, size]) => ({
      name: owner < 0 ? '(wrapper and glue)' : names[owner],
      bytes: size,
      gzip: Math.round((total * savings.get(owner)) / saved),
    }))
    .sort((a, b) => b.gzip - a.gzip || b.bytes - a.bytes);
}

/**
 * The shortest import chain from `entry` to each module of a rollup build.
 * @param {string} entry - The entry module's id.
 * @param {(id: string) => { importedIds: readonly string[], dynamicallyImportedIds: readonly string[] } | null} info
 * @returns {Map<string, string[]>} Module name to the chain of names that leads to it.
 */
export function importChains(entry, info) {
  const chains = new Map([[entry, [moduleName(entry)]]]);
  const queue = [entry];
  while (queue.length) {
    const id = queue.shift();
    const module = info(id);
    for (const next of [
      ...(module?.importedIds ?? []),
      ...(module?.dynamicallyImportedIds ?? []),
    ]) {
      if (chains.has(next)) continue;
      chains.set(next, [...chains.get(id), moduleName(next)]);
      queue.push(next);
    }
  }
  return new Map([...chains.values()].map((chain) => [chain.at(-1), chain]));
}

/**
 * Prints a file's attribution: packages first, then every module of 100 minified bytes or more
 * with the chain that pulls it in (when known).
 */
export function printWhy(file, rows, chains) {
  const total = rows.reduce(
    (sum, row) => ({ bytes: sum.bytes + row.bytes, gzip: sum.gzip + row.gzip }),
    {
      bytes: 0,
      gzip: 0,
    },
  );
  console.log(`\n${file}: ${total.bytes} B minified, ${total.gzip} B gzip`);
  const packages = new Map();
  for (const row of rows) {
    const name = row.name.startsWith('(') ? row.name : packageOf(row.name);
    const sum = packages.get(name) ?? { bytes: 0, gzip: 0 };
    packages.set(name, { bytes: sum.bytes + row.bytes, gzip: sum.gzip + row.gzip });
  }
  console.log('  by package                                      minified     gzip   share');
  for (const [name, sum] of [...packages].sort((a, b) => b[1].gzip - a[1].gzip)) {
    console.log(
      `  ${name.padEnd(44)} ${String(sum.bytes).padStart(10)} ${String(sum.gzip).padStart(8)} ${`${((100 * sum.gzip) / total.gzip).toFixed(1)}%`.padStart(7)}`,
    );
  }
  console.log('  by module                                       minified     gzip   via');
  let rest = { count: 0, bytes: 0, gzip: 0 };
  for (const row of rows) {
    if (row.bytes < 100) {
      rest = { count: rest.count + 1, bytes: rest.bytes + row.bytes, gzip: rest.gzip + row.gzip };
      continue;
    }
    const chain = chains?.get(row.name);
    const via = chain && chain.length > 2 ? chain.slice(1, -1).join(' > ') : '';
    console.log(
      `  ${row.name.padEnd(44)} ${String(row.bytes).padStart(10)} ${String(row.gzip).padStart(8)}   ${via}`,
    );
  }
  if (rest.count) {
    console.log(
      `  ${`(${rest.count} modules under 100 B)`.padEnd(44)} ${String(rest.bytes).padStart(10)} ${String(rest.gzip).padStart(8)}`,
    );
  }
}
