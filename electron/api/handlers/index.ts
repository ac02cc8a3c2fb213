import type { Handlers } from '../handler-types';
import { projectHandlers } from './project';
import { surveyHandlers } from './survey';
import { responseHandlers } from './response';
import { responsesHandlers } from './responses';
import { doubleEntryHandlers } from './double-entry';
import { analysisHandlers } from './analysis';
import { dataHandlers } from './data';
import { codingHandlers } from './coding';

/** The one handler table, served by Electron IPC and by the HTTP bridge alike. */
export const handlers: Handlers = {
  ...projectHandlers,
  ...surveyHandlers,
  ...responseHandlers,
  ...responsesHandlers,
  ...doubleEntryHandlers,
  ...analysisHandlers,
  ...dataHandlers,
  ...codingHandlers,
};
