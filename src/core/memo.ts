/**
 * Get-or-create for the SDK's caches and registries.
 * @module
 */

/** A `Map` or a `WeakMap`. */
interface Table<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value of `key` in `table`, made by `make` and stored the first time it is asked for. */
export function getOrAdd<K, V>(table: Table<K, V>, key: K, make: () => V): V {
  let value = table.get(key);
  if (value === undefined) table.set(key, (value = make()));
  return value;
}
