import { loadKnowledge } from '../src/knowledge/load.js';
import { generateSynthetic } from './synthetic.js';
const r = generateSynthetic(loadKnowledge(), 4);
for (const id of [process.argv[2], process.argv[3]]) for (let c = 0; c < 4; c++) { const f = r.kb.factById.get(c ? `${id}.s${c}` : id)!; console.log(c, f.people, f.place, '|', f.statement.slice(0, 110), '|', f.statementVi.slice(0, 90), f.keywords.join(',')); }
console.log(r.quotesAppended);
