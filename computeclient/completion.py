"""`compute completion bash|zsh` and `compute cache show|clear`.

The scripts carry the commands and options of this version, written out
when the script is generated, and read the server and flavor names the
shell kept in its cache (cache.remember_names, on list and show): pressing
Tab never runs Python and never asks the cloud.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from computeclient import cache

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

#: A command's first positional of this metavar completes from these names.
_KIND_OF_METAVAR = {"SERVER": "servers", "FLAVOR": "flavors"}
#: Options whose value is a flavor name, in any command.
_FLAVOR_OPTIONS = ("--flavor",)
_EXTRA_COMMANDS = ("help", "bash-completion", "completion", "cache")


_ACTIONS = {
    "completion": {"bash": "Print the bash script: eval \"$(compute completion bash)\".",
                   "zsh": "Print the zsh script: eval \"$(compute completion zsh)\"."},
    "cache": {"show": "Where the cache is and what it holds (no token is printed).",
              "clear": "Remove cached tokens, microversion ranges and names."},
}


def _parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"compute {command}")
    sub = parser.add_subparsers(dest="action", required=True)
    for action, help_text in _ACTIONS[command].items():
        sub.add_parser(action, help=help_text, description=help_text)
    return parser


def print_help(command: str) -> None:
    _parser(command).print_help()


def describe_commands(commands: dict[str, Callable[..., Any]]) -> tuple[dict[str, list[str]],
                                                               dict[str, str]]:
    """(options of each command, names kind of its first positional)."""
    from computeclient import api_versions

    options: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for name, func in commands.items():
        flags = {"--format", "--column", "-f", "-c", "--help", "-h"}
        first_positional = None
        for variant in api_versions.variants(func):
            for args, kwargs in getattr(variant, "arguments", []):
                dashed = [a for a in args if a.startswith("-")]
                flags.update(dashed)
                if not dashed and first_positional is None:
                    first_positional = kwargs.get("metavar", args[0].upper())
        options[name] = sorted(flags)
        kind = _KIND_OF_METAVAR.get(str(first_positional or "").strip("<>").upper())
        if kind:
            kinds[name] = kind
    return options, kinds


def _globals(base_parser: Callable[[], Any]) -> tuple[list[str], list[str]]:
    """(every global option, those that take a value): computeclient's own,
    the session's and every described auth plugin's (--os-auth-url, ...)."""
    from computeclient import auth_options

    parser = base_parser()
    auth_options.register(parser, auth_options.DEFAULT_AUTH_TYPE)
    flags, valued = set(), set()
    for action in parser._actions:  # noqa: SLF001 - argparse has no public list
        flags.update(action.option_strings)
        if action.nargs != 0:
            valued.update(action.option_strings)
    for options in auth_options.PLUGINS.values():
        for option in options:
            flags.update(option.flags)
            valued.update(option.flags)
    return sorted(flags), sorted(valued)


def _cloud_names() -> list[str]:
    """The clouds of clouds.yaml when the script is written (each new shell's
    eval reads them afresh)."""
    from computeclient import cloud_config
    try:
        _, clouds, _ = cloud_config.load_files()
    except Exception:  # a broken clouds.yaml must not break the script
        return []
    return sorted(str(name) for name in clouds if " " not in str(name))


def _values() -> dict[str, list[str]]:
    """Option -> the values Tab offers for it (fixed when the script is written)."""
    from computeclient import auth_options, output
    formats = list(output.FORMATS)
    return {"-f": formats, "--format": formats, "--os-cloud": _cloud_names(),
            "--os-auth-type": sorted(auth_options.PLUGINS),
            "--os-interface": ["public", "internal", "admin"]}


def _registered_actions() -> dict[str, list[str]]:
    """Each command registered under the `computeclient.commands` entry point
    (`compute sandbox`, when the sandbox is installed) -> the actions it
    declares in its function's `actions` attribute (up, down, ...)."""
    from computeclient import extension
    found = {}
    for name in extension.registered_commands():
        func = extension.load_command(name)
        if func is not None:
            found[name] = [str(action) for action in getattr(func, "actions", ())]
    return found


