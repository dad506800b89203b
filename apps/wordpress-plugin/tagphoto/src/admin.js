import { generateAltText, tagphoto } from './api';

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
  if (status) status.textContent = 'sending…';
  try {
    const state = await generateAltText(id, button.dataset.force === '1');
    if (status) status.textContent = state.status === 'failed' ? `failed: ${state.error}` : state.status;
    const alt = document.querySelector(`#attachment-details-two-column-alt-text, #attachment-details-alt-text, #attachment_alt`);
    if (alt && state.altText) alt.value = state.altText;
  } catch (error) {
    if (status) status.textContent = describe(error);
  } finally {
    button.disabled = false;
  }
});

const testButton = document.getElementById('tagphoto-test-connection');
if (testButton) {
  testButton.addEventListener('click', async () => {
    const out = document.getElementById('tagphoto-test-result');
    out.textContent = 'Testing…';
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
    line.textContent = `${p.state}: ${p.done} of ${p.total} tagged, ${p.failed} failed, ${p.pending} pending`;
  };
  // While this tab is open it pushes batches itself; the server's per-minute budget still applies.
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
