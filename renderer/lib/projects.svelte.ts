import type { ProjectInfo, ProjectListEntry } from '../../core/api/project';
import type { TemplateKey } from '../../core/api/survey';
import type { FileProblem } from '../../core/io/problems';
import { fileToBase64, saveBase64 } from './files';
import type { SurveySummary } from '../../core/survey/model';
import type { Labels } from '../../core/survey/model';
import { onApiEvent, send } from './api';
import { notices } from './notices.svelte';

/** The projects folder, the open project and its surveys. */
export class Projects {
  folder = $state('');
  list = $state.raw<ProjectListEntry[]>([]);
  current = $state.raw<ProjectInfo | null>(null);
  surveys = $state.raw<SurveySummary[]>([]);
  loaded = $state(false);
  /** While an older project file being opened is brought up to date: how far it got (thousandths). */
  upgrade = $state.raw<{ done: number; total: number } | null>(null);

  /** Listens for the progress of an upgrade; returns the unsubscribe. */
  listen(): () => void {
    return onApiEvent((message) => {
      if (message.event === 'task/progress' && message.payload.task === 'upgradeProject') this.upgrade = { done: message.payload.done, total: message.payload.total };
    });
  }

  async load(): Promise<void> {
    const [folder, list, current] = await Promise.all([
      send('project/folder', {}),
      send('project/list', {}),
      send('project/current', {}),
    ]);
    this.folder = notices.take(folder)?.folder ?? '';
    this.list = notices.take(list) ?? [];
    this.current = notices.take(current) ?? null;
    if (this.current) await this.loadSurveys();
    this.loaded = true;
  }

  async create(title: string): Promise<boolean> {
    const info = notices.take(await send('project/create', { title }));
    if (!info) return false;
    this.current = info;
    this.surveys = [];
    return true;
  }

  async open(file: string): Promise<boolean> {
    this.upgrade = null;
    const info = notices.take(await send('project/open', { file }));
    this.upgrade = null;
    if (!info) return false;
    this.current = info;
    await this.loadSurveys();
    return true;
  }

  async refreshList(): Promise<void> {
    this.list = notices.take(await send('project/list', {})) ?? this.list;
  }

  async loadSurveys(): Promise<void> {
    this.surveys = notices.take(await send('survey/list', {})) ?? [];
  }

  async createFromTemplate(template: TemplateKey, provinces: '2025' | '2008'): Promise<string | undefined> {
    const survey = notices.take(await send('survey/createFromTemplate', { template, provinces }));
    if (survey) await this.loadSurveys();
    return survey?.id;
  }

  /** Problems and warnings of the last XLSForm import, for the project screen to list. */
  importProblems = $state.raw<FileProblem[]>([]);
  importWarnings = $state.raw<FileProblem[]>([]);

  async importXlsForm(file: File): Promise<string | undefined> {
    const result = notices.take(await send('survey/importXlsForm', { fileName: file.name, base64: await fileToBase64(file) }));
    this.importProblems = result?.problems ?? [];
    this.importWarnings = result?.warnings ?? [];
    if (result?.survey) await this.loadSurveys();
    return result?.survey?.id;
  }

  async exportXlsForm(surveyId: string): Promise<void> {
    const file = notices.take(await send('survey/exportXlsForm', { surveyId }));
    if (file) saveBase64(file.fileName, file.base64, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }

  async createSurvey(title: Labels): Promise<string | undefined> {
    const survey = notices.take(await send('survey/create', { title }));
    if (survey) await this.loadSurveys();
    return survey?.id;
  }
}

export const projects = new Projects();
