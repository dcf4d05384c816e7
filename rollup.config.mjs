// Two builds from one source:
// 1. dist/: ESM modules for npm (one file per source module, dependencies external, so a bundler
//    tree-shakes what an app does not import); `tsc -p tsconfig.build.json` adds the .d.ts files.
//    The `css` and `html` literals are minified here already: an app's bundler would not.
// 2. dist/cdn/saleday.js: one self-contained, minified classic script for a merchant's <script>,
//    in English; dist/cdn/translations/<lang>.js adds a language to a page (before or after the
//    main file), dist/cdn/saleday.<lang>.js is the main file with one language, in one file, and
//    dist/cdn/saleday.hydrate.js the main file that also takes over server-rendered elements.
import { readFileSync, readdirSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import * as lightningcss from 'lightningcss';
import minifyTemplateLiterals from 'rollup-plugin-minify-template-literals';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));
const target = 'es2022';

/** The languages shipped besides English, one file each in src/translations/. */
export const languages = readdirSync('src/translations')
  .map((file) => file.replace(/\.ts$/, ''))
  .filter((language) => language !== 'en')
  .sort();

/** Entry points of the npm build (the `exports` map of package.json points at them). */
export const entries = {
  index: 'src/index.ts',
  'core/index': 'src/core/index.ts',
  'define/countdown': 'src/define/countdown.ts',
  'define/deal-card': 'src/define/deal-card.ts',
  'define/live-counter': 'src/define/live-counter.ts',
  'define/buy-button': 'src/define/buy-button.ts',
  'define/all': 'src/define/all.ts',
  hydrate: 'src/hydrate.ts',
  'ssr/index': 'src/ssr/index.ts',
  ...Object.fromEntries(
    ['en', ...languages].map((language) => [
      `translations/${language}`,
      `src/translations/${language}.ts`,
    ]),
  ),
};

/** What minify-literals puts in a literal where a `${...}` stood. */
const SLOT = '@TEMPLATE_EXPRESSION();';
/** The same slot carried through lightningcss as a declaration it keeps in place. */
const CSS_SLOT = '--saleday-template-slot:0';

/**
 * Minifies the text of a `css` literal with lightningcss (a real CSS parser: quoted strings and
 * everything else keep their meaning). A `${...}` in a `css` literal must stand alone in its
 * block (Lit's way of sharing a list of declarations, as the dark tokens do), so that no
 * reordering of declarations can move it; anything else fails the build with a clear message.
 */
function minifyCssLiteral(text) {
  const code = Buffer.from(text.replaceAll(SLOT, `${CSS_SLOT};`));
  const options = { filename: 'css-literal.css', minify: true, errorRecovery: false };
  // A literal of declarations only (no block) is minified as a style attribute's contents.
  const minified = (
    text.includes('{')
      ? lightningcss.transform({ ...options, code })
      : lightningcss.transformStyleAttribute({ ...options, code })
  ).code.toString();
  const slots = text.split(SLOT).length - 1;
  const alone = text.includes('{')
    ? minified.split(`{${CSS_SLOT}}`).length - 1
    : Number(minified === CSS_SLOT);
  if (slots !== alone) {
    throw new Error(
      `a \${...} in a css literal must stand alone in its block (lightningcss may reorder declarations): ${text}`,
    );
  }
  return minified.replaceAll(CSS_SLOT, SLOT.slice(0, -1));
}

/**
 * Minifies the `css` and `html` tagged templates of our components: CSS with lightningcss,
 * HTML with html-minifier-terser (through minify-literals, which parses the literals and keeps
 * Lit's bindings in place). Whitespace between inline elements keeps its one space; attributes
 * keep their quotes and empty values (`alt=""` means something).
 */
