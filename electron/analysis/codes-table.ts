/**
 * Tables in which an open question's codes take part like a multiple-choice question: `why#codes` may be the
 * table's question, its `by`, its layer or a filter's question (analysis/table, coding/table, `tiengnoi stats`).
 * The codes column is built on demand from the coding tables (code-columns.ts) and joins the cached columns;
 * the codes dimension is labelled "<question> — themes", its categories with the themes' names.
 */
import { codesLabel, isCodesName, openQuestionOf, type CodeLevel } from '../../core/coding/code-column';
import type { Column } from '../../core/analysis/columns';
import type { AnalysisTable } from '../../core/api/analysis';
import type { Labels } from '../../core/survey/model';
import { assertOpenQuestion, listThemes } from '../db/coding-store';
import type { Db } from '../db/open';
import { analysisColumns } from './column-cache';
import { codeColumn } from './code-columns';
import { tableView, type TableRequest } from './views';

export function tableWithCodes(db: Db, request: TableRequest, level: CodeLevel = 'top'): AnalysisTable {
  const named = [request.question, request.by, request.layer, ...(request.filter ?? []).map((c) => c.question)];
  const codesNames = [...new Set(named.filter(isCodesName))];
  if (codesNames.length === 0) return tableView(db, request);
  const extra = new Map<string, Column>();
  for (const name of codesNames) {
    const question = openQuestionOf(name);
    assertOpenQuestion(db, request.surveyId, question);
    extra.set(name, codeColumn(db, request.surveyId, question, level));
  }
  let table = tableView(db, request, extra);
  // The survey as the cached columns hold it (read once already, not again from the file).
  const { survey } = analysisColumns(db, request.surveyId);
  for (const name of codesNames) {
    const question = openQuestionOf(name);
    table = labelCodes(table, name, survey.questions.find((q) => q.name === question)?.label ?? {}, listThemes(db, request.surveyId, question));
  }
  return table;
}

/** The codes dimension gets the question's label ("Why? — themes") and the themes' names as category labels. */
function labelCodes(table: AnalysisTable, name: string, questionLabel: Labels, themes: readonly { id: string; label: Labels }[]): AnalysisTable {
  const label = codesLabel(questionLabel);
  const names = new Map(themes.map((t) => [t.id, t.label]));
  return {
    ...table,
    dimensions: table.dimensions.map((d) =>
      d.question === name ? { ...d, label, categories: d.categories.map((c) => ({ ...c, label: names.get(c.value) ?? c.label })) } : d,
    ),
  };
}
