// Imported first: zod decides whether to compile validators with new Function
// when each schema is created, and the renderer's CSP has no 'unsafe-eval'.
import { config } from 'zod';

config({ jitless: true });