def _actions(names: list[str], registered: dict[str, list[str]]) -> dict[str, list[str]]:
    """What follows a command that takes an action (`compute cache show`)."""
    return {**{name: actions for name, actions in registered.items() if actions},
            "help": names, "cache": list(_ACTIONS["cache"]),
            "completion": list(_ACTIONS["completion"])}


def _table(entries: dict[str, Any], bash: bool) -> str:
    """Lines of an associative array: bash `[k]=v`, zsh `k v`."""
    def word(value: Any) -> str:
        return shlex.quote(" ".join(value) if isinstance(value, list) else str(value))
    if bash:
        return "\n".join(f"  [{shlex.quote(k)}]={word(v)}" for k, v in sorted(entries.items()))
    return "\n".join(f"  {shlex.quote(k)} {word(v)}" for k, v in sorted(entries.items()))


def bash_script(commands: dict[str, Callable[..., Any]], base_parser: Callable[[], Any]) -> str:
    options, kinds = describe_commands(commands)
    flags, valued = _globals(base_parser)
    registered = _registered_actions()
    names = sorted(set(commands) | set(_EXTRA_COMMANDS) | set(registered))
    return f"""# compute completion for bash: eval "$(compute completion bash)"
# Names of servers and flavors come from what `compute list`/`show` saw lately.
_compute_commands={shlex.quote(' '.join(names))}
_compute_globals={shlex.quote(' '.join(flags))}
_compute_valued={shlex.quote(' ' + ' '.join(valued) + ' ')}
_compute_flavor_options={shlex.quote(' ' + ' '.join(_FLAVOR_OPTIONS) + ' ')}
declare -gA _compute_opts=(
{_table(options, True)}
)
declare -gA _compute_kind=(
{_table(kinds, True)}
)
declare -gA _compute_values=(
{_table(_values(), True)}
)
declare -gA _compute_actions=(
{_table(_actions(names, registered), True)}
)
_compute_names() {{
  local file="${{XDG_CACHE_HOME:-$HOME/.cache}}/computeclient/names-$1"
  [[ -r $file ]] && cat -- "$file"
}}
_compute() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} cmd="" at=0 i kind
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      -*) ;;
      *) if [[ $i -eq 1 || $_compute_valued != *" ${{COMP_WORDS[i-1]}} "* ]]; then
           cmd=${{COMP_WORDS[i]}}; at=$i; break
         fi ;;
    esac
  done
  local IFS=$'\n'
  if [[ $_compute_flavor_options == *" $prev "* ]]; then
    COMPREPLY=($(compgen -W "$(_compute_names flavors)" -- "$cur")); return
  fi
  if [[ -n ${{_compute_values[$prev]+set}} ]]; then
    COMPREPLY=($(IFS=' '; compgen -W "${{_compute_values[$prev]}}" -- "$cur")); return
  fi
  if [[ -z $cmd && $_compute_valued == *" $prev "* ]]; then
    return 0  # a global option's value: nothing known to offer
  fi
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(IFS=' '; compgen -W "$_compute_globals" -- "$cur"))
    else
      COMPREPLY=($(IFS=' '; compgen -W "$_compute_commands" -- "$cur"))
    fi
    return
  fi
  if [[ -n ${{_compute_actions[$cmd]+set}} ]]; then
    (( at == COMP_CWORD - 1 )) &&
      COMPREPLY=($(IFS=' '; compgen -W "${{_compute_actions[$cmd]}}" -- "$cur"))
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(IFS=' '; compgen -W "${{_compute_opts[$cmd]}}" -- "$cur")); return
  fi
  kind=${{_compute_kind[$cmd]}}
  [[ -n $kind ]] && COMPREPLY=($(compgen -W "$(_compute_names "$kind")" -- "$cur"))
  return 0
}}
complete -F _compute compute
"""


