// `evident completion bash|zsh|fish` (issue #4): the scripts the built CLI prints, loaded into the real
// shells and asked to complete partial command lines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from './support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'evident-completion-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const scripts: Record<string, string> = {};
before(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', shell]);
    assert.equal(result.code, 0, result.stderr);
    scripts[shell] = join(dir, `evident.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
});

function skipUnless(shell: string): string | false {
  if (existsSync(`/usr/bin/${shell}`)) return false;
  if (process.env.CI === 'true') throw new Error(`CI needs /usr/bin/${shell} (apt-get install ${shell})`);
  console.warn(`\n*** ${shell} is not installed: its completion test is SKIPPED ***\n`);
  return `${shell} is not installed`;
}

// Each case: the words typed (the last one being completed) and what must be offered.
const cases: [string[], string[]][] = [
  [['evident', 'att'], ['attest']],
  [['evident', 'attest', 'ju'], ['junit']],
  [['evident', 'attest', 'junit', '--fl'], ['--flow']],
  [
    ['evident', 'attest', 'artifact', '--artifact-type', ''],
    ['dir', 'file', 'oci'],
  ],
  [['evident', 'get', 'trail', 'x', '--output', 'm'], ['markdown']],
  // An option's value that happens to be a command name does not move into that command.
  [['evident', 'attest', 'junit', '--flow', 'attest', '--tr'], ['--trail']],
  [
    ['evident', 'verify', '--output', ''],
    ['json', 'text'],
  ],
  [
    ['evident', 'spool', ''],
    ['flush', 'list'],
  ],
  [['evident', 'completion', 'fis'], ['fish']],
  [
    ['evident', 'snapshot', ''],
    ['docker', 'ecs', 'json', 'k8s', 'lambda', 'paths', 's3'],
  ],
  [
    ['evident', 'create', 'environment', 'prod', '--type', ''],
    ['docker', 'ecs', 'k8s', 'lambda', 'logical', 's3', 'server'],
  ],
  [['evident', 'get', 'sn'], ['snapshot']],
  [['evident', 'get', 'de'], ['deliveries']],
  [['evident', 'list', 'w'], ['webhooks']],
  [['evident', 'delete', ''], ['webhook']],
  [
    ['evident', 'create', 'webhook', 'siem', '--kind', ''],
    ['generic', 'slack'],
  ],
  [
    ['evident', 'snapshot', 'k8s', 'prod', '--exclude-n'],
    ['--exclude-namespace', '--exclude-namespace-regex'],
  ],
];

/** Runs `_evident` as the shell's completion system would, for the words of one case. */
function bashLike(shell: 'bash' | 'zsh', words: string[]): string[] {
  const prelude =
    shell === 'bash'
      ? `source ${scripts.bash}`
      : `autoload -U +X compinit && compinit -u -d ${join(dir, 'zcompdump')}; source ${scripts.zsh}`;
  // zsh's bashcompinit runs completion functions under `emulate sh` (0-based arrays); so does this.
  const call = shell === 'bash' ? '_evident' : 'emulate sh -c _evident';
  const quotedWords = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    `/usr/bin/${shell}`,
    [
      '-c',
      `${prelude}; COMP_WORDS=(${quotedWords}); COMP_CWORD=${words.length - 1}; ${call}; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir } },
  );
  // zsh's compgen leaves matching the typed prefix to zsh itself (compadd); do the same here.
  const typed = words[words.length - 1] ?? '';
  return out
    .split('\n')
    .filter((l) => l !== '' && l.startsWith(typed) && !l.startsWith('evident.') && l !== 'zcompdump')
    .sort();
}

for (const shell of ['bash', 'zsh'] as const) {
  test(`${shell} completes commands, options and choices`, { skip: skipUnless(shell) }, () => {
    for (const [words, expected] of cases)
      assert.deepEqual(bashLike(shell, words), expected, words.join(' '));
  });
}

test('fish completes commands (with descriptions), options and choices', { skip: skipUnless('fish') }, () => {
  for (const [words, expected] of cases) {
    const line = words.join(' ');
    const out = execFileSync('/usr/bin/fish', ['-c', `source ${scripts.fish}; complete -C '${line}'`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
    });
    const offered = out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t')[0] ?? '')
      .filter((c) => !c.startsWith('evident.') && c !== 'zcompdump');
    assert.deepEqual(offered.sort(), expected, line);
    if (line === 'evident att') assert.match(out, /attest\tReport artifacts and attest facts/);
  }
});

test('an unknown shell is refused with the ones there are', async () => {
  const result = await runCli(['completion', 'powershell']);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish/,
  );
});
