// The undo journal of an update (SPEC 6.2): every mechanism that changes the running program
// records how to undo its change while an update applies; a failure undoes them in reverse.

export interface JournalStep {
  what: string;
  undo: () => void;
  /** False for changes that cannot be taken back (a local variable already read). */
  reversible: boolean;
}

export class Journal {
  readonly steps: JournalStep[] = [];

  get reversible(): boolean {
    return this.steps.every((s) => s.reversible);
  }

  /** Undoes every step, newest first; returns how many were undone. */
  undo(): number {
    let n = 0;
    for (const step of [...this.steps].reverse()) {
      if (!step.reversible) continue;
      step.undo();
      n++;
    }
    this.steps.length = 0;
    return n;
  }
}

let open: Journal | null = null;

export function openJournal(j: Journal | null): void {
  open = j;
}

/** Called by each low-level mechanism after it changed something. */
export function journal(what: string, undo: () => void, reversible = true): void {
  open?.steps.push({ what, undo, reversible });
}

/** Runs fn with no journal open: for a mechanism's own passing changes that no undo must replay. */
export function withoutJournal<T>(fn: () => T): T {
  const was = open;
  open = null;
  try {
    return fn();
  } finally {
    open = was;
  }
}
