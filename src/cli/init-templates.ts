import type { CatalogEntry } from '../catalog/providers.ts';
import { LIVE_DEFAULTS } from '../config/run-settings.ts';

// What `llmcompat init` writes into a consumer's repository. Every name and number that the harness defines comes
// from the harness (the catalog's key variables and key pages, the live defaults), so the files cannot drift.

/** Where a consumer keeps what llmcompat needs in their repository: the baseline, their own providers' fixtures. */
export const CONSUMER_DIR = 'llmcompat';
export const BASELINE = `${CONSUMER_DIR}/baseline.json`;
export const OWN_FIXTURES = `${CONSUMER_DIR}/fixtures`;

export function configTemplate(): string {
  const n = (value: number) => String(value).replace(/(\d)(?=(\d{3})+$)/g, '$1_');
  return `// llmcompat's settings for this project, written by \`npx llmcompat init\`. Everything is optional: as it
// stands, \`npx llmcompat run\` judges the catalog's providers (\`npx llmcompat list\`) against the fixtures that
// ship with llmcompat, offline, and \`npx llmcompat run --mode live\` against the real endpoints.
// A .ts or .js config is an ES module whether or not package.json says "type": "module".
import { defineConfig } from 'llmcompat';

export default defineConfig({
  providers: {
    // A catalog provider: only its baseUrl and model can change (your gateway, another model).
    // openai: { baseUrl: 'https://gateway.example.com/openai/v1', model: 'gpt-4o-mini' },
    //
    // A provider of your own that speaks the OpenAI chat protocol (or 'anthropic-messages', 'gemini',
    // 'mistral-chat', 'ollama-chat', or an adapter below): protocol, baseUrl and model are required. Every
    // capability is declared unless \`gaps\` names it with the reason, and a declared capability that fails fails
    // the run. \`npx llmcompat probe --base-url <url> --model <model> --key-env <VAR>\` writes this entry for you.
    // Recorded runs replay ${OWN_FIXTURES}/<id>/*.json, which you record once with a key:
    //   npx llmcompat record --provider groq --fixtures ${OWN_FIXTURES}
    //   npx llmcompat run --provider groq --fixtures ${OWN_FIXTURES}
    // groq: {
    //   protocol: 'openai-chat',
    //   baseUrl: 'https://api.groq.com/openai/v1',
    //   keyEnv: 'GROQ_API_KEY',
    //   model: 'llama-3.1-8b-instant',
    //   gaps: { 'structured-output': 'json_schema is not supported for this model' },
    // },
  },

  // Your client library under test: an adapter wraps it (complete, stream) and hands it the harness's fetch.
  // Under a built-in protocol's name it replaces that adapter for every provider of the protocol, and the wire
  // checks still judge the bytes; under a new name it drives the providers whose protocol is that name. See
  // "Bring your own adapter" in llmcompat's README (node_modules/llmcompat/README.md).
  // adapters: { 'openai-chat': myClientAdapter },

  // Live and record modes: the limits of each request (the flags of \`npx llmcompat run --help\` win over these).
  live: {
    // requestTimeoutMs: ${n(LIVE_DEFAULTS.requestTimeoutMs)}, // no response headers within this long fails the request
    // idleTimeoutMs: ${n(LIVE_DEFAULTS.idleTimeoutMs)}, // no body bytes for this long fails the stream
    // retries: ${LIVE_DEFAULTS.retries}, // retries of a 429 or 5xx, Retry-After honoured
    // concurrency: ${LIVE_DEFAULTS.concurrency}, // requests in flight per provider
    // repeat: 3, // run each case 3 times: a cell passes only if every attempt did (pass^3)
    // requireKeys: true, // a provider without its key fails the run instead of being skipped
  },
});
`;
}

/** The catalog's providers grouped by key variable (two Gemini entries share one), in catalog order. */
function byKey(providers: readonly CatalogEntry[]): Map<string, CatalogEntry[]> {
  const groups = new Map<string, CatalogEntry[]>();
  for (const provider of providers) {
    if (!provider.keyEnv) continue;
    groups.set(provider.keyEnv, [...(groups.get(provider.keyEnv) ?? []), provider]);
  }
  return groups;
}

