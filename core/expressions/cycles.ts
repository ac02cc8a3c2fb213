/**
 * Loops among expressions: calculation A reads B, B reads A (directly or through others). ODK refuses such forms.
 * `graph` maps each name to the names its expression reads (see dependencies()); names that are not keys (plain
 * questions) cannot be part of a loop. Returns each loop as its names in the map's order (survey order), loops
 * ordered by their first name; a calculation reading itself is a loop of one.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map([...graph.keys()].map((name, i) => [name, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  // Tarjan's strongly connected components, iterative: a survey may chain hundreds of calculations.
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { name: string; next: number }[] = [{ name: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = (graph.get(frame.name) ?? []).filter((n) => order.has(n));
      if (frame.next < edges.length) {
        const target = edges[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ name: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.name, Math.min(low.get(frame.name)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.name, Math.min(low.get(parent.name)!, low.get(frame.name)!));
      if (low.get(frame.name) !== index.get(frame.name)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.name);
      const selfLoop = component.length === 1 && (graph.get(frame.name) ?? []).includes(frame.name);
      if (component.length > 1 || selfLoop) cycles.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
    }
  }
  return cycles.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}
