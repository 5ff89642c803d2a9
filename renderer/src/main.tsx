// Renderer entry. Stub: the agent desk and supervisor view arrive with issue #6.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root === null) throw new Error('renderer: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <main>
      <h1>Sentinel Desk</h1>
      <p>The desk arrives with issue #6.</p>
    </main>
  </StrictMode>,
);
