import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ConnectionView,
  DriveBackfillProgress,
  DriveFolder,
  DriveFolderPage,
  GoogleDriveStatus,
} from '@tagphoto/contracts';
import { LANGUAGE_NAMES, LANGUAGES } from '@tagphoto/contracts/languages';
import type { TFunction } from 'i18next';
import { answer, hub, messageOf } from '../api';
import { useApiGet } from '../use-api-get';
import { Choice, Notice } from './page';

/** How often a running backfill's progress is asked for. */
const PROGRESS_MS = 2000;

/** The top of the account's Drive; its name ("My Drive") is the dashboard's, in the dashboard's language. */
const ROOT: DriveFolder = { id: 'root', name: '' };

type Settings = GoogleDriveStatus['settings'];

/** What can go into each file's description, in the order offered. */
const DESCRIPTIONS: ReadonlyArray<Settings['description']> = ['alt_text_and_tags', 'alt_text', 'off'];

function progressText(t: TFunction, backfill: DriveBackfillProgress, name: string): string {
  const counts = {
    name,
    count: backfill.seen,
    tagged: backfill.tagged,
    unchanged: backfill.unchanged,
    failed: backfill.failed,
  };
  return backfill.status === 'running'
    ? t('settings.drive.progressRunning', counts)
    : t('settings.drive.progressDone', counts);
}

const folderPage = (connectionId: string, parent: string, pageToken?: string): Promise<DriveFolderPage> =>
  answer(
    hub.GET('/v1/connections/{id}/google-drive/folders', {
      params: { path: { id: connectionId }, query: { parent, pageToken } },
    }),
  );

