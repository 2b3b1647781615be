import { measureReady } from './engine-ready.js';
console.log(JSON.stringify(await measureReady(Number(process.argv[2])), null, 1));
