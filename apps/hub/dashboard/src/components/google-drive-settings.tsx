import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type {
  ConnectionView,
  DriveBackfillProgress,
  DriveFolder,
  DriveFolderPage,
  GoogleDriveStatus,
} from '@tagphoto/contracts';
import { LANGUAGE_NAMES, LANGUAGES } from '@tagphoto/contracts/languages';
import { answer, hub, messageOf } from '../api';
import { useApiGet } from '../use-api-get';
import { Choice, Notice } from './page';

/** How often a running backfill's progress is asked for. */
const PROGRESS_MS = 2000;

const ROOT: DriveFolder = { id: 'root', name: 'My Drive' };

type Settings = GoogleDriveStatus['settings'];

const DESCRIPTIONS: Record<Settings['description'], string> = {
  alt_text_and_tags: 'Alt text and the main tags',
  alt_text: 'Alt text only',
  off: 'Nothing (tags go into the file’s properties only)',
};

function progressText(backfill: DriveBackfillProgress, name: string): string {
  const counts = `${backfill.seen} images seen, ${backfill.tagged} tagged, ${backfill.unchanged} already tagged, ${backfill.failed} failed`;
  return `${name}: ${backfill.status === 'running' ? 'tagging' : 'done'} — ${counts}.`;
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
      <nav aria-label="Folder path">
        <ol className="folder-path">
          {path.map((folder, index) =>
            index === path.length - 1 ? (
              <li key={folder.id} aria-current="location" ref={currentCrumb} tabIndex={-1}>
                {folder.name}
              </li>
            ) : (
              <li key={folder.id}>
                <button type="button" className="link-button" onClick={() => go(path.slice(0, index + 1))}>
                  {folder.name}
                </button>
              </li>
            ),
          )}
        </ol>
      </nav>
      {error && <Notice kind="error">{error}</Notice>}
      {folders === undefined && !error && <p>Loading the folders in {current.name}…</p>}
      {folders?.length === 0 && <p>No folders in {current.name}.</p>}
      {folders && folders.length > 0 && (
        <ul id={listId} className="folder-list" aria-label={`Folders in ${current.name}`}>
          {folders.map((folder) => (
            <li key={folder.id}>
              <Choice
                type="checkbox"
                id={`watch-${connectionId}-${folder.id}`}
                label={folder.name}
                checked={chosen.includes(folder.id)}
                onChange={(event) => onToggle(folder, event.target.checked)}
              />
              <button type="button" onClick={() => go([...path, folder])} aria-label={`Open ${folder.name}`}>
                Open
              </button>
            </li>
          ))}
        </ul>
      )}
      {nextPageToken && (
        <div>
          <button type="button" onClick={() => void more(nextPageToken)}>
            Show more folders
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
  const load = useCallback(
    () => hub.GET('/v1/connections/{id}/google-drive', { params: { path: { id: connection.id } } }),
    [connection.id],
  );
  const { data: status, error, setError, reload } = useApiGet<GoogleDriveStatus>(load);
  // What the owner has changed and not saved yet; the saved settings until then.
  const [edited, setForm] = useState<Settings>();
  const form = edited ?? status?.settings;
  const [names, setNames] = useState<Record<string, string>>({});
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
        .catch(() =>
          setNames((known) => ({ ...known, [folderId]: known[folderId] ?? 'A folder this account cannot see' })),
        );
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
      setNotice(
        count === 0
          ? 'Saved. No folder is watched.'
          : `Saved. Watching ${count} ${count === 1 ? 'folder' : 'folders'}: ${saved.settings.folders
              .map((id) => names[id] ?? id)
              .join(', ')}.`,
      );
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const backfill = async () => {
    try {
      await answer(hub.POST('/v1/connections/{id}/google-drive/backfill', { params: { path: { id: connection.id } } }));
      setNotice('Tagging the images already in the watched folders.');
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const id = `drive-${connection.id}`;
  const nameOf = (folderId: string) => names[folderId] ?? 'Loading the folder’s name…';
  const unsaved = form && status && JSON.stringify(form) !== JSON.stringify(status.settings);
  return (
    <section aria-labelledby={`${id}-heading`} className="panel stack">
      <h3 id={`${id}-heading`}>Google Drive {connection.externalAccount}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      {form && (
        <form className="stack" onSubmit={(event) => void save(event)} aria-label="Google Drive settings">
          <fieldset>
            <legend>Folders to watch</legend>
            {form.folders.length === 0 ? (
              <p>No folder chosen: nothing in this Drive is tagged yet.</p>
            ) : (
              <ul className="chosen-folders" aria-label="Chosen folders">
                {form.folders.map((folderId) => (
                  <li key={folderId}>
                    {nameOf(folderId)}{' '}
                    <button
                      type="button"
                      onClick={() => change({ folders: form.folders.filter((other) => other !== folderId) })}
                      aria-label={`Stop watching ${nameOf(folderId)}`}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <p className="hint">Tick a folder to watch it; Open shows the folders inside it.</p>
            <FolderPicker connectionId={connection.id} chosen={form.folders} onToggle={toggle} />
          </fieldset>
          <Choice
            type="checkbox"
            id={`${id}-subfolders`}
            label="Also watch subfolders (images anywhere inside a chosen folder)"
            checked={form.includeSubfolders}
            onChange={(event) => change({ includeSubfolders: event.target.checked })}
          />
          <div className="stack">
            <label htmlFor={`${id}-language`}>Language of the tags and alt text</label>
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
            <label htmlFor={`${id}-description`}>What goes into each file’s description</label>
            <select
              id={`${id}-description`}
              value={form.description}
              onChange={(event) => change({ description: event.target.value as Settings['description'] })}
            >
              {Object.entries(DESCRIPTIONS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <Choice
            type="checkbox"
            id={`${id}-overwrite`}
            label="Replace descriptions a person wrote"
            checked={form.overwriteDescriptions}
            onChange={(event) => change({ overwriteDescriptions: event.target.checked })}
          />
          <div>
            <button type="submit">Save</button>
          </div>
        </form>
      )}
      {status && (
        <div className="stack">
          <h4>Images already in the folders</h4>
          {status.backfills.length === 0 && <p>The images already in the watched folders have not been tagged.</p>}
          {status.backfills.map((progress) => (
            <p key={progress.folderId} role="status">
              {progressText(progress, nameOf(progress.folderId))}
            </p>
          ))}
          {running && <progress aria-label="Tagging the images already there" />}
          {unsaved && <p className="hint">Save first: tagging uses the saved folders.</p>}
          <div>
            <button
              type="button"
              onClick={() => void backfill()}
              disabled={running || status.settings.folders.length === 0}
            >
              Tag the images already there
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
