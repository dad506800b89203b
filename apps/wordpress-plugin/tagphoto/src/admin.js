import { generateAltText, tagphoto } from './api';

const { __, sprintf } = window.wp.i18n;

function describe(error) {
  return (error && error.message) || String(error);
}

// Media item / media modal: the (re)generate button rendered by attachment_fields_to_edit.
document.addEventListener('click', async (event) => {
  const button = event.target.closest && event.target.closest('.tagphoto-generate');
  if (!button) return;
  const id = Number(button.dataset.attachment);
  const status = button.closest('td, .setting')?.querySelector('.tagphoto-status');
  button.disabled = true;
  if (status) status.textContent = __('sending…', 'tagphoto');
  try {
    const state = await generateAltText(id, button.dataset.force === '1');
    /* translators: %s: the hub's error message. */
    if (status)
      status.textContent =
        state.status === 'failed' ? sprintf(__('failed: %s', 'tagphoto'), state.error) : state.status;
    const alt = document.querySelector(
      `#attachment-details-two-column-alt-text, #attachment-details-alt-text, #attachment_alt`,
    );
    if (alt && state.altText) {
      alt.value = state.altText;
      // The media modal saves a field on change, like a person typing into it.
      alt.dispatchEvent(new Event('change', { bubbles: true }));
    }
  } catch (error) {
    if (status) status.textContent = describe(error);
  } finally {
    button.disabled = false;
  }
});

// Media library, "Needs review": approve, edit or reject a held suggestion.
document.addEventListener('click', async (event) => {
  const button = event.target.closest && event.target.closest('[data-tagphoto-review]');
  if (!button) return;
  const box = button.closest('.tagphoto-review');
  const result = box.querySelector('.tagphoto-review-result');
  const decision = button.dataset.tagphotoReview;
  box.querySelectorAll('button').forEach((each) => (each.disabled = true));
  try {
    const state = await tagphoto.review(
      Number(box.dataset.attachment),
      decision,
      box.querySelector('.tagphoto-review-alt').value,
    );
    result.textContent =
      decision === 'reject'
        ? __('Rejected: nothing was written.', 'tagphoto')
        : /* translators: %s: the alt text now saved. */ sprintf(__('Saved: %s', 'tagphoto'), state.altText);
    box.dataset.decided = decision;
  } catch (error) {
    result.textContent = describe(error);
    box.querySelectorAll('button').forEach((each) => (each.disabled = false));
  }
});

const testButton = document.getElementById('tagphoto-test-connection');
if (testButton) {
  testButton.addEventListener('click', async () => {
    const out = document.getElementById('tagphoto-test-result');
    out.textContent = __('Testing…', 'tagphoto');
    try {
      const answer = await tagphoto.testConnection();
      out.textContent = answer.message;
    } catch (error) {
      out.textContent = describe(error);
    }
  });
}

const backfill = document.getElementById('tagphoto-backfill');
if (backfill) {
  const bar = document.getElementById('tagphoto-backfill-bar');
  const line = document.getElementById('tagphoto-backfill-status');
  const show = (p) => {
    bar.max = Math.max(1, p.total);
    bar.value = p.done + p.failed;
    line.textContent = sprintf(
      /* translators: 1: backfill state, 2: images tagged, 3: images in the library, 4: failed, 5: pending. */
      __('%1$s: %2$d of %3$d tagged, %4$d failed, %5$d pending', 'tagphoto'),
      p.state,
      p.done,
      p.total,
      p.failed,
      p.pending,
    );
  };
  // While this tab is open it pushes batches itself; the server's per-minute budget and its batch lock still apply.
  const tick = async () => {
    try {
      const p = await tagphoto.backfill();
      show(p.state === 'running' ? await tagphoto.stepBackfill() : p);
    } catch (error) {
      line.textContent = describe(error);
    }
    setTimeout(tick, 3000);
  };
  backfill.addEventListener('click', async (event) => {
    const action = event.target.dataset && event.target.dataset.tagphotoBackfill;
    if (action) show(await tagphoto.controlBackfill(action));
  });
  tick();
}
