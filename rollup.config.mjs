// Two builds from one source:
// 1. dist/: ESM modules for npm (one file per source module, dependencies external, so a bundler
//    tree-shakes what an app does not import); `tsc -p tsconfig.build.json` adds the .d.ts files.
// 2. dist/cdn/saleday.js: one self-contained, minified classic script for a merchant's <script>.
import { readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));
const target = 'es2022';

/** Entry points of the npm build (the `exports` map of package.json points at them). */
export const entries = {
  index: 'src/index.ts',
  'core/index': 'src/core/index.ts',
  'define/countdown': 'src/define/countdown.ts',
  'define/deal-card': 'src/define/deal-card.ts',
  'define/live-counter': 'src/define/live-counter.ts',
  'define/buy-button': 'src/define/buy-button.ts',
  'define/all': 'src/define/all.ts',
};

/**
 * Collapses the whitespace of `css` tagged templates (indentation, line breaks and the spaces
 * around punctuation mean nothing there), and the quotes and leading zeros Prettier puts back in
 * the source, so the CDN file ships less.
 */
function minifyCss() {
  return {
    name: 'minify-css',
    transform(code, id) {
      if (!id.includes('/src/components/')) return null;
      const out = code.replace(/\bcss`([^`]*)`/g, (_, body) => {
        const text = body
          .replace(/\/\*[^]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          // [theme='dark'] is [theme=dark] when the value is an identifier; 0.5em is .5em.
          .replace(/([~|^$*]?=)'([a-z][\w-]*)'\]/gi, '$1$2]')
          .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
          .replace(/\s*!important/g, '!important');
        return `css\`${text.trim()}\``;
      });
      return { code: out, map: null };
    },
  };
}

export default [
  {
    input: entries,
    external: (id) => /^(lit|nanostores|ky)(\/|$)/.test(id),
    plugins: [esbuild({ target, tsconfig: 'tsconfig.json' })],
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      entryFileNames: '[name].js',
      sourcemap: true,
    },
  },
  {
    input: 'src/cdn.ts',
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
      minifyCss(),
      esbuild({
        target,
        tsconfig: 'tsconfig.json',
        define: { __VERSION__: JSON.stringify(version) },
      }),
    ],
    output: {
      file: 'dist/cdn/saleday.js',
      format: 'iife',
      // A second copy on the page only hands its data-* attributes to the first and stops,
      // before any of its modules (Lit included) is evaluated.
      banner:
        '(function(){var s=document.currentScript,g=globalThis[Symbol.for("saleday")];if(g){g.load(s);return}',
      footer: '})();',
      sourcemap: true,
      plugins: [
        terser({
          ecma: 2022,
          compress: { passes: 2, unsafe_arrows: true },
          format: { comments: false },
        }),
      ],
    },
  },
];
