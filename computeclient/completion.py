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
from typing import Any, Callable

from computeclient import cache

#: A command's first positional of this metavar completes from these names.
_KIND_OF_METAVAR = {"SERVER": "servers", "FLAVOR": "flavors"}
#: Options whose value is a flavor name, in any command.
_FLAVOR_OPTIONS = ("--flavor",)
_EXTRA_COMMANDS = ("help", "bash-completion", "completion", "cache", "sandbox")


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
    """(every global option, those that take a value)."""
    flags, valued = [], []
    for action in base_parser()._actions:  # noqa: SLF001 - argparse has no public list
        flags += action.option_strings
        if action.nargs != 0:
            valued += action.option_strings
    return sorted(flags), sorted(valued)


def bash_script(commands: dict[str, Callable[..., Any]], base_parser: Callable[[], Any]) -> str:
    options, kinds = describe_commands(commands)
    flags, valued = _globals(base_parser)
    names = sorted(set(commands) | set(_EXTRA_COMMANDS))
    opts = "\n".join(f"  [{shlex.quote(c)}]={shlex.quote(' '.join(o))}"
                     for c, o in sorted(options.items()))
    kind_lines = "\n".join(f"  [{shlex.quote(c)}]={k}" for c, k in sorted(kinds.items()))
    return f"""# compute completion for bash: eval "$(compute completion bash)"
# Names of servers and flavors come from what `compute list`/`show` saw lately.
_compute_commands={shlex.quote(' '.join(names))}
_compute_globals={shlex.quote(' '.join(flags))}
_compute_valued={shlex.quote(' ' + ' '.join(valued) + ' ')}
_compute_flavor_options={shlex.quote(' ' + ' '.join(_FLAVOR_OPTIONS) + ' ')}
declare -gA _compute_opts=(
{opts}
)
declare -gA _compute_kind=(
{kind_lines}
)
_compute_names() {{
  local file="${{XDG_CACHE_HOME:-$HOME/.cache}}/computeclient/names-$1"
  [[ -r $file ]] && cat -- "$file"
}}
_compute() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} cmd="" i kind
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      -*) ;;
      *) if [[ $_compute_valued != *" ${{COMP_WORDS[i-1]}} "* || $i -eq 1 ]]; then
           cmd=${{COMP_WORDS[i]}}; break
         fi ;;
    esac
  done
  local IFS=$'\\n'
  if [[ $_compute_flavor_options == *" $prev "* ]]; then
    COMPREPLY=($(compgen -W "$(_compute_names flavors)" -- "$cur")); return
  fi
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(IFS=' '; compgen -W "$_compute_globals" -- "$cur"))
    else
      COMPREPLY=($(IFS=' '; compgen -W "$_compute_commands" -- "$cur"))
    fi
    return
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
    names = sorted(set(commands) | set(_EXTRA_COMMANDS))
    opts = "\n".join(f"  {shlex.quote(c)} {shlex.quote(' '.join(o))}"
                     for c, o in sorted(options.items()))
    kind_lines = "\n".join(f"  {shlex.quote(c)} {k}" for c, k in sorted(kinds.items()))
    return f"""# compute completion for zsh: eval "$(compute completion zsh)"
# Names of servers and flavors come from what `compute list`/`show` saw lately.
typeset -ga _compute_commands=({' '.join(shlex.quote(n) for n in names)})
typeset -ga _compute_globals=({' '.join(flags)})
typeset -ga _compute_valued=({' '.join(valued)})
typeset -ga _compute_flavor_options=({' '.join(_FLAVOR_OPTIONS)})
typeset -gA _compute_opts
_compute_opts=(
{opts}
)
typeset -gA _compute_kind
_compute_kind=(
{kind_lines}
)
_compute_names() {{
  local file=${{XDG_CACHE_HOME:-$HOME/.cache}}/computeclient/names-$1
  [[ -r $file ]] && print -r -- "$(<$file)"
}}
_compute() {{
  local cmd="" i kind
  for ((i = 2; i < CURRENT; i++)); do
    if [[ ${{words[i]}} != -* ]] &&
       (( i == 2 || ${{_compute_valued[(Ie)${{words[i-1]}}]}} == 0 )); then
      cmd=${{words[i]}}; break
    fi
  done
  if (( ${{_compute_flavor_options[(Ie)${{words[CURRENT-1]}}]}} )); then
    compadd -- ${{(f)"$(_compute_names flavors)"}}; return
  fi
  if [[ -z $cmd ]]; then
    if [[ $PREFIX == -* ]]; then
      compadd -- $_compute_globals
    else
      compadd -- $_compute_commands
    fi
    return
  fi
  if [[ $PREFIX == -* ]]; then
    compadd -- ${{=_compute_opts[$cmd]}}; return
  fi
  kind=${{_compute_kind[$cmd]}}
  [[ -n $kind ]] && compadd -- ${{(f)"$(_compute_names $kind)"}}
  return 0
}}
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

