"""Python's own syntax messages (from `ast.parse`) as catalog ids: they read in every language."""

import re
from typing import Any

# First match wins; named groups become the message's placeholders.
MESSAGES: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern), msgid) for pattern, msgid in [
    (r"^invalid syntax$", "err.syntax.invalid"),
    (r"^invalid syntax\. Perhaps you forgot a comma\?$", "err.syntax.comma"),
    (r"^invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?$", "err.syntax.equals"),
    (r"^'(?P<bracket>.)' was never closed$", "err.syntax.unclosed"),
    (r"^unmatched '(?P<bracket>.)'$", "err.syntax.unmatched"),
    (r"^closing parenthesis '(?P<close>.)' does not match opening parenthesis '(?P<open>.)'",
     "err.syntax.mismatch"),
    (r"^unexpected indent$", "err.syntax.indent_unexpected"),
    (r"^expected an indented block after .* on line (?P<after>\d+)$", "err.syntax.indent_expected"),
    (r"^unindent does not match any outer indentation level$", "err.syntax.unindent"),
    (r"^inconsistent use of tabs and spaces in indentation$", "err.syntax.tabs"),
    (r"^unterminated (?:triple-quoted )?string literal", "err.syntax.unterminated_string"),
    (r"^expected '(?P<token>[^']+)'$", "err.syntax.expected"),
    (r"^invalid (?:decimal|hexadecimal|octal|binary) literal$", "err.syntax.number"),
    (r"^invalid digit '.' in (?:octal|binary) literal$", "err.syntax.number"),
    (r"^leading zeros in decimal integer literals", "err.syntax.leading_zero"),
    (r"^invalid character '(?P<char>.+)' \((?P<code>U\+[0-9A-F]+)\)$", "err.syntax.character"),
    (r"^invalid non-printable character (?P<code>U\+[0-9A-F]+)$", "err.syntax.invisible"),
    (r"^cannot assign to ", "err.syntax.assign_target"),
    (r"^unexpected character after line continuation character$", "err.syntax.backslash"),
    (r"^positional argument follows keyword argument", "err.syntax.positional_after_keyword"),
    (r"^unexpected EOF while parsing$", "err.syntax.eof"),
    (r"^too many nested parentheses$", "err.syntax.nesting"),
    (r"^cannot use assignment expressions with", "err.syntax.walrus"),
    (r"^Exceeds the limit \((?P<limit>\d+) digits\) for integer string conversion",
     "err.syntax.long_integer"),
    (r"null bytes$", "err.syntax.null_byte"),
    (r"surrogates not allowed$", "err.syntax.surrogate"),
    (r"^'return' outside function$", "err.syntax.return"),
    (r"^Generator expression must be parenthesized$", "err.syntax.generator"),
    (r"^f-string", "err.syntax.fstring"),
]]


def python_message(message: str | None) -> tuple[str, dict[str, Any]]:
    """The catalog id and placeholders for one of Python's syntax messages."""
    message = message or "invalid syntax"
    for pattern, msgid in MESSAGES:
        if m := pattern.search(message):
            return msgid, m.groupdict()
    return "err.syntax.python", {"detail": message[:1].upper() + message[1:]}
