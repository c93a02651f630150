// The client's source keeps the rules that let it be served without a build step: plain ES2020,
// no import, one export statement at the end (the server wraps the rest into the classic script),
// and TypeScript declarations that cover the whole public API.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parse} from 'acorn';
import {CometD} from './harness.mjs';

const CLIENT = new URL('../../main/resources/io/github/cometdboot/client/', import.meta.url);
const source = readFileSync(new URL('cometd.mjs', CLIENT), 'utf8');
const declarations = readFileSync(new URL('cometd.d.ts', CLIENT), 'utf8');

test('the client is plain ES2020', () => {
    assert.doesNotThrow(() => parse(source, {ecmaVersion: 2020, sourceType: 'module'}));
});

test('no import, and a single export statement that ends the file and names the default export', () => {
    const program = parse(source, {ecmaVersion: 2020, sourceType: 'module'});
    const moduleSyntax = program.body.filter((node) => node.type.startsWith('Import') || node.type.startsWith('Export'));
    assert.equal(moduleSyntax.length, 1);
    const [exported] = moduleSyntax;
    assert.equal(exported, program.body.at(-1));
    assert.equal(exported.type, 'ExportNamedDeclaration');
    assert.equal(exported.declaration, null);
    assert.deepEqual(exported.specifiers.map((specifier) => specifier.exported.name), ['CometD', 'CometDError', 'default']);
});

test('the declarations cover every public method and option', () => {
    const methods = Object.getOwnPropertyNames(CometD.prototype).filter((name) => name !== 'constructor' && !name.startsWith('_'));
    const declaredClass = declarations.slice(declarations.indexOf('export class CometD {'));
    for (const method of methods) {
        assert.match(declaredClass, new RegExp(`\\n    ${method}[<(]`), `${method} is declared`);
    }
    const options = Object.keys(new CometD().getConfiguration());
    const declaredOptions = declarations.slice(declarations.indexOf('export interface Configuration {'));
    for (const option of options) {
        assert.match(declaredOptions, new RegExp(`\\n    ${option}\\??:`), `option ${option} is declared`);
    }
});
