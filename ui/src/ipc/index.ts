//! The UI's only door to Tauri: typed commands, jobs, events, dialogs, and the back-end types.

export { api, baseName, workspaceLaunch, workspaceOpenDemo } from './api';
export { cancelJob, runJob, type StartedJob } from './jobs';
export { isFinished, jobFraction, jobStore, type JobEntry, type JobStatus } from './jobStore';
export { CommandError, isIpcError, toIpcError } from './result';
export { keys } from './keys';
export { invalidateFor, useWorkspaceEvents } from './events';
export { pickImportFile, pickNewWorkspace, pickPackageDestination, pickWorkspaceToOpen, revealInFolder, withZipExtension, type ImportFileKind } from './dialogs';
export type * from './types';
