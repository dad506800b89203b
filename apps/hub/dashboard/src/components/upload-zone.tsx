import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageView } from '@tagphoto/contracts';
import pLimit from 'p-limit';
import { answer, hub, messageOf, uploadFile } from '../api';

interface Upload {
  key: string;
  name: string;
  progress: number;
  state: 'queued' | 'uploading' | 'tagging' | 'done' | 'failed';
  message?: string;
}

/** Files sent at once; the others wait their turn, so a hundred dropped files do not all start together. */
export const PARALLEL_UPLOADS = 3;
/** Asking for tags starts quick (most images take a second) and slows down, so a long batch does not flood the hub. */
const FIRST_POLL_MS = 500;
const LONGEST_POLL_MS = 5000;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls an image until the engine is done with it. */
async function untilFinished(id: string): Promise<ImageView> {
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, LONGEST_POLL_MS)) {
    const image = await answer(hub.GET('/v1/images/{id}', { params: { path: { id } } }));
    if (image.status === 'done' || image.status === 'failed') return image;
    await wait(delay);
  }
}

/**
 * Drop many images at once (or choose them): each waits for a free upload slot, uploads with its own progress bar,
 * then waits for its tags. Progress is announced politely, once per step, so a screen reader is not flooded.
 */
export function UploadZone({ onFinished }: { onFinished: (image: ImageView) => void }) {
  const { t } = useTranslation();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState(false);
  const counter = useRef(0);
  const uploadSlot = useRef(pLimit(PARALLEL_UPLOADS));

  const update = (key: string, change: Partial<Upload>) =>
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));

  const start = async (file: File) => {
    counter.current += 1;
    const key = `${counter.current}-${file.name}`;
    setUploads((current) => [...current, { key, name: file.name, progress: 0, state: 'queued' }]);
    try {
      const accepted = await uploadSlot.current(() => {
        update(key, { state: 'uploading' });
        setAnnouncement(t('library.upload.announce.uploading', { name: file.name }));
        return uploadFile<{ id: string }>('/v1/images', file, (progress) => update(key, { progress })).done;
      });
      update(key, { state: 'tagging', progress: 1 });
      setAnnouncement(t('library.upload.announce.uploaded', { name: file.name }));
      const image = await untilFinished(accepted.id);
      if (image.status === 'done') {
        update(key, { state: 'done', message: image.result?.altText });
        setAnnouncement(t('library.upload.announce.tagged', { name: file.name }));
      } else {
        update(key, { state: 'failed', message: image.error ?? t('library.upload.taggingFailed') });
        setAnnouncement(t('library.upload.announce.notTagged', { name: file.name }));
      }
      onFinished(image);
    } catch (error) {
      update(key, { state: 'failed', message: messageOf(error) });
      setAnnouncement(t('library.upload.announce.failed', { name: file.name, error: messageOf(error) }));
    }
  };

  const startAll = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) void start(file);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    startAll(event.dataTransfer.files);
  };

  return (
    <section aria-labelledby="upload-heading" className="panel">
      <h2 id="upload-heading">{t('library.upload.heading')}</h2>
      <div
        className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <p>{t('library.upload.drop')}</p>
        <input
          id="upload-files"
          className="file-input"
          type="file"
          accept="image/*"
          multiple
          onChange={(event) => {
            startAll(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
        <label htmlFor="upload-files" className="button">
          {t('library.upload.choose')}
        </label>
      </div>
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label={t('library.upload.uploads')}>
          {uploads.map((upload) => (
            <li key={upload.key} className={`upload upload-${upload.state}`}>
              <span className="upload-name">{upload.name}</span>
              <progress
                max={1}
                value={progressValue(upload)}
                aria-label={t('library.upload.progressLabel', {
                  name: upload.name,
                  state: t(`library.upload.progress.${upload.state}`),
                })}
              />
              <span className="upload-state">
                {t(`library.upload.state.${upload.state}`, {
                  percent: Math.round(upload.progress * 100),
                  error: upload.message ?? '',
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The bar: the bytes sent while uploading, indeterminate while waiting or tagging, full once finished. */
function progressValue(upload: Upload): number | undefined {
  if (upload.state === 'uploading') return upload.progress;
  if (upload.state === 'queued' || upload.state === 'tagging') return undefined;
  return 1;
}
