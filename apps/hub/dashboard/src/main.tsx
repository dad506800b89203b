import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app';
import { i18n } from './i18n/i18n';
import { ReviewCountProvider } from './review-count';
import { RouterProvider } from './router';
import { SessionProvider } from './session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <RouterProvider>
        <SessionProvider>
          <ReviewCountProvider>
            <App />
          </ReviewCountProvider>
        </SessionProvider>
      </RouterProvider>
    </I18nextProvider>
  </StrictMode>,
);
