/** Enough to re-ask recent questions without turning the panel into a log of its own. */
export const HISTORY_SIZE = 8;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class QuestionHistory {
  constructor(
    private readonly store: KeyValueStore | undefined,
    private readonly key: string
  ) {}

  load(): string[] {
    try {
      const raw = this.store?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed)
        ? parsed.filter((q): q is string => typeof q === 'string').slice(0, HISTORY_SIZE)
        : [];
    } catch {
      return [];
    }
  }

  /** Most recent first, no duplicates. */
  add(question: string, current: string[]): string[] {
    const next = [question, ...current.filter((q) => q !== question)].slice(0, HISTORY_SIZE);
    try {
      this.store?.setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or disabled (private mode): history just won't survive a reload.
    }
    return next;
  }
}
