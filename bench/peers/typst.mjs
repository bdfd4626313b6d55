// bench/peers/typst.mjs: compiles one Typst file to PDF with Typst (the typst.ts node
// compiler, installed into bench/peers/node_modules by bench/peers/run), as one process run:
//
//   node bench/peers/typst.mjs IN.typ OUT.pdf
//
// The fonts are the system's (Noto, Nanum, Noto CJK), the same files Galley uses; the
// workspace is IN's folder, so the document can read the photo beside it. Exits 1 with
// Typst's diagnostics on stderr if the document does not compile.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node typst.mjs IN.typ OUT.pdf');
  process.exit(2);
}
const main = resolve(input);
const compiler = NodeCompiler.create({
  workspace: dirname(main),
  fontArgs: [{
    fontPaths: [
      '/usr/share/fonts/truetype/noto',
      '/usr/share/fonts/truetype/nanum',
      '/usr/share/fonts/opentype/noto',
    ],
  }],
});
// compile() reports errors as a result rather than throwing: print them, then stop.
const result = compiler.compile({ mainFilePath: main });
if (!result.result) {
  const diags = result.takeDiagnostics ? result.takeDiagnostics() : null;
  const list = diags ? compiler.fetchDiagnostics(diags) : [];
  console.error('typst: compile failed');
  for (const d of list) console.error(JSON.stringify(d));
  process.exit(1);
}
writeFileSync(output, compiler.pdf(result.result));
