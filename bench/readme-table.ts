/** Prints the README's bench table from a bench document: `npx tsx bench/readme-table.ts .bench/bench.json`. */
import fs from 'node:fs';
import { readmeTable, type BenchDocument } from './document';

const file = process.argv[2] ?? '.bench/bench.json';
console.log(readmeTable(JSON.parse(fs.readFileSync(file, 'utf8')) as BenchDocument));
