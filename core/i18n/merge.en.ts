import type { mergeVi } from './merge.vi';

/** Messages of merging project files, English: the same keys and placeholders as merge.vi.ts. */
export const mergeEn: Record<keyof typeof mergeVi, string> = {
  'merge.error.noSources': 'Choose at least one project file to merge.',
  'merge.error.outIsSource': 'The merged file {file} is also one of the files to merge. Choose another merged file: the files merged are never changed.',
  'merge.error.sourceTwice': 'The file {file} was chosen twice.',
  'merge.error.differentSurveys':
    'Cannot merge: {files} belong to another project and share no survey with {target} (surveys: {surveys}). ' +
    'Only files of the same consultation can be merged: the same project, or at least one survey in common (the same form_id). ' +
    'No file was changed.',
  'merge.error.cannotWrite':
    'Could not write the merged file {file} ({reason}): the folder does not exist, is not writable, or the disk is full. Choose another place. The files merged were not changed.',

  'merge.summary.created': 'Created the merged file {out} from {base}, then merged more files into it: {count}.',
  'merge.summary.into': 'Merged into {out}; files merged: {count}.',
  'merge.summary.base': '  {file}: responses: {responses} (the base of the merged file)',
  'merge.summary.file': '  {file}: responses: {responses}; new: {added}, updated: {updated}, duplicates: {duplicates}, edited differently: {conflicts}',
  'merge.summary.totals':
    'In all: new responses: {added}; updated with a later correction: {updated}; duplicates (counted once): {duplicates}; edited differently: {conflicts}.',
  'merge.summary.nothingNew': 'Nothing new: every response was already in the merged file.',
  'merge.summary.renumbered': 'Responses renumbered because their number was taken in the merged file (the device they were entered on is kept): {count}.',
  'merge.summary.surveyAdded': 'Added the survey {survey} (from {file}).',
  'merge.summary.versionAdded': 'Added version {version} of the survey {survey} (from {file}).',
  'merge.summary.versionRenumbered':
    'Version {version} of the survey {survey} in {file} differs from the version {version} already there, so it was added as version {as}.',
  'merge.summary.conflicts': 'Responses edited differently in different files (the latest change is kept; the other is recorded in the response’s history):',
  'merge.summary.conflict': '  {survey}, response {number} (paper code {code}): {what}. Kept the one from {keptFile} ({keptAt}); the one from {otherFile} ({otherAt}) is in the history.',
  'merge.summary.questions': 'differs in {questions}',
  'merge.summary.status': 'differs in completion',
  'merge.summary.deletion': 'deleted in one file, not in the other',
  'merge.summary.codes': 'Paper codes already carried by another response were given a suffix (check them against the paper forms):',
  'merge.summary.code': '  {survey}, response {number} (from {file}): code {from} → {to}',
  'merge.summary.more': '  … and {count} more (see them all with --json).',
  'merge.progress': 'Merging {file} ({index}/{files})…',
  'merge.history.conflict': 'Merge: this response was edited differently in {otherFile} and {keptFile}; the one from {keptFile} was kept, the other is recorded here',
};
