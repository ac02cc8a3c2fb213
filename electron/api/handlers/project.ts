import fs from 'node:fs';
import path from 'node:path';
import type { ProjectInfo, ProjectListEntry } from '../../../core/api/project';
import { compareVi } from '../../../core/text/vietnamese';
import { mapOpenError, openProjectDb } from '../../db/open';
import { initProject, projectCounts, type ProjectCounts } from '../../db/project-store';
import { toErrorValue } from '../error-value';
import type { Handlers } from '../handler-types';
import { PROJECT_EXTENSION, type Session } from '../session';

type ProjectHandlers = Pick<Handlers, 'project/folder' | 'project/list' | 'project/create' | 'project/open' | 'project/current' | 'project/close'>;

/** An upgrade's progress goes out in thousandths. */
const UPGRADE_STEPS = 1000;

function openInfo(session: Session): ProjectInfo {
  return session.info()!;
}

export const projectHandlers: ProjectHandlers = {
  'project/folder': (_input, { session }) => ({ folder: session.projectsDir }),

  'project/list': (_input, { session, lang }) => {
    const files = fs.readdirSync(session.projectsDir).filter((f) => f.endsWith(PROJECT_EXTENSION) && !f.startsWith('.'));
    const entries = files.map((file): ProjectListEntry => {
      const full = path.join(session.projectsDir, file);
      const modifiedAt = fs.statSync(full).mtime.toISOString();
      const entry = (counts: ProjectCounts) => ({ file, title: counts.title, responses: counts.responses, drafts: counts.drafts, modifiedAt });
      if (full === session.openPath) return entry(projectCounts(session.db));
      try {
        const db = openProjectDb(full, { readonly: true });
        try {
          return entry(projectCounts(db));
        } finally {
          db.close();
        }
      } catch (error) {
        return { file, title: null, responses: null, drafts: null, modifiedAt, problem: toErrorValue(mapOpenError(error, file), lang) };
      }
    });
    return entries.sort((a, b) => compareVi(a.title ?? a.file, b.title ?? b.file));
  },

  'project/create': ({ title }, { session }) => {
    const file = session.fileNameFor(title);
    const db = session.open(path.join(session.projectsDir, file), { create: true });
    initProject(db, title, session.actor);
    return openInfo(session);
  },

  'project/open': async ({ file }, { session }) => {
    await session.openUpgrading(session.resolveFile(file), (fraction) =>
      session.emit('task/progress', { task: 'upgradeProject', done: Math.round(fraction * UPGRADE_STEPS), total: UPGRADE_STEPS }),
    );
    return openInfo(session);
  },

  'project/current': (_input, { session }) => session.info(),

  'project/close': (_input, { session }) => {
    session.closeProject();
    session.emit('project/changed', { path: null });
    return null;
  },
};
