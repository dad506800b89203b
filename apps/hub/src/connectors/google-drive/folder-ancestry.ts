/** Bounds on one sync run's walk up the folder tree: how many folders it may ask Drive about, and how deep it goes. */
export interface AncestryLimits {
  lookups: number;
  depth: number;
}

export const ANCESTRY_LIMITS: AncestryLimits = { lookups: 500, depth: 32 };

/**
 * Whether a file lies anywhere below a watched folder, for one sync run: a folder's parents are asked for at most once
 * (and only when the file's own parents are not watched), the answer for each folder is kept for the rest of the run,
 * and the walk stops at the limits. A folder the walk could not finish within them counts as not watched, and is
 * not remembered, so the next run tries again.
 */
export class FolderAncestry {
  private readonly watched: ReadonlySet<string>;
  private readonly below = new Map<string, boolean>();
  private lookups = 0;
  /** Set when a limit cut a walk short, so the caller can say so. */
  exhausted = false;

  constructor(
    watched: readonly string[],
    private readonly parentsOf: (folderId: string) => Promise<string[]>,
    private readonly limits: AncestryLimits = ANCESTRY_LIMITS,
  ) {
    this.watched = new Set(watched);
  }

  /** True when one of a file's parents is a watched folder or lies below one. */
  async contains(parents: readonly string[]): Promise<boolean> {
    for (const parent of parents) if ((await this.isBelow(parent, 0)) === true) return true;
    return false;
  }

  /** true / false when known; undefined when a limit stopped the walk. */
  private async isBelow(folderId: string, depth: number): Promise<boolean | undefined> {
    if (this.watched.has(folderId)) return true;
    const known = this.below.get(folderId);
    if (known !== undefined) return known;
    if (depth >= this.limits.depth || this.lookups >= this.limits.lookups) {
      this.exhausted = true;
      return undefined;
    }
    this.lookups += 1;
    let answer: boolean | undefined = false;
    for (const parent of await this.parentsOf(folderId)) {
      const above = await this.isBelow(parent, depth + 1);
      if (above === true) {
        answer = true;
        break;
      }
      if (above === undefined) answer = undefined;
    }
    if (answer !== undefined) this.below.set(folderId, answer);
    return answer;
  }
}
