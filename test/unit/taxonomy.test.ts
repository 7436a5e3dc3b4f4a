import { TAXONOMY } from '../../src/data/taxonomy';

const groups = TAXONOMY.filter((t) => t.parent === null);
const children = TAXONOMY.filter((t) => t.parent !== null);

describe('TAXONOMY', () => {
  it('has about a dozen top-level groups', () => {
    expect(groups.length).toBeGreaterThanOrEqual(10);
    expect(groups.length).toBeLessThanOrEqual(16);
  });

  it('has at least 60 child topics, 4-8 per group', () => {
    expect(children.length).toBeGreaterThanOrEqual(60);
    expect(TAXONOMY.length).toBeGreaterThanOrEqual(72);
    for (const g of groups) {
      const n = children.filter((c) => c.parent === g.slug).length;
      expect({ group: g.slug, n, ok: n >= 4 && n <= 8 }).toEqual({ group: g.slug, n, ok: true });
    }
  });

  it('has globally unique slugs', () => {
    expect(new Set(TAXONOMY.map((t) => t.slug)).size).toBe(TAXONOMY.length);
  });

  it('uses lower-case kebab-case slugs', () => {
    for (const t of TAXONOMY) expect(t.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('lists every parent before its children, and has only two levels', () => {
    const seen = new Map<string, string | null>();
    for (const t of TAXONOMY) {
      if (t.parent !== null) {
        expect(seen.has(t.parent)).toBe(true); // exists and came first
        expect(seen.get(t.parent)).toBeNull(); // the parent is a top-level group
      }
      seen.set(t.slug, t.parent);
    }
  });

  it('has capitalised, trimmed, unique English names, some with accents', () => {
    for (const t of TAXONOMY) {
      expect(t.name).toBe(t.name.trim());
      expect(t.name.length).toBeGreaterThan(1);
      expect(t.name.charAt(0)).toBe(t.name.charAt(0).toUpperCase());
    }
    expect(new Set(TAXONOMY.map((t) => t.name.toLowerCase())).size).toBe(TAXONOMY.length);
    const accented = TAXONOMY.filter((t) => /[^\x20-\x7e]/.test(t.name)).map((t) => t.name);
    expect(accented.length).toBeGreaterThanOrEqual(2);
    expect(accented).toEqual(expect.arrayContaining(['Pâtisserie', 'Café culture']));
  });

  it('is immutable at runtime', () => {
    expect(Object.isFrozen(TAXONOMY)).toBe(true);
    expect(Object.isFrozen(TAXONOMY[0])).toBe(true);
  });
});
