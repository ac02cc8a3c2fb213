import fs from 'node:fs';
import path from 'node:path';
import type { ProjectInfo, ProjectListEntry } from '../../../core/api/project';
import { compareVi } from '../../../core/text/vietnamese';
import { translate } from '../../../core/i18n/messages';
import { AppError, errorKey } from '../../../core/errors';
import { openProjectDb } from '../../db/open';
import { initProject, projectCounts } from '../../db/project-store';
import type { Handlers } from '../handler-types';
import { PROJECT_EXTENSION, type Session } from '../session';

type ProjectHandlers = Pick<Handlers, 'project/folder' | 'project/list' | 'project/create' | 'project/open' | 'project/current' | 'project/close'>;

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
      if (full === session.openPath) {
        const counts = projectCounts(session.db);
        return { file, title: counts.title, responses: counts.responses, modifiedAt };
      }
      try {
        const db = openProjectDb(full, { readonly: true });
        try {
          const counts = projectCounts(db);
          return { file, title: counts.title, responses: counts.responses, modifiedAt };
        } finally {
          db.close();
        }
      } catch (error) {
        const problem = error instanceof AppError ? translate(lang, errorKey(error.code), error.params) : String(error);
        return { file, title: null, responses: null, modifiedAt, problem };
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

  'project/open': ({ file }, { session }) => {
    session.open(session.resolveFile(file));
    return openInfo(session);
  },

  'project/current': (_input, { session }) => session.info(),

  'project/close': (_input, { session }) => {
    session.closeProject();
    session.emit('project/changed', { path: null });
    return null;
  },
};
