import { describe, expect, it } from 'vitest';
import type { Problem, VerifyReport } from '../../ipc';
import { withZipExtension } from '../../ipc/dialogs';
import { defaultExportForm, defaultPackagePath, exportRequest, folderOf, packageFileName, problemText, shaMismatch, toggled, verifySummary, type ExportForm } from './form';

const SEGMENTS = [0, 1, 2, 3, 4, 5];
const form = (patch: Partial<ExportForm> = {}): ExportForm => ({ ...defaultExportForm('/home/ed/Exports/Locker Room.zip'), ...patch });

describe('the export request', () => {
  it('sends everything ticked as "all": empty segments and formats, no editor', () => {
    expect(exportRequest(7, form(), SEGMENTS)).toEqual({
      ok: true,
      value: { playlist: 7, out: '/home/ed/Exports/Locker Room.zip', formats: [], segments: [], reproducible: false, editor: null },
    });
  });

  it('sends the ticked segments and formats in order, the trimmed path and editor, reproducible', () => {
    const parsed = exportRequest(7, form({ unchecked: [1, 4], formats: ['csv', 'jspf'], path: '  /tmp/a.zip ', editor: '  Ana ', reproducible: true }), SEGMENTS);
    expect(parsed).toEqual({ ok: true, value: { playlist: 7, out: '/tmp/a.zip', formats: ['jspf', 'csv'], segments: [0, 2, 3, 5], reproducible: true, editor: 'Ana' } });
  });

  it('ignores unticked segments the model no longer has', () => {
    const parsed = exportRequest(1, form({ unchecked: [9] }), [0, 1]);
    expect(parsed.ok && parsed.value.segments).toEqual([]);
  });

  it('needs a segment, a format and a full path', () => {
    expect(exportRequest(1, form({ unchecked: SEGMENTS }), SEGMENTS)).toEqual({ ok: false, error: 'Choose at least one segment to export.' });
    expect(exportRequest(1, form({ formats: [] }), SEGMENTS)).toEqual({ ok: false, error: 'Choose at least one file format.' });
    expect(exportRequest(1, form({ path: '   ' }), SEGMENTS)).toEqual({ ok: false, error: 'Choose where to save the package.' });
    const relative = exportRequest(1, form({ path: 'out/a.zip' }), SEGMENTS);
    expect(relative.ok).toBe(false);
    expect(relative.ok || relative.error).toMatch(/full path/);
    expect(exportRequest(1, form({ path: 'C:\\Exports\\a.zip' }), SEGMENTS).ok).toBe(true);
  });

  it('leaves the .zip check to the back end, which says it in words', () => {
    expect(exportRequest(1, form({ path: '/tmp/locker-room' }), SEGMENTS).ok).toBe(true);
  });
});

describe('checkbox lists', () => {
  it('adds in the given order and removes', () => {
    expect(toggled(['csv'], 'jspf', true, ['jspf', 'xspf', 'm3u8', 'csv'])).toEqual(['jspf', 'csv']);
    expect(toggled(['jspf', 'csv'], 'csv', false, ['jspf', 'xspf', 'm3u8', 'csv'])).toEqual(['jspf']);
    expect(toggled([2], 2, true, [0, 1, 2])).toEqual([2]);
  });
});

describe('package file names and paths', () => {
  it('names the package after the playlist, without characters file systems refuse', () => {
    expect(packageFileName('Locker Room')).toBe('Locker Room.zip');
    expect(packageFileName('AC/DC: "Best of"?')).toBe('AC-DC - Best of.zip');
    expect(packageFileName('Rock - Roll')).toBe('Rock - Roll.zip');
    expect(packageFileName('  ..  ')).toBe('playlist.zip');
    expect(packageFileName('Tab\there')).toBe('Tab-here.zip');
  });

  it('puts it beside the workspace by default', () => {
    expect(defaultPackagePath('/home/ed/Workspaces/Summer.segue', 'Locker Room')).toBe('/home/ed/Workspaces/Locker Room.zip');
    expect(defaultPackagePath('/demo.segue', 'Mix')).toBe('/Mix.zip');
    expect(defaultPackagePath('C:\\Users\\ed\\w.segue', 'Mix')).toBe('C:\\Users\\ed\\Mix.zip');
    expect(defaultPackagePath(undefined, 'Mix')).toBe('');
    expect(defaultPackagePath('w.segue', 'Mix')).toBe('');
    expect(folderOf('/a/b/c.zip')).toBe('/a/b');
  });

  it('appends .zip to a chosen path that lacks it', () => {
    expect(withZipExtension('/tmp/Locker Room')).toBe('/tmp/Locker Room.zip');
    expect(withZipExtension('/tmp/Locker Room.ZIP')).toBe('/tmp/Locker Room.ZIP');
    expect(withZipExtension('/tmp/a.zip.bak')).toBe('/tmp/a.zip.bak.zip');
  });
});

const problem = (patch: Partial<Problem>): Problem => ({ fault: 'checksum', file: null, line: null, field: null, message: 'wrong', ...patch });
const report = (patch: Partial<VerifyReport> = {}): VerifyReport => ({
  package: '/tmp/a.zip', ok: true, formatVersion: 1, seed: 'Locker Room', variants: 6, filesChecked: 29, sha256: 'ab'.repeat(32), problems: [], ...patch,
});

describe('verification wording', () => {
  it('prints a problem as segue verify does', () => {
    expect(problemText(problem({ message: 'not a zip archive' }))).toBe('not a zip archive');
    expect(problemText(problem({ file: 'seed.csv', line: 3, field: 'track_id', message: 'empty' }))).toBe('seed.csv, line 3, field track_id: empty');
    expect(problemText(problem({ file: 'manifest.json', field: 'formatVersion', message: 'format version 9 is not one this Segue reads' }))).toBe(
      'manifest.json, field formatVersion: format version 9 is not one this Segue reads',
    );
  });

  it('sums up a verification', () => {
    expect(verifySummary(report())).toBe('Verified: 29 files, 6 variants');
    expect(verifySummary(report({ filesChecked: 1, variants: 1 }))).toBe('Verified: 1 file, 1 variant');
    expect(verifySummary(report({ ok: false, problems: [problem({})] }))).toBe('Not verified: one problem');
    expect(verifySummary(report({ ok: false, problems: [problem({}), problem({})] }))).toBe('Not verified: 2 problems');
  });

  it('notices a package that changed since it was exported', () => {
    expect(shaMismatch('AB'.repeat(32), report())).toBe(false);
    expect(shaMismatch('cd'.repeat(32), report())).toBe(true);
    expect(shaMismatch('cd'.repeat(32), report({ sha256: null }))).toBe(false);
  });
});
