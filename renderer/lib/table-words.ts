/** The words around a results table (column heads, total rows, the note), in the interface language. */
import type { AnalysisTable } from '../../core/api/analysis';
import type { FilterConditionInput } from '../../core/analysis/filter';
import type { Labels } from '../../core/survey/model';
import { isCodesTable, type GridWords } from './analysis-format';
import { noteLines, type SheetWords } from './table-sheet';
import { locale } from './i18n.svelte';

export function gridWords(table: AnalysisTable, label: (question: string, value: string) => string): GridWords {
  const multiple = table.dimensions[0]?.kind === 'multiple';
  const layerDim = table.dimensions[2];
  return {
    value: locale.t('results.value'),
    count: locale.t('results.countCol'),
    percentA: locale.t(multiple ? 'results.percentRespondents' : 'results.percentAnswered'),
    percentB: locale.t(multiple ? 'results.percentResponses' : 'results.percentAll'),
    total: locale.t('results.totalRow'),
    answered: locale.t(isCodesTable(table) ? 'results.codedRow' : 'results.answeredRow'),
    refused: locale.t('results.refusedRow'),
    notAsked: locale.t(isCodesTable(table) ? 'results.uncodedRow' : 'results.notAskedRow'),
    ticks: locale.t('results.ticksRow'),
    label,
    layerCaption: (value) => (layerDim ? `${locale.label(layerDim.label)}: ${label(layerDim.question, value)}` : value),
  };
}

export function sheetWords(table: AnalysisTable, label: (question: string, value: string) => string): SheetWords {
  return { ...gridWords(table, label), percent: '%', note: noteLines(table.note, locale.t, table.filtered) };
}

/** A value's label read from the table itself (choice, number group or theme), the value when it has none. */
export function tableLabel(table: AnalysisTable): (question: string, value: string) => string {
  return (question, value) => {
    const category = table.dimensions.find((d) => d.question === question)?.categories.find((c) => c.value === value);
    return category ? locale.label(category.label) || value : value;
  };
}

/** Where a filter's questions and choices get their labels (the Results screen's Analysis: codes included). */
export interface FilterLookup {
  labelOf(name: string): Labels;
  choicesOf(name: string): readonly { name: string; label: Labels }[];
}

/** A filter condition as people read it: "Tỉnh = Lào Cai, Hà Giang", "Tuổi: từ 12 đến 17". */
export function filterText(condition: FilterConditionInput, lookup: FilterLookup): string {
  const name = locale.label(lookup.labelOf(condition.question)) || condition.question;
  let text: string;
  if (condition.type === 'range') text = locale.t('results.filterRange', { question: name, min: condition.min ?? '…', max: condition.max ?? '…' });
  else if (condition.type === 'choice') {
    const list = lookup.choicesOf(condition.question);
    const values = condition.values.map((v) => locale.label(list.find((c) => c.name === v)?.label ?? { vi: v }) || v).join(', ');
    text = locale.t('results.filterChoice', { question: name, values });
  } else text = locale.t('results.filterState', { question: name, state: locale.t(`results.filterState.${condition.state}`) });
  return condition.negate ? locale.t('results.filterNot', { condition: text }) : text;
}
