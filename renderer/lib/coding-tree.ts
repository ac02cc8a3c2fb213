/**
 * The codebook as the coding screen shows and rearranges it. Themes arrive from coding/themes in display order
 * (depth first) with their depth; these helpers turn "up", "down", "in" and "out" into the one coding/moveTheme
 * call each needs, and say which themes can take the answers of a theme being deleted. Plain functions, unit tested.
 */
import type { CodingTheme } from '../../core/api/coding';

/** What coding/moveTheme is asked to do. */
export interface MoveArgs {
  themeId: string;
  parentId: string | null;
  position: number;
}

/** How many themes get a digit key (1–9). */
export const NUMBERED_THEMES = 9;

/** Themes under the same parent in the same codebook (shared themes and a question's own are apart), in order. */
export function siblingsOf(themes: readonly CodingTheme[], theme: CodingTheme): CodingTheme[] {
  return themes.filter((t) => t.parentId === theme.parentId && t.question === theme.question).sort((a, b) => a.position - b.position);
}

function find(themes: readonly CodingTheme[], id: string): CodingTheme | undefined {
  return themes.find((t) => t.id === id);
}

/** One place earlier among its siblings; null when it is first already. */
export function moveUpArgs(themes: readonly CodingTheme[], id: string): MoveArgs | null {
  const theme = find(themes, id);
  if (!theme) return null;
  const index = siblingsOf(themes, theme).findIndex((t) => t.id === id);
  return index > 0 ? { themeId: id, parentId: theme.parentId, position: index - 1 } : null;
}

/** One place later among its siblings; null when it is last already. */
export function moveDownArgs(themes: readonly CodingTheme[], id: string): MoveArgs | null {
  const theme = find(themes, id);
  if (!theme) return null;
  const siblings = siblingsOf(themes, theme);
  const index = siblings.findIndex((t) => t.id === id);
  return index >= 0 && index < siblings.length - 1 ? { themeId: id, parentId: theme.parentId, position: index + 1 } : null;
}

/** Under the sibling just above it, as that sibling's last sub-theme; null when nothing is above it. */
export function indentArgs(themes: readonly CodingTheme[], id: string): MoveArgs | null {
  const theme = find(themes, id);
  if (!theme) return null;
  const siblings = siblingsOf(themes, theme);
  const above = siblings[siblings.findIndex((t) => t.id === id) - 1];
  if (!above) return null;
  const children = themes.filter((t) => t.parentId === above.id).length;
  return { themeId: id, parentId: above.id, position: children };
}

/** Out of its parent, just after it; null at the top level. */
export function outdentArgs(themes: readonly CodingTheme[], id: string): MoveArgs | null {
  const theme = find(themes, id);
  const parent = theme?.parentId ? find(themes, theme.parentId) : undefined;
  if (!theme || !parent) return null;
  const index = siblingsOf(themes, parent).findIndex((t) => t.id === parent.id);
  return { themeId: id, parentId: parent.parentId, position: index + 1 };
}

/**
 * Dropping a dragged theme on another: it takes the target's place among the target's siblings (the target moves
 * down). Null when that makes no sense: onto itself, into its own sub-tree, or across codebooks.
 */
export function dropArgs(themes: readonly CodingTheme[], draggedId: string, targetId: string): MoveArgs | null {
  const dragged = find(themes, draggedId);
  const target = find(themes, targetId);
  if (!dragged || !target || dragged.id === target.id || dragged.question !== target.question) return null;
  if (isInside(themes, target.id, dragged.id)) return null;
  const siblings = siblingsOf(themes, target).filter((t) => t.id !== dragged.id);
  return { themeId: dragged.id, parentId: target.parentId, position: siblings.findIndex((t) => t.id === target.id) };
}

/** Whether `id` is `ancestorId` or lies somewhere under it. */
export function isInside(themes: readonly CodingTheme[], id: string, ancestorId: string): boolean {
  const seen = new Set<string>();
  for (let at: string | null | undefined = id; at && !seen.has(at); at = find(themes, at)?.parentId) {
    if (at === ancestorId) return true;
    seen.add(at);
  }
  return false;
}

/**
 * Themes that can take the answers of the theme being deleted: any other theme of the same question, or a shared
 * one; a shared theme's answers can only go to another shared theme (they may belong to several questions).
 */
export function reassignTargets(themes: readonly CodingTheme[], id: string): CodingTheme[] {
  const theme = find(themes, id);
  if (!theme) return [];
  return themes.filter((t) => t.id !== id && (t.question === null || t.question === theme.question));
}

/** The digit key (1–9) of each of the first nine themes in display order. */
export function themeKeys(themes: readonly CodingTheme[]): Map<string, number> {
  return new Map(themes.slice(0, NUMBERED_THEMES).map((t, i) => [t.id, i + 1]));
}
