/**
 * The codebook of open-answer coding as a tree: themes nested by `parentId`, ordered by `position` among their
 * siblings. Platform-free helpers shared by the store (checks) and the UI (display order).
 */
import type { Labels } from '../survey/model';
import { compareVi } from '../text/vietnamese';

export interface ThemeNode {
  id: string;
  parentId: string | null;
  position: number;
  label: Labels;
}

/** True when putting `themeId` under `newParentId` would make it its own ancestor. */
export function wouldCycle(themes: readonly Pick<ThemeNode, 'id' | 'parentId'>[], themeId: string, newParentId: string | null): boolean {
  const parentOf = new Map(themes.map((t) => [t.id, t.parentId]));
  const seen = new Set<string>();
  for (let at = newParentId; at !== null && at !== undefined; at = parentOf.get(at) ?? null) {
    if (at === themeId) return true;
    if (seen.has(at)) return true; // a damaged file with a loop already: refuse rather than spin
    seen.add(at);
  }
  return false;
}

/** The theme and every theme under it. */
export function descendantsOf(themes: readonly Pick<ThemeNode, 'id' | 'parentId'>[], themeId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const t of themes) if (t.parentId) (children.get(t.parentId) ?? children.set(t.parentId, []).get(t.parentId)!).push(t.id);
  const out = new Set<string>([themeId]);
  const stack = [themeId];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (out.has(child)) continue;
      out.add(child);
      stack.push(child);
    }
  }
  return out;
}

/**
 * Depth-first display order with each theme's depth (0 = top level). Siblings by position, then by label;
 * a theme whose parent is missing (deleted outside the app) is shown at the top level rather than lost.
 */
export function treeOrder<T extends ThemeNode>(themes: readonly T[]): (T & { depth: number })[] {
  const ids = new Set(themes.map((t) => t.id));
  const children = new Map<string | null, T[]>();
  for (const t of themes) {
    const parent = t.parentId !== null && ids.has(t.parentId) ? t.parentId : null;
    (children.get(parent) ?? children.set(parent, []).get(parent)!).push(t);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || compareVi(a.label.vi ?? a.label.en ?? '', b.label.vi ?? b.label.en ?? ''));
  const out: (T & { depth: number })[] = [];
  const visit = (parent: string | null, depth: number, path: Set<string>) => {
    for (const t of children.get(parent) ?? []) {
      if (path.has(t.id)) continue;
      out.push({ ...t, depth });
      visit(t.id, depth + 1, new Set(path).add(t.id));
    }
  };
  visit(null, 0, new Set());
  return out;
}

/** The top-level ancestor of each theme (itself at the top level), for codes analysed at the top level only. */
export function topLevelOf(themes: readonly Pick<ThemeNode, 'id' | 'parentId'>[]): Map<string, string> {
  const parentOf = new Map(themes.map((t) => [t.id, t.parentId]));
  const top = new Map<string, string>();
  for (const t of themes) {
    let at = t.id;
    const seen = new Set<string>();
    while (parentOf.get(at) && parentOf.has(parentOf.get(at)!) && !seen.has(at)) {
      seen.add(at);
      at = parentOf.get(at)!;
    }
    top.set(t.id, at);
  }
  return top;
}

/** Where a theme lands among its new siblings: the ids in their new order (position = index). */
export function reorder(siblings: readonly string[], themeId: string, position: number): string[] {
  const rest = siblings.filter((id) => id !== themeId);
  const at = Math.max(0, Math.min(position, rest.length));
  return [...rest.slice(0, at), themeId, ...rest.slice(at)];
}
