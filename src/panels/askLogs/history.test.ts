import { HISTORY_SIZE, QuestionHistory } from './history';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

it('keeps most recent first without duplicates, bounded, and survives reload', () => {
  const store = memoryStore();
  const h = new QuestionHistory(store, 'k');
  let cur = h.load();
  for (let i = 0; i < HISTORY_SIZE + 2; i++) {
    cur = h.add(`q${i}`, cur);
  }
  cur = h.add('q5', cur);
  expect(cur[0]).toBe('q5');
  expect(cur).toHaveLength(HISTORY_SIZE);
  expect(new Set(cur).size).toBe(cur.length);
  expect(new QuestionHistory(store, 'k').load()).toEqual(cur);
});

it('ignores corrupt stored history', () => {
  const store = memoryStore();
  store.setItem('k', '{not json');
  expect(new QuestionHistory(store, 'k').load()).toEqual([]);
});