export function envExampleTemplate(providers: readonly CatalogEntry[]): string {
  const lines = [
    '# Keys for llmcompat in live and record modes (`npx llmcompat run --mode live`, `npx llmcompat record`).',
    '# Copy this file to .env and fill in the providers you want to check; a provider without its key is skipped.',
    '# .env holds secrets: keep it out of git (.gitignore). In CI the same names are repository secrets.',
    '',
  ];
  for (const [keyEnv, group] of byKey(providers)) {
    const where = group.find((p) => p.keyUrl)?.keyUrl;
    lines.push(`# ${group.map((p) => p.name).join(', ')}${where ? ` — ${where}` : ''}`, `${keyEnv}=`);
  }
  const keyless = providers.filter((p) => !p.keyEnv);
  if (keyless.length > 0) {
    const where = keyless.find((p) => p.keyUrl)?.keyUrl;
    const models = [...new Set(keyless.map((p) => p.defaultModel))];
    lines.push(
      `# ${keyless.map((p) => p.name).join(', ')}: no key. Install it${where ? ` (${where})` : ''}, start it`,
      `# (\`ollama serve\`) and pull the models: ${models.map((m) => `\`ollama pull ${m}\``).join(', ')}.`,
      '# It is probed first, and skipped when not running.',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function workflowTemplate(providers: readonly CatalogEntry[]): string {
  const secrets = [...byKey(providers).keys()]
    .map((name) => `      ${name}: \${{ secrets.${name} }}`)
    .join('\n');
  return `# llmcompat, written by \`npx llmcompat init\`: which LLM providers do what this project needs, checked in CI.
#   pull requests and pushes: the recorded run, replayed offline from fixtures (no keys, no network); a declared
#            capability that fails fails the job. The reports and JUnit XML are kept as the llmcompat-recorded artifact.
#   nightly: the live run against every provider whose key secret is set, 3 attempts per case, compared with the
#            committed baseline ${BASELINE}: a regression fails the job. Set the secrets you have in
#            Settings → Secrets and variables → Actions, under the names of .env.example.
name: llmcompat

on:
  pull_request:
  push:
    branches: [main]
  schedule:
    - cron: "23 4 * * *"
  workflow_dispatch:

permissions:
  contents: read

jobs:
  recorded:
    if: github.event_name == 'pull_request' || github.event_name == 'push'
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
          cache: npm
      - run: npm ci
      # The matrix on the log and in the job summary; reports/conformance.{json,md}, index.html, junit.xml.
      - run: npx llmcompat run --junit reports/junit.xml
      # Providers of your own replay the fixtures you recorded into ${OWN_FIXTURES} (see llmcompat.config.ts):
      # - run: npx llmcompat run --provider groq --fixtures ${OWN_FIXTURES} --out reports/own --junit reports/own/junit.xml
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: llmcompat-recorded
          path: reports/
          if-no-files-found: ignore

  nightly:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    timeout-minutes: 60
    # The keys only here: pull requests never see them. A provider whose secret is not set is skipped (add
    # --require-keys to the run to make that an error); the Ollama rows need an Ollama server, or are skipped too.
    env:
${secrets}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
          cache: npm
      - run: npm ci
      # The comparison below is the gate: a failure the baseline already has is a known state, a new one is a
      # regression. (Without a baseline yet, this run's own verdict is on its log and in the job summary.)
      - name: Live run, 3 attempts per case
        continue-on-error: true
        run: npx llmcompat run --mode live --repeat 3 --junit reports/junit.xml
      # The baseline is the state you accepted, committed as ${BASELINE}. The first nightly has none: download
      # conformance.json from its llmcompat-nightly artifact, read its matrix (conformance.md), then
      #   mkdir -p ${CONSUMER_DIR} && cp ~/Downloads/conformance.json ${BASELINE}
      #   git add ${BASELINE} && git commit -m "llmcompat: baseline from the nightly of <date>"
      # Later, accept a new state (a provider fixed a bug) the same way, or with
      #   npx llmcompat compare ${BASELINE} ~/Downloads/conformance.json --update-baseline
      - name: Compare with the committed baseline
        run: |
          if [ -f ${BASELINE} ]; then
            npx llmcompat compare ${BASELINE} reports/conformance.json --markdown reports/compare.md
          else
            echo "::notice title=llmcompat::No ${BASELINE} yet: commit conformance.json of this run's llmcompat-nightly artifact as ${BASELINE} to start comparing."
          fi
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: llmcompat-nightly
          path: reports/
          if-no-files-found: ignore
`;
}
