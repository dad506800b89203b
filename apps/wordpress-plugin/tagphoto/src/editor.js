// A "Generate alt text" button in the image block's sidebar; WordPress's own packages come from the page (wp.*).
import { generateAltText } from './api';

const { addFilter } = window.wp.hooks;
const { createHigherOrderComponent } = window.wp.compose;
const { createElement: h, Fragment, useState } = window.wp.element;
const { InspectorControls } = window.wp.blockEditor;
const { PanelBody, Button, Notice } = window.wp.components;
const { __, sprintf } = window.wp.i18n;

function AltTextPanel({ attributes, setAttributes }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(null);
  if (!attributes.id) return null;
  const run = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const state = await generateAltText(attributes.id, true);
      if (state.status === 'done' && state.altText) setAttributes({ alt: state.altText });
      /* translators: %s: the image's TagPhoto status, e.g. "processing". */
      else setMessage(state.error || sprintf(__('Still %s; try again in a moment.', 'tagphoto'), state.status));
    } catch (error) {
      setMessage(error.message || String(error));
    } finally {
      setBusy(false);
    }
  };
  return h(
    PanelBody,
    { title: __('TagPhoto', 'tagphoto'), initialOpen: true },
    h(
      Button,
      { variant: 'secondary', isBusy: busy, disabled: busy, onClick: run },
      busy ? __('Generating…', 'tagphoto') : __('Generate alt text', 'tagphoto'),
    ),
    message ? h(Notice, { status: 'warning', isDismissible: false }, message) : null,
  );
}

const withAltTextButton = createHigherOrderComponent(
  (BlockEdit) => (props) =>
    props.name !== 'core/image'
      ? h(BlockEdit, props)
      : h(Fragment, null, h(BlockEdit, props), h(InspectorControls, null, h(AltTextPanel, props))),
  'withTagPhotoAltTextButton',
);

addFilter('editor.BlockEdit', 'tagphoto/alt-text-button', withAltTextButton);
