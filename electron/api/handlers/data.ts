import { AppError } from '../../../core/errors';
import type { Handlers } from '../handler-types';

type DataHandlers = Pick<Handlers, 'data/importResponses' | 'data/exportResponses' | 'data/merge'>;

// Wired to electron/io/responses-import.ts, responses-export.ts and electron/db/merge.ts as they land.
export const dataHandlers: DataHandlers = {
  'data/importResponses': () => {
    throw new AppError('internal');
  },
  'data/exportResponses': () => {
    throw new AppError('internal');
  },
  'data/merge': () => {
    throw new AppError('internal');
  },
};
