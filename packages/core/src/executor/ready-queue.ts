/**
 * A binary min-heap of operation indexes. Ready operations start in plan order (lowest index
 * first) so that a run is deterministic and follows the planner's order whenever it can; a
 * FIFO would start them in the order they happened to become ready.
 */
export class ReadyQueue {
  readonly #heap: number[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(index: number): void {
    const heap = this.#heap;
    let child = heap.length;
    heap.push(index);
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const parentValue = heap[parent] as number;
      if (parentValue <= index) break;
      heap[child] = parentValue;
      child = parent;
    }
    heap[child] = index;
  }

  pop(): number | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    // Sift `last` down from the root.
    let parent = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= length) break;
      const right = left + 1;
      let smallest = left;
      if (right < length && (heap[right] as number) < (heap[left] as number)) smallest = right;
      const smallestValue = heap[smallest] as number;
      if (smallestValue >= last) break;
      heap[parent] = smallestValue;
      parent = smallest;
    }
    heap[parent] = last;
    return top;
  }
}