def zsh_script(commands: dict[str, Callable[..., Any]], base_parser: Callable[[], Any]) -> str:
    options, kinds = describe_commands(commands)
    flags, valued = _globals(base_parser)
    registered = _registered_actions()
    names = sorted(set(commands) | set(_EXTRA_COMMANDS) | set(registered))
    return f"""# compute completion for zsh: eval "$(compute completion zsh)"
# Names of servers and flavors come from what `compute list`/`show` saw lately.
typeset -ga _compute_commands=({' '.join(shlex.quote(n) for n in names)})
typeset -ga _compute_globals=({' '.join(flags)})
typeset -ga _compute_valued=({' '.join(valued)})
typeset -ga _compute_flavor_options=({' '.join(_FLAVOR_OPTIONS)})
typeset -gA _compute_opts
_compute_opts=(
{_table(options, False)}
)
typeset -gA _compute_kind
_compute_kind=(
{_table(kinds, False)}
)
typeset -gA _compute_values
_compute_values=(
{_table(_values(), False)}
)
typeset -gA _compute_actions
_compute_actions=(
{_table(_actions(names, registered), False)}
)
_compute_names() {{
  local file=${{XDG_CACHE_HOME:-$HOME/.cache}}/computeclient/names-$1
  [[ -r $file ]] && print -r -- "$(<$file)"
}}
_compute() {{
  local cmd="" at=0 i kind prev=${{words[CURRENT-1]}}
  for ((i = 2; i < CURRENT; i++)); do
    if [[ ${{words[i]}} != -* ]] &&
       (( i == 2 || ${{_compute_valued[(Ie)${{words[i-1]}}]}} == 0 )); then
      cmd=${{words[i]}}; at=$i; break
    fi
  done
  if (( ${{_compute_flavor_options[(Ie)$prev]}} )); then
    compadd -- ${{(f)"$(_compute_names flavors)"}}; return
  fi
  if (( ${{+_compute_values[$prev]}} )); then
    compadd -- ${{=_compute_values[$prev]}}; return
  fi
  if [[ -z $cmd ]] && (( ${{_compute_valued[(Ie)$prev]}} )); then
    return 0  # a global option's value: nothing known to offer
  fi
  if [[ -z $cmd ]]; then
    if [[ $PREFIX == -* ]]; then
      compadd -- $_compute_globals
    else
      compadd -- $_compute_commands
    fi
    return
  fi
  if (( ${{+_compute_actions[$cmd]}} )); then
    (( at == CURRENT - 1 )) && compadd -- ${{=_compute_actions[$cmd]}}
    return 0
  fi
  if [[ $PREFIX == -* ]]; then
    compadd -- ${{=_compute_opts[$cmd]}}; return
  fi
  kind=${{_compute_kind[$cmd]}}
  [[ -n $kind ]] && compadd -- ${{(f)"$(_compute_names $kind)"}}
  return 0
}}
# compdef exists once compinit ran; a .zshrc without it gets compinit here.
if ! (( ${{+functions[compdef]}} )); then
  autoload -Uz compinit && compinit -i
fi
compdef _compute compute
"""


def main(command: str, argv: list[str], commands: Callable[[], dict[str, Callable[..., Any]]],
         base_parser: Callable[[], Any]) -> int:
    """Run `compute completion ...` or `compute cache ...`."""
    if not argv:  # say what there is to do, not only that an argument is missing
        lines = "".join(f"\n  {a.ljust(6)} {h}" for a, h in _ACTIONS[command].items())
        print(f"compute {command}: give an action:{lines}", file=sys.stderr)
        return 2
    args = _parser(command).parse_args(argv)
    if args.action == "bash":
        print(bash_script(commands(), base_parser), end="")
    elif args.action == "zsh":
        print(zsh_script(commands(), base_parser), end="")
    elif args.action == "clear":
        removed = cache.clear()
        print(f"Removed {len(removed)} file(s) from {cache.cache_dir()}.")
    else:
        info: dict[str, Any] = cache.describe()
        width = max(len(k) for k in info)
        for key, value in info.items():
            print(f"{key.ljust(width)}  {value}")
    return 0

