import { useRef, useState, type DragEvent } from 'react';
import type { ImageView } from '@tagphoto/contracts';
import { answer, hub, messageOf, uploadFile } from '../api';

interface Upload {
  key: string;
  name: string;
  progress: number;
  state: 'uploading' | 'tagging' | 'done' | 'failed';
  message?: string;
}

const POLL_MS = 1000;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls an image until the engine is done with it. */
async function untilFinished(id: string): Promise<ImageView> {
  for (;;) {
    const image = await answer(hub.GET('/v1/images/{id}', { params: { path: { id } } }));
    if (image.status === 'done' || image.status === 'failed') return image;
    await wait(POLL_MS);
  }
}

/**
 * Drop many images at once (or choose them): each uploads with its own progress bar, then waits for its tags.
 * Progress is announced politely, once per step, so a screen reader is not flooded with percentages.
 */
export function UploadZone({ onFinished }: { onFinished: (image: ImageView) => void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState(false);
  const counter = useRef(0);

  const update = (key: string, change: Partial<Upload>) =>
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));

  const start = async (file: File) => {
    counter.current += 1;
    const key = `${counter.current}-${file.name}`;
    setUploads((current) => [...current, { key, name: file.name, progress: 0, state: 'uploading' }]);
    setAnnouncement(`Uploading ${file.name}.`);
    try {
      const accepted = await uploadFile<{ id: string }>('/v1/images', file, (progress) => update(key, { progress }))
        .done;
      update(key, { state: 'tagging', progress: 1 });
      setAnnouncement(`${file.name} uploaded; tagging.`);
      const image = await untilFinished(accepted.id);
      if (image.status === 'done') {
        update(key, { state: 'done', message: image.result?.altText });
        setAnnouncement(`${file.name} tagged.`);
      } else {
        update(key, { state: 'failed', message: image.error ?? 'Tagging failed.' });
        setAnnouncement(`${file.name} could not be tagged.`);
      }
      onFinished(image);
    } catch (error) {
      update(key, { state: 'failed', message: messageOf(error) });
      setAnnouncement(`${file.name} failed: ${messageOf(error)}`);
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
      <h2 id="upload-heading">Tag new images</h2>
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
        <p>Drop images here, or</p>
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
          Choose images
        </label>
      </div>
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label="Uploads">
          {uploads.map((upload) => (
            <li key={upload.key} className={`upload upload-${upload.state}`}>
              <span className="upload-name">{upload.name}</span>
              <progress
                max={1}
                value={upload.state === 'uploading' ? upload.progress : upload.state === 'tagging' ? undefined : 1}
                aria-label={`${upload.name}: ${upload.state === 'uploading' ? 'upload progress' : upload.state}`}
              />
              <span className="upload-state">
                {upload.state === 'uploading' && `Uploading ${Math.round(upload.progress * 100)}%`}
                {upload.state === 'tagging' && 'Uploaded, tagging…'}
                {upload.state === 'done' && 'Tagged'}
                {upload.state === 'failed' && `Failed: ${upload.message ?? ''}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
