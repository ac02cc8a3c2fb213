import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { nfc } from '../text/vietnamese';
import type { ApiErrorValue } from '../errors';

/** What a project file holds, in numbers: `info --json` prints it, the app shows it. */
export interface ProjectCounts {
  title: string;
  schemaVersion: number;
  forms: number;
  questions: number;
  /** Responses in the file, complete or not (not deleted ones). */
  responses: number;
  /** Of those, the ones not finished yet. */
  drafts: number;
}

export interface ProjectInfo extends ProjectCounts {
  /** File name inside the projects folder. */
  file: string;
  path: string;
}

export interface ProjectListEntry {
  file: string;
  title: string | null;
  responses: number | null;
  drafts: number | null;
  modifiedAt: string;
  /** Set when the file could not be read; the list still shows it, and the renderer words the error. */
  problem?: ApiErrorValue;
}

const fileName = z.string().min(1).max(255);

export const projectApi = {
  'project/folder': { input: z.object({}), output: returns<{ folder: string }>() },
  'project/list': { input: z.object({}), output: returns<ProjectListEntry[]>() },
  'project/create': {
    input: z.object({ title: z.string().trim().min(1).max(200).transform(nfc) }),
    output: returns<ProjectInfo>(),
  },
  'project/open': { input: z.object({ file: fileName }), output: returns<ProjectInfo>() },
  'project/current': { input: z.object({}), output: returns<ProjectInfo | null>() },
  'project/close': { input: z.object({}), output: returns<null>() },
} satisfies ApiDomain;