const minifyLiterals = () =>
  minifyTemplateLiterals({
    include: ['src/components/**/*.ts'],
    failOnError: true,
    options: {
      minifyOptions: {
        minifyCSS: minifyCssLiteral,
        removeEmptyAttributes: false,
        minifyJS: false,
        conservativeCollapse: false,
      },
    },
  });

/** Minifies a CDN file as the main one is. */
const minify = () =>
  terser({
    ecma: 2022,
    compress: { passes: 2, unsafe_arrows: true },
    format: { comments: false },
  });

const withoutMapComment = (code) => code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '');

/**
 * Writes `saleday.<lang>.js` beside the translation file just built: `saleday.js` (built
 * before), then the translation, then a call that makes the language the default locale when the
 * script tag names none, so that one tag and one Subresource Integrity hash give a page in that
 * language. A second copy on the page still hands its data-* and its language to the first. Its
 * source map is an index map of the two files' maps.
 */
function withMainFile(language) {
  return {
    name: 'with-main-file',
    generateBundle(_, bundle) {
      const chunk = Object.values(bundle).find((file) => file.type === 'chunk');
      const main = withoutMapComment(readFileSync('dist/cdn/saleday.js', 'utf8'));
      const mainMap = JSON.parse(readFileSync('dist/cdn/saleday.js.map', 'utf8'));
      const file = `saleday.${language}.js`;
      const code = [
        main,
        withoutMapComment(chunk.code),
        `globalThis[Symbol.for("saleday")]?.load(document.currentScript,${JSON.stringify(language)});`,
        `//# sourceMappingURL=${file}.map`,
      ].join('\n');
      this.emitFile({ type: 'asset', fileName: file, source: code });
      const sections = [
        { offset: { line: 0, column: 0 }, map: mainMap },
        { offset: { line: main.split('\n').length, column: 0 }, map: chunk.map },
      ];
      this.emitFile({
        type: 'asset',
        fileName: `${file}.map`,
        source: JSON.stringify({ version: 3, file, sections }),
      });
    },
  };
}

/**
 * One self-contained CDN file: `input` with Lit, nanostores and ky inside, minified, as a classic
 * script (IIFE) with its source map.
 */
function cdnFile(input, file) {
  return {
    input,
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
      esbuild({
        target,
        tsconfig: 'tsconfig.json',
        define: { __VERSION__: JSON.stringify(version) },
      }),
      minifyLiterals(),
    ],
    output: {
      file,
      format: 'iife',
      // A second copy on the page (of this file or another CDN file) only hands its data-*
      // attributes to the first and stops, before any of its modules (Lit included) is evaluated.
      banner:
        '(function(){var s=document.currentScript,g=globalThis[Symbol.for("saleday")];if(g){g.load(s);return}',
      footer: '})();',
      sourcemap: true,
      plugins: [minify()],
    },
  };
}

export default [
  {
    input: entries,
    external: (id) => /^(lit|nanostores|ky|@lit-labs\/[\w-]+)(\/|$)/.test(id),
    plugins: [esbuild({ target, tsconfig: 'tsconfig.json', charset: 'utf8' }), minifyLiterals()],
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      entryFileNames: '[name].js',
      sourcemap: true,
    },
  },
  cdnFile('src/cdn.ts', 'dist/cdn/saleday.js'),
  cdnFile('src/cdn-hydrate.ts', 'dist/cdn/saleday.hydrate.js'),
  // After saleday.js, which each language's `saleday.<lang>.js` starts with.
  ...languages.map((language) => ({
    input: `src/translations/${language}.ts`,
    plugins: [esbuild({ target, tsconfig: 'tsconfig.json' })],
    output: {
      dir: 'dist/cdn',
      entryFileNames: `translations/${language}.js`,
      format: 'iife',
      // A file of data: no strict mode to ask for, and no source map comment to pay for (the
      // map is still written, and saleday.<lang>.js's map points into it).
      strict: false,
      sourcemap: 'hidden',
      plugins: [minify(), withMainFile(language)],
    },
  })),
];