/** The folders inside one folder, a page at a time, with the way back up and a checkbox to watch each. */
function FolderPicker({
  connectionId,
  chosen,
  onToggle,
}: {
  connectionId: string;
  chosen: readonly string[];
  onToggle: (folder: DriveFolder, watch: boolean) => void;
}) {
  const { t } = useTranslation();
  const folderName = (folder: DriveFolder) => (folder.id === ROOT.id ? t('settings.drive.myDrive') : folder.name);
  const [path, setPath] = useState<DriveFolder[]>([ROOT]);
  const [page, setPage] = useState<DriveFolderPage>();
  const [error, setError] = useState<string>();
  const current = path[path.length - 1];
  // After Open or a step back up, focus goes to the folder now shown (the button pressed is gone).
  const currentCrumb = useRef<HTMLLIElement>(null);
  const moved = useRef(false);
  const go = (next: DriveFolder[]) => {
    moved.current = true;
    setPath(next);
  };
  useEffect(() => {
    if (moved.current) currentCrumb.current?.focus();
  }, [current.id]);

  useEffect(() => {
    folderPage(connectionId, current.id)
      .then((next) => {
        setPage(next);
        setError(undefined);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [connectionId, current.id]);

  /** The next page of the same folder, added to the folders shown. */
  const more = async (pageToken: string) => {
    try {
      const next = await folderPage(connectionId, current.id, pageToken);
      setPage((shown) =>
        shown?.parent === next.parent ? { ...next, folders: [...shown.folders, ...next.folders] } : next,
      );
      setError(undefined);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  // Until the folders of the folder just opened arrive, the previous folder's are not shown as if they were its.
  const folders = page?.parent === current.id ? page.folders : undefined;
  const nextPageToken = page?.parent === current.id ? page.nextPageToken : null;

  const listId = `drive-folders-${connectionId}`;
  return (
    <div className="stack folder-picker">
      <nav aria-label={t('settings.drive.folderPath')}>
        <ol className="folder-path">
          {path.map((folder, index) =>
            index === path.length - 1 ? (
              <li key={folder.id} aria-current="location" ref={currentCrumb} tabIndex={-1}>
                {folderName(folder)}
              </li>
            ) : (
              <li key={folder.id}>
                <button type="button" className="link-button" onClick={() => go(path.slice(0, index + 1))}>
                  {folderName(folder)}
                </button>
              </li>
            ),
          )}
        </ol>
      </nav>
      {error && <Notice kind="error">{error}</Notice>}
      {folders === undefined && !error && <p>{t('settings.drive.loadingFolders', { name: folderName(current) })}</p>}
      {folders?.length === 0 && <p>{t('settings.drive.noFolders', { name: folderName(current) })}</p>}
      {folders && folders.length > 0 && (
        <ul
          id={listId}
          className="folder-list"
          aria-label={t('settings.drive.foldersIn', { name: folderName(current) })}
        >
          {folders.map((folder) => (
            <li key={folder.id}>
              <Choice
                type="checkbox"
                id={`watch-${connectionId}-${folder.id}`}
                label={folder.name}
                checked={chosen.includes(folder.id)}
                onChange={(event) => onToggle(folder, event.target.checked)}
              />
              <button
                type="button"
                onClick={() => go([...path, folder])}
                aria-label={t('settings.drive.openLabel', { name: folder.name })}
              >
                {t('settings.drive.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {nextPageToken && (
        <div>
          <button type="button" onClick={() => void more(nextPageToken)}>
            {t('settings.drive.showMore')}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * A Google Drive connection's settings: the folders to watch, chosen by browsing the account's folders and shown by
 * name; subfolders, language and what is written; and the backfill of the images already there, with its progress.
 */
export function GoogleDriveSettingsPanel({ connection }: { connection: ConnectionView }) {
  const { t } = useTranslation();
  const load = useCallback(
    () => hub.GET('/v1/connections/{id}/google-drive', { params: { path: { id: connection.id } } }),
    [connection.id],
  );
  const { data: status, error, setError, reload } = useApiGet<GoogleDriveStatus>(load);
  // What the owner has changed and not saved yet; the saved settings until then.
  const [edited, setForm] = useState<Settings>();
  const form = edited ?? status?.settings;
  // A folder's name, or null for a saved folder this account cannot see (any more).
  const [names, setNames] = useState<Record<string, string | null>>({});
  const [notice, setNotice] = useState<string>();
  const running = status?.backfills.some((backfill) => backfill.status === 'running') ?? false;

  // Saved folders are stored by id: their names are asked for once.
  const savedFolders = status?.settings.folders.join(',');
  useEffect(() => {
    if (!savedFolders) return;
    for (const folderId of savedFolders.split(',')) {
      answer(
        hub.GET('/v1/connections/{id}/google-drive/folders/{folderId}', {
          params: { path: { id: connection.id, folderId } },
        }),
      )
        .then((folder) => setNames((known) => ({ ...known, [folder.id]: folder.name })))
        .catch(() => setNames((known) => ({ ...known, [folderId]: known[folderId] ?? null })));
    }
  }, [savedFolders, connection.id]);

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, PROGRESS_MS);
    return () => clearTimeout(timer);
  }, [status, running, reload]);

  const toggle = (folder: DriveFolder, watch: boolean) => {
    setNames((known) => ({ ...known, [folder.id]: folder.name }));
    if (!form) return;
    const others = form.folders.filter((folderId) => folderId !== folder.id);
    setForm({ ...form, folders: watch ? [...others, folder.id] : others });
    setNotice(undefined);
  };

  const change = (patch: Partial<Settings>) => {
    if (form) setForm({ ...form, ...patch });
    setNotice(undefined);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    try {
      const saved = await answer(
        hub.PUT('/v1/connections/{id}/google-drive', { params: { path: { id: connection.id } }, body: form }),
      );
      setForm(saved.settings);
      const count = saved.settings.folders.length;
      const watched = saved.settings.folders.map((folderId) =>
        names[folderId] === null ? t('settings.drive.cannotSee') : (names[folderId] ?? folderId),
      );
      setNotice(
        count === 0 ? t('settings.drive.savedNone') : t('settings.drive.saved', { count, folders: watched.join(', ') }),
      );
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const backfill = async () => {
    try {
      await answer(hub.POST('/v1/connections/{id}/google-drive/backfill', { params: { path: { id: connection.id } } }));
      setNotice(t('settings.drive.backfillStarted'));
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const id = `drive-${connection.id}`;
  const nameOf = (folderId: string) => {
    const name = names[folderId];
    return name === null ? t('settings.drive.cannotSee') : (name ?? t('settings.drive.loadingName'));
  };
  const unsaved = form && status && JSON.stringify(form) !== JSON.stringify(status.settings);
  return (
    <section aria-labelledby={`${id}-heading`} className="panel stack">
      <h3 id={`${id}-heading`}>{t('settings.drive.heading', { account: connection.externalAccount })}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      {form && (
        <form className="stack" onSubmit={(event) => void save(event)} aria-label={t('settings.drive.settingsLabel')}>
          <fieldset>
            <legend>{t('settings.drive.foldersLegend')}</legend>
            {form.folders.length === 0 ? (
              <p>{t('settings.drive.noneChosen')}</p>
            ) : (
              <ul className="chosen-folders" aria-label={t('settings.drive.chosenFolders')}>
                {form.folders.map((folderId) => (
                  <li key={folderId}>
                    {nameOf(folderId)}{' '}
                    <button
                      type="button"
                      onClick={() => change({ folders: form.folders.filter((other) => other !== folderId) })}
                      aria-label={t('settings.drive.stopWatching', { name: nameOf(folderId) })}
                    >
                      {t('settings.drive.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <p className="hint">{t('settings.drive.tickHint')}</p>
            <FolderPicker connectionId={connection.id} chosen={form.folders} onToggle={toggle} />
          </fieldset>
          <Choice
            type="checkbox"
            id={`${id}-subfolders`}
            label={t('settings.drive.subfolders')}
            checked={form.includeSubfolders}
            onChange={(event) => change({ includeSubfolders: event.target.checked })}
          />
          <div className="stack">
            <label htmlFor={`${id}-language`}>{t('settings.drive.language')}</label>
            <select
              id={`${id}-language`}
              value={form.language}
              onChange={(event) => change({ language: event.target.value as Settings['language'] })}
            >
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {LANGUAGE_NAMES[language]}
                </option>
              ))}
            </select>
          </div>
          <div className="stack">
            <label htmlFor={`${id}-description`}>{t('settings.drive.descriptionLabel')}</label>
            <select
              id={`${id}-description`}
              value={form.description}
              onChange={(event) => change({ description: event.target.value as Settings['description'] })}
            >
              {DESCRIPTIONS.map((value) => (
                <option key={value} value={value}>
                  {t(`settings.drive.descriptions.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <Choice
            type="checkbox"
            id={`${id}-overwrite`}
            label={t('settings.drive.overwrite')}
            checked={form.overwriteDescriptions}
            onChange={(event) => change({ overwriteDescriptions: event.target.checked })}
          />
          <div>
            <button type="submit">{t('settings.drive.save')}</button>
          </div>
        </form>
      )}
      {status && (
        <div className="stack">
          <h4>{t('settings.drive.existingHeading')}</h4>
          {status.backfills.length === 0 && <p>{t('settings.drive.notBackfilled')}</p>}
          {status.backfills.map((progress) => (
            <p key={progress.folderId} role="status">
              {progressText(t, progress, nameOf(progress.folderId))}
            </p>
          ))}
          {running && <progress aria-label={t('settings.drive.progressLabel')} />}
          {unsaved && <p className="hint">{t('settings.drive.saveFirst')}</p>}
          <div>
            <button
              type="button"
              onClick={() => void backfill()}
              disabled={running || status.settings.folders.length === 0}
            >
              {t('settings.drive.backfill')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
