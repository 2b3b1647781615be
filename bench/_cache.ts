import { loadEngine } from '../src/engine.js';
const file = process.argv[2];
const e = loadEngine({ cacheFile: file, onLoad: (h) => console.log(h) });
const a = e.ask('How much FDI was disbursed in the first seven months of 2025?');
console.log(a.answered, JSON.stringify(a.points[0]).slice(0, 150));
