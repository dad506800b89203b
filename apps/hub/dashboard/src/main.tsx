import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ReviewCountProvider } from './review-count';
import { RouterProvider } from './router';
import { SessionProvider } from './session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <ReviewCountProvider>
          <App />
        </ReviewCountProvider>
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
