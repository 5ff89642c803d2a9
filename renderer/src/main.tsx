// Renderer entry: the app over window.agent, which the preload provides.
import './zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('renderer: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App agent={window.agent} />
  </StrictMode>,
);
