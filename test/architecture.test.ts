import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

/** Every .ts file under a folder. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The relative imports of a file, as paths of .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)\.js'/g)].map((m) =>
    normalize(join(dirname(file), `${m[1] as string}.ts`)),
  );
}

/** What a file loads when it is imported: its static, non-type imports (relative ones as .ts paths). */
function loadedBy(file: string): { files: string[]; packages: string[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers = source.statements.flatMap((s) =>
    ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier)
      ? [s.moduleSpecifier.text]
      : ts.isExportDeclaration(s) &&
          !s.isTypeOnly &&
          s.moduleSpecifier &&
          ts.isStringLiteral(s.moduleSpecifier)
        ? [s.moduleSpecifier.text]
        : [],
  );
  return {
    files: specifiers
      .filter((m) => m.startsWith('.'))
      .map((m) => normalize(join(dirname(file), m.replace(/\.js$/, '.ts')))),
    packages: specifiers.filter((m) => !m.startsWith('.') && !m.startsWith('node:')),
  };
}

describe('the shape of the code', () => {
  it('has no two folders of src/app that import each other', () => {
    const folderOf = (f: string) => relative('src/app', f).split('/')[0] as string;
    const edges = new Set<string>();
    for (const f of filesUnder('src/app'))
      for (const t of importsOf(f))
        if (t.startsWith('src/app/') && folderOf(t) !== folderOf(f))
          edges.add(`${folderOf(f)}→${folderOf(t)}`);
    const mutual = [...edges].filter((e) => {
      const [a, b] = e.split('→');
      return (a as string) < (b as string) && edges.has(`${b}→${a}`);
    });
    assert.deepEqual(mutual, []);
  });

  it('keeps benchmarks and shared fixtures off the tests: bench/ and fixtures/ import nothing of test/', () => {
    const offending = [...filesUnder('bench'), ...filesUnder('fixtures')].flatMap((f) =>
      importsOf(f)
        .filter((t) => t.startsWith('test/'))
        .map((t) => `${f} → ${t}`),
    );
    assert.deepEqual(offending, []);
  });

  it('has no import cycle between files of src', () => {
    const files = filesUnder('src');
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => t.startsWith('src/'))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    assert.deepEqual(cycles, []);
  });

  it('keeps every function of src/app under 80 lines', () => {
    const long: string[] = [];
    for (const f of filesUnder('src/app')) {
      const source = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
      const walk = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const lines = line(node.getEnd()) - line(node.getStart()) + 1;
          if (lines > 80) long.push(`${f}:${line(node.getStart()) + 1} (${lines} lines)`);
        }
        ts.forEachChild(node, walk);
      };
      walk(source);
    }
    assert.deepEqual(long, []);
  });

  it('keeps Vietnamese text in the catalogue: no Vietnamese string in src/app', () => {
    // Letters of Vietnamese that English never uses: a string holding one is text for people.
    const vietnamese = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
    const found: string[] = [];
    for (const f of filesUnder('src/app')) {
      const source = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const walk = (node: ts.Node): void => {
        const text =
          ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
            ? node.text
            : ts.isTemplateExpression(node)
              ? [node.head.text, ...node.templateSpans.map((t) => t.literal.text)].join('')
              : '';
        if (vietnamese.test(text))
          found.push(
            `${f}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${text.slice(0, 40)}`,
          );
        ts.forEachChild(node, walk);
      };
      walk(source);
    }
    assert.deepEqual(found, []);
  });

  it('starts the server without the libraries only some requests use (they load at first use)', () => {
    // Each costs 0.1-0.5 s of start-up and memory that most processes never need: documents are
    // drawn, signed and parsed, workbooks written, object storage and mail reached on demand.
    const onDemand = [
      'pdfkit',
      'pdf-lib',
      '@signpdf/signpdf',
      '@signpdf/placeholder-pdf-lib',
      '@signpdf/utils',
      'qrcode',
      'exceljs',
      'file-type',
      'mailparser',
      'nodemailer',
      '@aws-sdk/client-s3',
    ];
    const seen = new Set<string>();
    const loaded = new Set<string>();
    const queue = ['src/cli.ts', 'src/cli/serve.ts'];
    for (let f = queue.pop(); f !== undefined; f = queue.pop()) {
      if (seen.has(f)) continue;
      seen.add(f);
      const { files, packages } = loadedBy(f);
      queue.push(...files);
      for (const p of packages) if (onDemand.includes(p)) loaded.add(`${p} (${f})`);
    }
    assert.ok(seen.size > 100, `followed ${seen.size} files`);
    assert.deepEqual([...loaded], []);
  });
});
