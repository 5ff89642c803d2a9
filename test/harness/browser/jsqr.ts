// jsqr is CommonJS whose types declare an ES default: under NodeNext the default import is the module, at run time it may be the function.
import jsqrModule from 'jsqr';

type Decode = typeof jsqrModule.default;
export const jsQR: Decode = typeof jsqrModule === 'function' ? jsqrModule : jsqrModule.default;
