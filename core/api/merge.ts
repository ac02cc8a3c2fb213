/**
 * What merging project files reports (electron/db/merge.ts, `tiengnoi merge`). Types only, shared with the renderer.
 * A report names files, surveys (form_key), response numbers, paper codes and question names: never an answer.
 */

export interface MergeCounts {
  /** Response rows read from the file: drafts, deleted responses and second typings included. */
  responses: number;
  /** Responses new to the result. */
  added: number;
  /**
   * A complete response the result had in an earlier state (not changed since in the result): its later state was
   * taken, as an ordinary change rather than a conflict.
   */
  updated: number;
  /**
   * The same response already in the result (same uuid, same answers, status and deletion), or an earlier state of it
   * that the result's history already covers: counted once.
   */
  duplicates: number;
  /** The same response changed differently: the later state was kept, the other recorded in the audit log. */
  conflicts: number;
  /** Of the conflicts, those where this file's state was the later one and replaced the result's. */
  replaced: number;
  /** Responses given a new number because theirs was taken in the result. */
  renumbered: number;
  /** Typed paper codes changed because another response in the result carried them. */
  codesChanged: number;
}

export interface MergeFileReport extends MergeCounts {
  file: string;
  /** `base`: the result was made as a copy of this file; `merged`: merged into the result. */
  role: 'base' | 'merged';
  /** Same project uuid as the result (a copy of the same original project file). */
  sameProject: boolean;
}

export interface MergeVersionNote {
  formKey: string;
  file: string;
  /** The version's number in the file. */
  version: number;
  /** Its number in the result. */
  as: number;
  /** `added`: copied with its number; `renumbered`: the number held other content in the result, so it got the next free one. */
  kind: 'added' | 'renumbered';
}

export interface MergeConflict {
  formKey: string;
  /** The response's number and paper code in the result. */
  number: number;
  paperCode: string | null;
  responseId: string;
  /** The file whose version was kept, and the file whose version went to the audit log. */
  keptFile: string;
  otherFile: string;
  /** When each version was last changed (answers, status, deletion or restore). */
  keptUpdatedAt: string;
  otherUpdatedAt: string;
  /** Answer keys that differ (names, never values). */
  questions: string[];
  statusDiffers: boolean;
  deletionDiffers: boolean;
}

export interface MergeRenumbering {
  formKey: string;
  file: string;
  responseId: string;
  from: number;
  to: number;
  paperCode: string | null;
}

export interface MergeCodeChange {
  formKey: string;
  file: string;
  responseId: string;
  number: number;
  from: string;
  to: string;
}

export interface MergeReport {
  /** The result's file name. */
  out: string;
  /** The result did not exist and was made by this merge (from the first file). */
  created: boolean;
  files: MergeFileReport[];
  totals: MergeCounts;
  surveysAdded: { formKey: string; file: string }[];
  versions: MergeVersionNote[];
  conflicts: MergeConflict[];
  renumbered: MergeRenumbering[];
  codes: MergeCodeChange[];
  /** Files refused for holding other surveys: always empty in a report, since a refusal stops the whole merge. */
  refused: MergeRefusal[];
}

export interface MergeRefusal {
  file: string;
  /** The file's surveys (form_key). */
  surveys: string[];
}

export interface MergeProgress {
  file: string;
  /** 1-based position of the file among the sources, and their number. */
  index: number;
  files: number;
  /** Responses of this file handled so far, and in all. */
  done: number;
  total: number;
}
