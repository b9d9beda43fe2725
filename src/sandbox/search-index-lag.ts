interface Unindexed<Record> {
  /** The version the index still holds: null for a record created since. */
  readonly indexed: Record | null;
  readonly storeUntil: number;
  readonly wallUntil: number;
}

/**
 * HubSpot's search reads an index that trails its writes: "It may take a few moments for newly created or updated
 * CRM objects to appear in search results" (CRM search guide). For `milliseconds` after a write, search sees a record
 * as it was before (a new one not at all). Reads by id, lists and batch reads see every write at once, as HubSpot's
 * do. The lag ends when either the sandbox's clock or the wall clock has moved past it, so a test with a fixed clock
 * still sees its writes indexed.
 */
export class SearchIndexLag<Record extends object> {
  milliseconds = 0;
  private readonly pending = new Map<Record, Unindexed<Record>>();

  constructor(private readonly now: () => number) {}

  created(object: Record): void {
    if (this.milliseconds > 0) this.pending.set(object, this.until(null));
  }

  /** Before `object` is changed in place: the index keeps the version it holds until the lag after this write. */
  beforeUpdate(object: Record): void {
    if (this.milliseconds <= 0) return;
    const current = this.pending.get(object);
    const indexed = current !== undefined && !this.elapsed(current) ? current.indexed : structuredClone(object);
    this.pending.set(object, this.until(indexed));
  }

  /** What the index holds of these records. */
  indexed(objects: readonly Record[]): Record[] {
    return objects.flatMap((object) => {
      const entry = this.pending.get(object);
      if (entry === undefined) return [object];
      if (this.elapsed(entry)) {
        this.pending.delete(object);
        return [object];
      }
      return entry.indexed === null ? [] : [entry.indexed];
    });
  }

  /** Some moments later: the index holds every write. */
  catchUp(): void {
    this.pending.clear();
  }

  private until(indexed: Record | null): Unindexed<Record> {
    return { indexed, storeUntil: this.now() + this.milliseconds, wallUntil: Date.now() + this.milliseconds };
  }

  private elapsed(entry: Unindexed<Record>): boolean {
    return this.now() >= entry.storeUntil || Date.now() >= entry.wallUntil;
  }
}
