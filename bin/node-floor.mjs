// Plain JavaScript on purpose: it runs before Node has proved it can load TypeScript, on Node 18 and 20 too.

/** The oldest Node that strips TypeScript types by default, which is how llmcompat runs its `.ts` sources. */
export const NODE_FLOOR = '22.18.0';

/**
 * The one sentence to print when `version` (as in `process.versions.node`) is older than the floor, else undefined.
 * @param {string} version
 * @returns {string | undefined}
 */
export function nodeTooOld(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [floorMajor = 0, floorMinor = 0] = NODE_FLOOR.split('.').map(Number);
  if (major > floorMajor || (major === floorMajor && minor >= floorMinor)) return undefined;
  return (
    `llmcompat needs Node.js ${NODE_FLOOR.split('.').slice(0, 2).join('.')} or newer, and this is Node.js ${version}: ` +
    'install Node.js 24 from https://nodejs.org/ or with your version manager (e.g. `nvm install 24`).'
  );
}
