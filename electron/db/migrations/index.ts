import type { Migration } from '../migration';
import { initial } from './001-initial';
import { choiceProps } from './002-choice-props';
import { media } from './003-media';
import { paperCode } from './004-paper-code';
import { analysisCache } from './005-analysis-cache';
import { coding } from './006-coding';
import { savedAnalyses } from './007-saved-analyses';
import { bulkChangeMarker } from './008-bulk-change-marker';
import { compactAnswers } from './009-compact-answers';
import { responseChanges } from './010-response-changes';
import { answerKeys } from './011-answer-keys';

/** Every migration, oldest first. Never edit a released one: add the next number. */
export const migrations: readonly Migration[] = [initial, choiceProps, media, paperCode, analysisCache, coding, savedAnalyses, bulkChangeMarker, compactAnswers, responseChanges, answerKeys];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)!.version;
