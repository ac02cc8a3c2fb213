import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnv, electronBindingPath, nodeGypArgs, nodeGypCommand } from '../../electron/native/binding';

describe('better-sqlite3 for Electron', () => {
  it('lives in native/electron-<version>/, apart from node_modules', () => {
    expect(electronBindingPath('/app', '45.5.0')).toBe(path.join('/app', 'native', 'electron-45.5.0', 'better_sqlite3.node'));
  });

  it('asks node-gyp for a release build against Electron headers', () => {
    expect(nodeGypArgs('45.5.0')).toEqual([
      'rebuild',
      '--release',
      '--runtime=electron',
      '--target=45.5.0',
      '--dist-url=https://electronjs.org/headers',
      '--jobs=max',
    ]);
  });

  it('drops the npm settings that would override the target, whatever their case', () => {
    const env = buildEnv({
      PATH: '/usr/bin',
      HOME: '/home/me',
      npm_config_nodedir: '/usr',
      NPM_CONFIG_NODEDIR: '/usr',
      npm_config_target: '20.19.0',
      npm_config_runtime: 'node',
      npm_config_disturl: 'https://nodejs.org/dist',
      npm_package_config_node_gyp_nodedir: '/usr',
      npm_config_proxy: 'http://proxy:3128',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', npm_config_proxy: 'http://proxy:3128' });
  });

  it('prefers the node-gyp npm names, then npm’s bundled copy, then npx', () => {
    const node = '/opt/node/bin/node';
    const bundled = path.join('/opt/node/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
    const fromNpm = '/elsewhere/node-gyp.js';
    expect(nodeGypCommand({ npm_config_node_gyp: fromNpm }, node, () => true)).toEqual({ command: node, args: [fromNpm] });
    expect(nodeGypCommand({ npm_config_node_gyp: fromNpm }, node, (f) => f === bundled)).toEqual({
      command: node,
      args: [bundled],
    });
    expect(nodeGypCommand({}, node, () => false).args).toEqual(['--yes', 'node-gyp']);
  });
});
