import { UPLOAD_PART_BYTES, type ExportedFile, type ResponsesImportSummary, type ResponsesExportSummary } from '../../core/api/data';
import type { MergeReport } from '../../core/api/merge';
import type { Lang } from '../../core/i18n/messages';
import type { ApiEvents } from '../../core/api';
import { onApiEvent, send } from './api';
import { base64ToBytes, fileToBase64 } from './files';
import { download } from './download';
import { notices } from './notices.svelte';

export type TransferTask = ApiEvents['task/progress']['task'];

export interface ExportChoices {
  format: 'xlsx' | 'csv';
  labels: boolean;
  lang: Lang;
  includeIdentifying: boolean;
}

/** The Data screen: responses in from KoboToolbox/ODK, out to Excel/CSV/SPSS, and other laptops' files merged in. */
export class DataTransfer {
  /** The task under way and how far it got (from `task/progress`), for the progress bar. */
  busy = $state<TransferTask | null>(null);
  done = $state(0);
  total = $state(0);
  /** While a picked file (to import, to merge) is being sent to the main side: bytes sent, of how many. */
  sending = $state<{ done: number; total: number } | null>(null);
  /** While an exported file is being fetched from the main side to be saved: bytes received, of how many. */
  receiving = $state<{ done: number; total: number } | null>(null);
  imported = $state<ResponsesImportSummary | null>(null);
  exported = $state<Omit<ResponsesExportSummary, 'files'> & { fileNames: string[] } | null>(null);
  merged = $state<MergeReport | null>(null);
  choices = $state<ExportChoices>({ format: 'xlsx', labels: true, lang: 'vi', includeIdentifying: false });

  /** `surveyId` is the survey imports and exports work on; merging works on the whole project. */
  constructor(readonly surveyId: string = '') {}

  /** Listens for progress; returns the unsubscribe. */
  listen(): () => void {
    return onApiEvent((message) => {
      if (message.event !== 'task/progress' || message.payload.task !== this.busy) return;
      this.done = message.payload.done;
      this.total = message.payload.total;
    });
  }

  async importResponses(file: File): Promise<void> {
    await this.run('importResponses', async () => {
      this.imported = null;
      const uploadId = await this.sendFile(file);
      if (!uploadId) return;
      const result = await send('data/importResponses', { surveyId: this.surveyId, uploadId });
      this.imported = notices.take(result) ?? null;
    });
  }

  /**
   * Sends a file to the main side in parts (a national export, or a large project file, is hundreds of megabytes:
   * one message could not carry it), showing how far it got; returns its id, or null when it could not (a notice
   * says why).
   */
  private async sendFile(file: File): Promise<string | null> {
    const begun = notices.take(await send('data/uploadBegin', { fileName: file.name, size: file.size }));
    if (!begun) return null;
    try {
      this.sending = { done: 0, total: file.size };
      for (let offset = 0; offset < file.size; offset += UPLOAD_PART_BYTES) {
        const base64 = await fileToBase64(file.slice(offset, offset + UPLOAD_PART_BYTES));
        const sent = notices.take(await send('data/uploadPart', { uploadId: begun.uploadId, offset, base64 }));
        if (!sent) return null;
        this.sending = { done: sent.received, total: file.size };
      }
      return begun.uploadId;
    } finally {
      this.sending = null;
    }
  }

  async exportResponses(): Promise<void> {
    await this.run('exportResponses', async () => {
      this.exported = null;
      const result = notices.take(await send('data/exportResponses', { surveyId: this.surveyId, ...this.choices }));
      if (!result) return;
      for (const file of result.files) if (!(await this.receiveFile(file))) return;
      this.exported = { responses: result.responses, leftOutIdentifying: result.leftOutIdentifying, fileNames: result.files.map((f) => f.fileName) };
    });
  }

  /** Fetches an exported file in parts, showing how far it got, and saves it; false when it could not (a notice says why). */
  private async receiveFile(file: ExportedFile): Promise<boolean> {
    const parts: Uint8Array<ArrayBuffer>[] = [];
    try {
      this.receiving = { done: 0, total: file.size };
      let offset = 0;
      do {
        const part = notices.take(await send('data/downloadPart', { downloadId: file.downloadId, offset }));
        if (!part) return false;
        const bytes = base64ToBytes(part.base64);
        parts.push(bytes);
        offset += bytes.length;
        this.receiving = { done: offset, total: file.size };
      } while (offset < file.size);
      download(new Blob(parts, { type: file.mime }), file.fileName);
      return true;
    } finally {
      this.receiving = null;
    }
  }

  async merge(files: File[]): Promise<void> {
    await this.run('merge', async () => {
      this.merged = null;
      const uploadIds: string[] = [];
      for (const file of files) {
        const uploadId = await this.sendFile(file);
        if (!uploadId) return;
        uploadIds.push(uploadId);
      }
      this.merged = notices.take(await send('data/merge', { uploadIds })) ?? null;
    });
  }

  private async run(task: TransferTask, work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = task;
    this.done = 0;
    this.total = 0;
    try {
      await work();
    } finally {
      this.busy = null;
    }
  }
}
