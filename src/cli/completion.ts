import type { Command } from 'commander';

/** One command of the tree, as completion needs it. */
interface Node {
  /** Subcommand names from the root, e.g. `attest junit`; '' for `evident` itself. */
  readonly path: string;
  readonly subcommands: readonly { readonly name: string; readonly description: string }[];
  /** The values the command's first argument may take, when it has a fixed set. */
  readonly argumentChoices: readonly string[];
  readonly options: readonly {
    readonly names: readonly string[];
    readonly description: string;
    readonly takesValue: boolean;
    readonly choices: readonly string[];
  }[];
}

function nodesOf(command: Command, path = ''): Node[] {
  const node: Node = {
    path,
    subcommands: command.commands.map((c) => ({ name: c.name(), description: c.description() })),
    argumentChoices: command.registeredArguments[0]?.argChoices ?? [],
    options: [
      ...command.options.map((o) => ({
        names: [o.long, o.short].filter((n): n is string => n !== undefined),
        description: o.description,
        takesValue: o.required || o.optional,
        choices: o.argChoices ?? [],
      })),
      { names: ['--help', '-h'], description: 'show help', takesValue: false, choices: [] },
    ],
  };
  return [
    node,
    ...command.commands.flatMap((c) => nodesOf(c, path === '' ? c.name() : `${path} ${c.name()}`)),
  ];
}

/** Every option that takes a value, anywhere in the tree: its value is skipped when finding the path. */
function valued(nodes: readonly Node[]): string[] {
  return [...new Set(nodes.flatMap((n) => n.options.filter((o) => o.takesValue).flatMap((o) => o.names)))];
}

const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Bash: the words typed so far (leaving out options and their values) are matched against the
 * command tree; then the subcommands or options of that command are offered, an option's choices
 * after it, and file names where a value or argument is free-form.
 */
function bash(nodes: readonly Node[]): string {
  const cases = nodes.map(
    (n) =>
      `    ${quoted(n.path)}) subs=${quoted([...n.subcommands.map((c) => c.name), ...n.argumentChoices].join(' '))}; opts=${quoted(n.options.flatMap((o) => o.names).join(' '))} ;;`,
  );
  const choices = nodes.flatMap((n) =>
    n.options
      .filter((o) => o.choices.length > 0)
      .map(
        (o) =>
          `    ${o.names.map((name) => quoted(`${n.path}|${name}`)).join('|')}) choices=${quoted(o.choices.join(' '))} ;;`,
      ),
  );
  return `# evident completion for bash. Load it with:  source <(evident completion bash)
_evident() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmdpath='' word i skip=0
  local valued=' ${valued(nodes).join(' ')} ' paths=${quoted(`|${nodes.map((n) => n.path).join('|')}|`)}
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      -*) [[ $valued == *" $word "* ]] && skip=1; continue ;;
    esac
    if [[ $paths == *"|\${cmdpath:+$cmdpath }$word|"* ]]; then cmdpath=\${cmdpath:+$cmdpath }$word; else break; fi
  done
  local subs='' opts='' choices=''
  if [[ $valued == *" $prev "* ]]; then
    case "$cmdpath|$prev" in
${choices.join('\n')}
    esac
    if [[ -n $choices ]]; then COMPREPLY=($(compgen -W "$choices" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
    return
  fi
  case "$cmdpath" in
${cases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n $subs ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _evident evident
`;
}

/**
 * Zsh runs the bash function through its bash-completion emulation (zshcompsys "bashcompinit"),
 * so both shells complete from one definition. (Hence no variable named `path`, `options` or
 * `words` in it: zsh reserves those.)
 */
function zsh(nodes: readonly Node[]): string {
  return `# evident completion for zsh. Load it with:  source <(evident completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(nodes).replace(/^# .*\n/, '')}`;
}

/**
 * Fish: \`__evident_path\` finds the command typed so far the same way as in bash; each command's
 * subcommands and options are declared with \`complete\`, conditioned on that path.
 */
function fish(nodes: readonly Node[]): string {
  const lines = nodes.flatMap((n) => {
    const at = `-n ${quoted(`__evident_at ${quoted(n.path)}`)}`;
    return [
      ...n.subcommands.map(
        (c) => `complete -c evident -f ${at} -a ${quoted(c.name)} -d ${quoted(c.description)}`,
      ),
      ...(n.argumentChoices.length > 0
        ? [`complete -c evident -f ${at} -a ${quoted(n.argumentChoices.join(' '))}`]
        : []),
      ...n.options.map((o) => {
        const names = o.names.map((name) =>
          name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`,
        );
        const value =
          o.choices.length > 0 ? ` -x -a ${quoted(o.choices.join(' '))}` : o.takesValue ? ' -r' : '';
        return `complete -c evident ${at} ${names.join(' ')}${value} -d ${quoted(o.description)}`;
      }),
    ];
  });
  return `# evident completion for fish. Load it with:  evident completion fish | source
function __evident_path
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path
    set -l skip 0
    for token in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        if contains -- $token ${valued(nodes).join(' ')}
            set skip 1
            continue
        end
        string match -q -- '-*' $token; and continue
        set -l candidate (string join ' ' $path $token)
        contains -- $candidate ${nodes.map((n) => quoted(n.path)).join(' ')}; or break
        set path $path $token
    end
    string join ' ' $path
end
function __evident_at
    set -l path (__evident_path)
    test "$path" = "$argv[1]"
end
${lines.join('\n')}
`;
}

const SHELLS = { bash, zsh, fish } as const;
export type Shell = keyof typeof SHELLS;

/** The completion script for `shell`, generated from the command tree `root`. */
export function completionScript(root: Command, shell: Shell): string {
  return SHELLS[shell](nodesOf(root));
}
